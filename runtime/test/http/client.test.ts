// HTTP mode end to end: the official SDK client (StreamableHTTPClientTransport) lists and calls the tools of a
// server started with serveHttp, stateless and --stateful; the cap on concurrent calls and the per-request
// deadline answer for themselves; SIGTERM lets a call in flight finish, then exits 0; a bad setting of the
// server's own config ends the start with one line.
import { afterAll, describe, expect } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { it, scaled } from '../../../test/helpers/timeouts.js';
import { runToExit, startHttpServer, type HttpServerProcess } from './harness.js';

const TOKEN = 'client-test-token-0123456789abcdef';
const servers: HttpServerProcess[] = [];

async function start(args: string[], env: Record<string, string> = {}): Promise<HttpServerProcess> {
  const server = await startHttpServer(args, { TEST_LOG_LEVEL: 'debug', ...env });
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

const call = (client: Client, ms = 0) => client.callTool({ name: 'wait', arguments: { ms } });

async function listAndCall(client: Client) {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toEqual(['wait']);
  const result = await call(client, 1);
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent).toEqual({ waited: 1 });
}

/** A raw tools/call, for answers the SDK client turns into exceptions (503, 504). */
const rawCall = (server: HttpServerProcess, ms: number) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'wait', arguments: { ms } } }),
  });

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
});

describe('the official client over Streamable HTTP', () => {
  it('lists and calls tools on a stateless server (2025-era and 2026-era clients), with a bearer token', async () => {
    const server = await start([], { TEST_HTTP_TOKENS: TOKEN });
    for (const modern of [false, true]) {
      const client = await connect(server, { token: TOKEN, modern });
      await listAndCall(client);
      expect(client.getProtocolEra()).toBe(modern ? 'modern' : 'legacy');
      await client.close();
    }
    expect(server.stderr()).toMatch(/POST \/mcp 200/); // requests were logged...
    expect(server.stderr()).not.toContain(TOKEN); // ...without the token
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
    const deadline = scaled(1500);
    const server = await start([], { TEST_HTTP_MAX_CONCURRENT: '1', TEST_HTTP_REQUEST_TIMEOUT_MS: `${deadline}` });
    const half = Math.round(deadline / 2);
    const first = rawCall(server, half);
    await server.logged(`wait ${half} ms: started`);
    const second = await rawCall(server, 0);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(200);
    // Past the deadline the answer is cut: a 504 when nothing was sent yet, else the stream is closed
    // (this one is an SSE stream whose headers already went out), long before the tool answers (which would be a 200).
    const late = await rawCall(server, deadline * 3).then(
      async (response) => (response.status === 504 ? 'cut' : `${response.status} ${await response.text()}`),
      () => 'cut',
    );
    expect(late).toBe('cut');
    expect(server.stderr()).toContain(`request exceeded ${deadline} ms`);
    expect(await server.kill('SIGTERM')).toBe(0);
  });
});

describe('shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s answers 503 to new calls, finishes the call in flight, closes the setup, then exits 0',
    async (signal) => {
      const server = await start([]);
      const client = await connect(server);
      const ms = scaled(1000);
      const inFlight = call(client, ms);
      await server.logged(`wait ${ms} ms: started`);
      const exited = server.kill(signal);
      await server.logged(`${signal}: stopping`);
      // Draining: out of the load balancer's rotation, new calls refused in a way it may retry elsewhere.
      expect((await fetch(`${server.origin}/readyz`)).status).toBe(503);
      const refused = await rawCall(server, 0);
      expect([refused.status, refused.headers.get('connection')]).toEqual([503, 'close']);
      expect((await inFlight).structuredContent).toEqual({ waited: ms });
      expect(await exited).toBe(0);
      expect(server.stderr()).toContain('draining 1 request(s)');
      expect(server.stderr()).toMatch(/setup closed\n.*stopped/);
      await expect(fetch(`${server.origin}/healthz`)).rejects.toThrow(); // closed once drained
      await client.close();
    },
  );
});

describe('start-up', () => {
  it('warns once about missing credentials and still serves', async () => {
    const server = await start([], { TEST_MISSING: 'TEST_API_KEY' });
    expect(server.stderr()).toContain(
      'TEST_API_KEY not set: tools are listed, but calling one returns an error until set',
    );
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    expect(await server.kill('SIGTERM')).toBe(0);
  });

  it("ends with one line and exit 1 on a bad setting of the server's own config", async () => {
    const { code, stderr } = await runToExit(['--http', '--port', '0'], { TEST_FAIL_CONFIG: '1' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual(['[http-test] error: invalid TEST_BASE_URL: Invalid URL']);
  });
});
