// The database schema, as numbered migrations applied in order on first start (each once, recorded in
// mcp_schema_migrations). Several servers starting together take an advisory lock, so one applies them.
// Add a migration at the end; never edit one that has shipped.
import type pg from 'pg';

export const MIGRATIONS: ReadonlyArray<{ version: number; description: string; sql: string }> = [
  {
    version: 1,
    description: 'tool call records: the record as jsonb, plus indexed time, tool and outcome',
    sql: `
      CREATE TABLE mcp_tool_calls (
        id uuid PRIMARY KEY,
        time timestamptz NOT NULL,
        tool text NOT NULL,
        outcome text NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX mcp_tool_calls_time ON mcp_tool_calls (time DESC, id DESC);
      CREATE INDEX mcp_tool_calls_tool_time ON mcp_tool_calls (tool, time DESC);
      CREATE INDEX mcp_tool_calls_outcome ON mcp_tool_calls (outcome);
    `,
  },
];

/** An arbitrary, fixed key for pg_advisory_xact_lock: "mcp-factory migrations". */
const LOCK_KEY = 727_001;

/** Applies the migrations this database has not seen; returns the versions applied now. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS mcp_schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM mcp_schema_migrations')).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO mcp_schema_migrations (version) VALUES ($1)', [migration.version]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
