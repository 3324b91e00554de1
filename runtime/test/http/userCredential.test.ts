// Per-user upstream credentials over real HTTP: with <PREFIX>_HTTP_USER_CREDENTIAL_HEADER set, each inbound
// request's header value is what its tool calls send upstream, placed as the auth scheme places its key, never
// the shared key. Two official clients with different credentials call at once, interleaved, in both modes; a
// request without the header gets a clear error. The upstream is a real local server that echoes what it got.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { defineTool } from '../../src/defineTool.js';
import { HttpOptionsError, loadHttpOptions, startHttpServer, type HttpServerHandle } from '../../src/http/index.js';
import { createUpstreamClient, type Auth } from '../../src/upstream.js';
import { testConfig } from '../helpers/config.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { it } from '../../../test/helpers/timeouts.js';

const SHARED = 'shared-key-never-sent-in-per-user-mode';
let upstreamServer: http.Server;
let upstreamUrl: string;
const handles: HttpServerHandle[] = [];

beforeAll(async () => {
  upstreamServer = http.createServer((req, res) => {
    // A random delay: the two users' calls overlap and finish out of order.
    const said = JSON.stringify({ authorization: req.headers.authorization ?? null });
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(said), Math.random() * 5);
  });
  upstreamUrl = await listenLocal(upstreamServer);
});
afterAll(async () => {
  await Promise.all(
    handles.map(async (handle) => {
      const closed = new Promise((resolve) => handle.server.once('close', resolve));
      await handle.drain();
      await closed;
    }),
  );
  await closeLocal(upstreamServer);
});

function newServer(): McpServer {
  const auth: Auth = {
    apply: (_url, headers) => void (headers.authorization = `Bearer ${SHARED}`),
    refresh: async () => false,
    applyUser: (credential, _url, headers) => void (headers.authorization = `Bearer ${credential}`),
  };
  const config = testConfig({ baseUrl: upstreamUrl, retry: { maxAttempts: 1 } });
  const upstream = createUpstreamClient(config, { auth, missing: () => [] });
  const whoami = defineTool({
    name: 'whoami',
    description: 'What the upstream received',
    inputSchema: z.object({}),
    async run(_input, { upstream: up, signal }) {
      const said = await up.request<{ authorization: string }>({ path: '/echo', route: '/echo', signal });
      return { content: [{ type: 'text', text: said.authorization }] };
    },
  });
  const server = new McpServer({ name: 'per-user', version: '1' }, { capabilities: { tools: {} } });
  whoami.register(server, { config, upstream });
  return server;
}

async function serve(stateful: boolean): Promise<URL> {
  const flags = ['node', 'server', '--http', '--port', '0', ...(stateful ? ['--stateful'] : [])];
  const options = loadHttpOptions('TEST', flags, {
    TEST_HTTP_USER_CREDENTIAL_HEADER: 'X-Upstream-Key',
    TEST_HTTP_DRAIN_MS: '1',
    TEST_HTTP_MAX_CONCURRENT: '256',
  });
  const handle = await startHttpServer(newServer, options);
  handles.push(handle);
  const address = handle.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return new URL(`http://127.0.0.1:${port}/mcp`);
}

async function connect(endpoint: URL, key?: string): Promise<Client> {
  const client = new Client({ name: 'per-user-test', version: '1' });
  const headers: Record<string, string> = key ? { 'x-upstream-key': key } : {};
  await client.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }));
  return client;
}

const said = (result: { content?: unknown }) => (result.content as Array<{ text: string }>)[0].text;

describe('per-user upstream credentials in HTTP mode', () => {
  it.each([false, true])(
    'two users calling at once (stateful: %s): every upstream call carries its own user key, 0 mix-ups',
    async (stateful) => {
      const endpoint = await serve(stateful);
      const users = { ada: 'ada-upstream-key-1a2b', bob: 'bob-upstream-key-3c4d' };
      const ada = await connect(endpoint, users.ada);
      const bob = await connect(endpoint, users.bob);
      const calls = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 'bob' : 'ada') as 'ada' | 'bob');
      const results = await Promise.all(
        calls.map(async (user) => {
          const result = await (user === 'ada' ? ada : bob).callTool({ name: 'whoami', arguments: {} });
          return said(result) === `Bearer ${users[user]}`;
        }),
      );
      expect(results.filter((ok) => !ok)).toHaveLength(0);
      expect(results).toHaveLength(400);
      await Promise.all([ada.close(), bob.close()]);
    },
    120_000,
  );

  it('a request without the header gets an error naming it, never the shared key', async () => {
    const client = await connect(await serve(false));
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.isError).toBe(true);
    expect(said(result)).toContain(
      'this request carries no credential for the REST API: send it in the x-upstream-key header',
    );
    expect(said(result)).not.toContain(SHARED);
    await client.close();
  });

  it('refuses Authorization as the credential header when it carries the inbound token', () => {
    const load = () =>
      loadHttpOptions('TEST', ['node', 'server', '--http'], {
        TEST_HTTP_USER_CREDENTIAL_HEADER: 'Authorization',
        TEST_HTTP_TOKENS: 'an-inbound-token-of-enough-length',
      });
    expect(load).toThrow(HttpOptionsError);
    expect(load).toThrow(/Authorization carries the inbound token here/);
  });
});
