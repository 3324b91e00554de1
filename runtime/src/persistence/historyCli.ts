#!/usr/bin/env node
// `mcp-factory-history`, the `npm run history -- [--tail] [--json] [--tool X] [--limit N]` of a server with
// persistence: prints the recorded calls in a terminal, oldest first (the last N), and with --tail keeps
// printing new ones as they are written. The server's own choices come as flags its package.json script
// passes: --backend, --env-prefix, --name (of the default data dir) and, for postgres, --database-url
// (a default without password); its `<PREFIX>_*` variables override them, as they do for the server.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { messageOf } from '../errors.js';
import { recordFiles } from './jsonlStore.js';
import type { CallRecord } from './record.js';
import { loadPersistenceSettings, type BackendName, type PersistenceSettings } from './settings.js';

function fail(message: string): never {
  process.stderr.write(`history: ${message}\n`);
  process.exit(1);
}

const FLAGS = '--tail --json --tool <name> --limit <n>';
let options: {
  tail?: boolean;
  json?: boolean;
  tool?: string;
  limit?: string;
  backend?: string;
  'env-prefix'?: string;
  name?: string;
  'database-url'?: string;
};
try {
  ({ values: options } = parseArgs({
    options: {
      tail: { type: 'boolean' },
      json: { type: 'boolean' },
      tool: { type: 'string' },
      limit: { type: 'string' },
      backend: { type: 'string' },
      'env-prefix': { type: 'string' },
      name: { type: 'string' },
      'database-url': { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  fail(`${messageOf(error).split('\n')[0]} (flags: ${FLAGS})`);
}
const limit = Number(options.limit ?? 20);
if (!Number.isInteger(limit) || limit < 1) fail(`--limit must be a positive whole number, got "${options.limit}"`);
const backend = options.backend ?? 'jsonl';
if (backend !== 'jsonl' && backend !== 'postgres') fail(`--backend must be jsonl or postgres, got "${backend}"`);
const envPrefix = options['env-prefix'];
const name = options.name;
if (!envPrefix || !name) fail("--env-prefix and --name are required (the server's package.json script passes them)");

let settings: PersistenceSettings;
try {
  settings = loadPersistenceSettings({
    envPrefix,
    name,
    backend: backend satisfies BackendName,
    defaults: options['database-url'] === undefined ? {} : { databaseUrl: options['database-url'] },
  });
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const show = (r: CallRecord) =>
  options.json
    ? JSON.stringify(r)
    : `${r.time}  ${r.tool.padEnd(16)} ${r.outcome.padEnd(9)} ${String(r.durationMs).padStart(9)} ms  ${r.attempts} attempt(s)  ${r.id}`;

/** Records after the last one read (the newest `limit` the first time, or every one), oldest first. */
type Reader = { readNew(): Promise<CallRecord[]>; close(): Promise<void> };

async function postgresReader(databaseUrl: string | undefined): Promise<Reader> {
  if (!databaseUrl) fail(`${envPrefix}_DATABASE_URL is not set: it says which database holds the records`);
  const { default: pg } = await import('pg'); // only this backend loads the driver
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  let last: { time: string; id: string } | undefined;
  return {
    async readNew() {
      const params: unknown[] = [];
      const where: string[] = [];
      if (options.tool !== undefined) where.push(`tool = $${params.push(options.tool)}`);
      if (last) where.push(`(time, id) > ($${params.push(last.time)}, $${params.push(last.id)})`);
      const found = await pool
        .query<{ record: CallRecord }>(
          `SELECT record FROM mcp_tool_calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY time DESC, id DESC LIMIT $${params.push(last ? 10_000 : limit)}`,
          params,
        )
        .catch((error: { code?: string }) => {
          if (error.code === '42P01') return { rows: [] }; // no table yet: the server has not recorded a call
          throw error;
        });
      const records = found.rows.map((r) => r.record).reverse();
      if (records.length > 0) last = { time: records[records.length - 1].time, id: records[records.length - 1].id };
      return records;
    },
    close: () => pool.end(),
  };
}

function jsonlReader(dataDir: string): Reader {
  /** Bytes of each file already read: only complete lines are consumed. */
  const offsets = new Map<string, number>();
  return {
    async readNew() {
      const records: CallRecord[] = [];
      for (const file of recordFiles(dataDir).map((name) => path.join(dataDir, name))) {
        let text: string;
        try {
          const from = offsets.get(file) ?? 0;
          const size = fs.statSync(file).size;
          if (size <= from) continue;
          const buffer = Buffer.alloc(size - from);
          const fd = fs.openSync(file, 'r');
          try {
            fs.readSync(fd, buffer, 0, buffer.length, from);
          } finally {
            fs.closeSync(fd);
          }
          text = buffer.toString('utf8');
          const end = text.lastIndexOf('\n');
          offsets.set(file, from + Buffer.byteLength(text.slice(0, end + 1)));
          text = text.slice(0, end + 1);
        } catch {
          continue; // rotated away while we read
        }
        for (const line of text.split('\n')) {
          if (!line) continue;
          try {
            const record = JSON.parse(line) as CallRecord;
            if (options.tool === undefined || record.tool === options.tool) records.push(record);
          } catch {
            // a torn line: skipped
          }
        }
      }
      return records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    },
    close: async () => undefined,
  };
}

const reader = backend === 'postgres' ? await postgresReader(settings.databaseUrl) : jsonlReader(settings.dataDir);
let first: CallRecord[];
try {
  first = await reader.readNew();
} catch (error) {
  fail(`cannot read the records: ${messageOf(error)}`);
}
if (first.length === 0 && !options.tail) process.stderr.write('history: no recorded calls yet\n');
for (const record of first.slice(-limit)) process.stdout.write(`${show(record)}\n`);
if (options.tail) {
  setInterval(async () => {
    for (const record of await reader.readNew().catch(() => [])) process.stdout.write(`${show(record)}\n`);
  }, 500);
} else await reader.close();
