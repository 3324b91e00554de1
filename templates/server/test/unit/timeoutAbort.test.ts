// The upstream timeouts stop the work they time out, against a real local HTTP server: a slow
// attempt's request is aborted on the wire (the server sees its socket close) when the attempt
// timeout or the overall deadline fires. resilience.ts turns off only cockatiel's abort after a
// normal return, when the response has already been read; calls after it reuse their connections.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createUpstream } from '../../src/client.js';
import { ENV_PREFIX, loadConfig } from '../../src/config.js';
import type { UpstreamError } from '../../src/errors.js';
import { credentialEnv } from '../fixtures/credentials.js';

let server: http.Server;
let base: string;
const closedBeforeAnswer: string[] = [];
/** The connections /fast requests arrived on (a socket a client reuses counts once). */
const fastSockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // By path: some auth schemes add the key to the query string.
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/fast') {
      fastSockets.add(req.socket);
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
    // /slow never answers in time; record it if the client gives up first.
    const timer = setTimeout(() => res.writeHead(200).end('{}'), 5000);
    res.on('close', () => {
      clearTimeout(timer);
      if (!res.writableEnded) closedBeforeAnswer.push(path);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

async function upstreamWith(env: Record<string, string>) {
  const config = loadConfig({
    ...(await credentialEnv()),
    [`${ENV_PREFIX}_BASE_URL`]: base,
    [`${ENV_PREFIX}_MAX_ATTEMPTS`]: '1',
    ...Object.fromEntries(Object.entries(env).map(([key, value]) => [`${ENV_PREFIX}_${key}`, value])),
  });
  return createUpstream(config);
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
};

it.each([
  ['the attempt timeout', { TIMEOUT_MS: '100' }],
  ['the overall deadline', { TIMEOUT_MS: '5000', DEADLINE_MS: '100' }],
])('%s aborts the slow request on the wire', async (_name, env) => {
  const before = closedBeforeAnswer.length;
  const upstream = await upstreamWith(env);
  const error = await upstream.request({ path: '/slow' }).catch((e: unknown) => e as UpstreamError);
  expect((error as UpstreamError).kind).toBe('timeout');
  expect(await waitFor(() => closedBeforeAnswer.length > before)).toBe(true);
});

it('calls that return normally keep their connection open for the next ones', async () => {
  const upstream = await upstreamWith({ TIMEOUT_MS: '2000' });
  for (let i = 0; i < 20; i += 1) await expect(upstream.request({ path: '/fast' })).resolves.toEqual({ ok: true });
  // A few connections for all 20: the client's pool may alternate between two (one still finishing
  // the last answer when the next call starts). A client that closed or aborted its connection
  // around each call would need a new one per call.
  expect(fastSockets.size).toBeLessThanOrEqual(2);
});
