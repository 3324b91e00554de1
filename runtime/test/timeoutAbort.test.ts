// The upstream timeouts stop the work they time out, against a real local HTTP server: a slow
// attempt's request is aborted on the wire (the server sees its socket close) when the attempt
// timeout or the overall deadline fires. resilience.ts turns off only cockatiel's abort after a
// normal return, when the response has already been read; calls after it reuse their connections.
import http from 'node:http';
import { expect } from '@jest/globals';
import type { UpstreamError } from '../src/errors.js';
import { testConfig, testUpstream } from './helpers/config.js';
import { closeLocal, listenLocal } from './helpers/localServer.js';
import { afterAll, beforeAll, it } from '../../test/helpers/timeouts.js';

let server: http.Server;
let base: string;
/** Connections that closed without carrying an answer (a request the client gave up on). */
let closedUnanswered = 0;
/** Called on each such close: the tests wait for the event, not for a time. */
let onClosed: () => void = () => undefined;
const answered = new WeakSet<object>();
/** The connections /fast requests arrived on (a socket a client reuses counts once). */
const fastSockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // By path: some auth schemes add the key to the query string.
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/fast') {
      fastSockets.add(req.socket);
      answered.add(req.socket);
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
    // /slow never answers: only the client giving up ends it.
  });
  // By connection, not by request: on a busy machine the client may give up before its request has
  // even reached the handler; what matters is that it closes the connection.
  server.on('connection', (socket) =>
    socket.on('close', () => {
      if (answered.has(socket)) return;
      closedUnanswered += 1;
      onClosed();
    }),
  );
  base = await listenLocal(server);
});
afterAll(() => closeLocal(server));

async function upstreamWith(timeouts: { attemptMs?: number; deadlineMs?: number }) {
  return testUpstream(testConfig({ baseUrl: base, retry: { maxAttempts: 1 }, timeouts }));
}

it.each([
  ['the attempt timeout', { attemptMs: 100 }],
  ['the overall deadline', { attemptMs: 5000, deadlineMs: 100 }],
])('%s aborts the slow request on the wire', async (_name, env) => {
  const before = closedUnanswered;
  // Order, not wall time: the client times out, then the server sees the connection close (however
  // long a busy machine takes between the two; jest's own time limit bounds the wait).
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  const upstream = await upstreamWith(env);
  const error = await upstream.request({ path: '/slow' }).catch((e: unknown) => e as UpstreamError);
  expect((error as UpstreamError).kind).toBe('timeout');
  if (closedUnanswered === before) await closed;
  expect(closedUnanswered).toBe(before + 1);
});

it('calls that return normally keep their connection open for the next ones', async () => {
  // A limit no call reaches even on a busy machine: this test is about connections, not time.
  const upstream = await upstreamWith({ attemptMs: 60_000, deadlineMs: 120_000 });
  for (let i = 0; i < 20; i += 1) await expect(upstream.request({ path: '/fast' })).resolves.toEqual({ ok: true });
  // A few connections for all 20: the client's pool may alternate between two (one still finishing
  // the last answer when the next call starts). A client that closed or aborted its connection
  // around each call would need a new one per call.
  expect(fastSockets.size).toBeLessThanOrEqual(2);
});
