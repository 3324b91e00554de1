// HTTP mode end to end: the official SDK client (StreamableHTTPClientTransport) lists and calls the
// tools of the built server, stateless and --stateful; the cap on concurrent calls and the
// per-request deadline answer for themselves; SIGTERM lets a call in flight finish, then exits 0.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ENV_PREFIX } from '../../src/config.js';
import { startFakeUpstream, type FakeUpstream } from '@mcp-factory/runtime/testing';
import { startHttpServer, type HttpServerProcess } from '../harness/httpServer.js';
import { okBody, route, sampleArguments, tool, expectedStructured } from '../fixtures/upstream.js';
import { credentialEnv, secretValues } from '../fixtures/credentials.js';

const TOKEN = 'client-test-token-0123456789abcdef';
let upstream: FakeUpstream;
let upstreamDelayMs = 0;
let env: Record<string, string>;
const servers: HttpServerProcess[] = [];

async function start(args: string[], extra: Record<string, string> = {}): Promise<HttpServerProcess> {
  const server = await startHttpServer(args, { ...env, ...extra });
  servers.push(server);
  return server;
}

async function connect(server: HttpServerProcess, options: { token?: string; modern?: boolean } = {}) {
  const client = new Client(
    { name: 'http-test', version: '1.0.0' },
    options.modern ? { versionNegotiation: { mode: 'auto' } } : undefined,
  );
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }));
  return client;
}

async function listAndCall(client: Client) {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toContain(tool);
  const result = await client.callTool({ name: tool, arguments: sampleArguments });
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent).toEqual(expect.objectContaining(expectedStructured));
}

/** A raw tools/call, for answers the SDK client turns into exceptions (503, 504). */
const rawCall = (server: HttpServerProcess) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: tool, arguments: sampleArguments },
    }),
  });

beforeAll(async () => {
  upstream = await startFakeUpstream((req) =>
    req.path === route.path ? { body: okBody, delayMs: upstreamDelayMs } : { status: 404, body: {} },
  );
  env = { ...(await credentialEnv()), [`${ENV_PREFIX}_BASE_URL`]: upstream.url, [`${ENV_PREFIX}_LOG_LEVEL`]: 'debug' };
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
  await upstream.close();
});

describe('the official client over Streamable HTTP', () => {
  it('lists and calls tools on a stateless server (2025-era and 2026-era clients), with a bearer token', async () => {
    const server = await start([], { [`${ENV_PREFIX}_HTTP_TOKENS`]: TOKEN });
    for (const modern of [false, true]) {
      const client = await connect(server, { token: TOKEN, modern });
      await listAndCall(client);
      await client.close();
    }
    for (const secret of [TOKEN, ...secretValues]) expect(server.stderr()).not.toContain(secret);
    expect(await server.kill('SIGTERM')).toBe(0);
  });

  it('lists and calls tools on a --stateful server, in one session', async () => {
    const server = await start(['--stateful']);
    const client = await connect(server);
    const transport = client.transport as StreamableHTTPClientTransport;
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await listAndCall(client);
    await listAndCall(client);
    await transport.terminateSession();
    const stale = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': transport.sessionId ?? 'gone',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(stale.status).toBe(404);
    await client.close();
    expect(await server.kill('SIGTERM')).toBe(0);
  });
});

describe('load limits', () => {
  it('answers 503 with Retry-After beyond the cap on concurrent calls, and cuts a call off at the deadline', async () => {
    const server = await start([], {
      [`${ENV_PREFIX}_HTTP_MAX_CONCURRENT`]: '1',
      [`${ENV_PREFIX}_HTTP_REQUEST_TIMEOUT_MS`]: '1500',
    });
    upstreamDelayMs = 800;
    const first = rawCall(server);
    await new Promise((r) => setTimeout(r, 200));
    const second = await rawCall(server);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(200);
    // Past the deadline the answer is cut: a 504 when nothing was sent yet, else the stream is closed
    // (this one is an SSE stream whose headers already went out), long before the upstream answers.
    upstreamDelayMs = 4000;
    const startedAt = Date.now();
    const late = await rawCall(server).then(
      async (response) => (response.status === 504 ? 'cut' : `${response.status} ${await response.text()}`),
      () => 'cut',
    );
    expect(late).toBe('cut');
    expect(Date.now() - startedAt).toBeLessThan(3500);
    expect(server.stderr()).toContain('request exceeded 1500 ms');
    upstreamDelayMs = 0;
    expect(await server.kill('SIGTERM')).toBe(0);
  });
});

describe('shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s answers 503 to new calls, finishes the call in flight, then exits 0',
    async (signal) => {
      const server = await start([]);
      const client = await connect(server);
      upstreamDelayMs = 1000;
      const call = client.callTool({ name: tool, arguments: sampleArguments });
      await new Promise((r) => setTimeout(r, 300));
      const exited = server.kill(signal);
      await new Promise((r) => setTimeout(r, 100));
      // Draining: out of the load balancer's rotation, new calls refused in a way it may retry elsewhere.
      expect((await fetch(`${server.origin}/readyz`)).status).toBe(503);
      const refused = await rawCall(server);
      expect([refused.status, refused.headers.get('connection')]).toEqual([503, 'close']);
      const result = await call;
      expect(result.structuredContent).toEqual(expect.objectContaining(expectedStructured));
      expect(await exited).toBe(0);
      expect(server.stderr()).toContain('draining 1 request(s)');
      await expect(fetch(`${server.origin}/healthz`)).rejects.toThrow(); // closed once drained
      upstreamDelayMs = 0;
    },
  );
});
