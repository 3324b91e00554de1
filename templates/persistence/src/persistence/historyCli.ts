// `npm run history -- [--tail] [--json] [--tool X] [--limit N]`: prints the recorded calls in a
// terminal, oldest first (the last N), and with --tail keeps printing new ones as they are written.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { recordFiles } from './jsonlStore.js';
import type { CallRecord } from './record.js';
import { loadPersistenceSettings } from './settings.js';

function fail(message: string): never {
  process.stderr.write(`history: ${message}\n`);
  process.exit(1);
}

let options: { tail?: boolean; json?: boolean; tool?: string; limit?: string };
try {
  ({ values: options } = parseArgs({
    options: {
      tail: { type: 'boolean' },
      json: { type: 'boolean' },
      tool: { type: 'string' },
      limit: { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  fail(`${(error as Error).message.split('\n')[0]} (flags: --tail --json --tool <name> --limit <n>)`);
}
const limit = Number(options.limit ?? 20);
if (!Number.isInteger(limit) || limit < 1) fail(`--limit must be a positive whole number, got "${options.limit}"`);

let dataDir: string;
try {
  ({ dataDir } = loadPersistenceSettings());
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const show = (r: CallRecord) =>
  options.json
    ? JSON.stringify(r)
    : `${r.time}  ${r.tool.padEnd(16)} ${r.outcome.padEnd(9)} ${String(r.durationMs).padStart(9)} ms  ${r.attempts} attempt(s)  ${r.id}`;

/** Bytes of each file already read: only complete lines are consumed. */
const offsets = new Map<string, number>();

function readNew(): CallRecord[] {
  const records: CallRecord[] = [];
  for (const name of recordFiles(dataDir)) {
    const file = path.join(dataDir, name);
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
      continue;
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
}

const first = readNew();
if (first.length === 0 && !options.tail) process.stderr.write(`history: no recorded calls in ${dataDir}\n`);
for (const record of first.slice(-limit)) process.stdout.write(`${show(record)}\n`);
if (options.tail) {
  setInterval(() => {
    for (const record of readNew()) process.stdout.write(`${show(record)}\n`);
  }, 500);
}
