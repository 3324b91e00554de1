// A fake upstream HTTP API on 127.0.0.1 (a free port) for e2e tests and demos: records every request
// and answers with whatever the test's handler returns. No real network is ever touched.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolExample } from '../defineTool.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** True when the client hung up before the answer was sent (e.g. the call was cancelled). */
  aborted?: boolean;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait this long before answering (simulates a slow upstream). */
  delayMs?: number;
}

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeUpstream(handler: (request: RecordedRequest) => FakeReply): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep the raw text */
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableEnded) recorded.aborted = true;
      });
      const reply = handler(recorded);
      const send = () => {
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(text);
      };
      if (reply.delayMs) {
        const timer = setTimeout(send, reply.delayMs);
        res.on('close', () => clearTimeout(timer)); // the caller went away: nothing to send, nothing to keep the test alive
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fake upstream that answers a tool's example request (its path) with the example's body, anything else with 404. */
export function startExampleUpstream(example: Pick<ToolExample, 'upstream'>): Promise<FakeUpstream> {
  return startFakeUpstream((request) =>
    request.path === example.upstream.path
      ? { body: example.upstream.body }
      : { status: 404, body: { error: { message: 'no route' } } },
  );
}
