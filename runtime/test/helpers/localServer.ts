// A local HTTP upstream for the runtime's tests: listening on a free port of 127.0.0.1, and closed with its
// connections (a test that leaves one open would keep jest waiting).
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on a free local port; resolves with its base URL. */
export async function listenLocal(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `server` and every connection still open to it. */
export function closeLocal(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
