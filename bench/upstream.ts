// The fake upstream both servers call: a plain HTTP server on 127.0.0.1 (a free port) that answers
// every request at once with a tiny JSON body, so the benchmark measures the MCP servers, not the API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUpstream {
  url: string;
  /** Requests answered so far: shows that both servers really did the upstream call. */
  count(): number;
  /** TCP connections accepted so far: how well a server's HTTP client reuses keep-alive sockets. */
  connections(): number;
  close(): Promise<void>;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  let answered = 0;
  let connections = 0;
  const body = JSON.stringify({ status: 'ok' });
  const server = http.createServer((req, res) => {
    req.resume(); // bodies are ignored; reading them lets keep-alive sockets be reused
    req.on('end', () => {
      answered += 1;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  // A burst opens many sockets at once; the default backlog (511) would refuse some of them.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => answered,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
