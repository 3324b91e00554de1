// Shared by the persistence tests: temp data dirs, reading every line of every record file, and
// running the burst child (test/persistence/burst.ts) with a data dir and durability.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ENV_PREFIX } from '../../src/config.js';
import type { CallRecord } from '../../src/persistence/record.js';

export const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'records-'));

export const recordFileNames = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /^calls-.*\.jsonl$/.test(f))
    .sort();

/** Every line of every record file: the complete ones parsed (a test fails on one that does not parse). */
export function linesOf(dir: string): { records: CallRecord[]; tails: string[] } {
  const records: CallRecord[] = [];
  const tails: string[] = [];
  for (const name of recordFileNames(dir)) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop()!; // after the last newline: '' for an intact file
    if (tail) tails.push(tail);
    for (const line of lines) records.push(JSON.parse(line) as CallRecord);
  }
  return { records, tails };
}

/** Settings for startPersistence / the burst child, as environment variables. */
export const persistenceEnv = (dir: string, settings: Record<string, string> = {}): Record<string, string> => ({
  [`${ENV_PREFIX}_DATA_DIR`]: dir,
  ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [`${ENV_PREFIX}_${k}`, v])),
});

export interface Burst {
  child: ChildProcess;
  acked: string[];
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves once at least `n` calls were acknowledged. */
  acks(n: number): Promise<void>;
}

export function startBurst(
  env: Record<string, string>,
  count: number,
  concurrency: number,
  backend: 'jsonl' | 'configured' = 'jsonl',
): Burst {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/persistence/burst.ts', String(count), String(concurrency), backend],
    {
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acked: string[] = [];
  let stderr = '';
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('ack ')) acked.push(line.slice(4));
    for (const w of waiters.filter((w) => acked.length >= w.n)) w.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    acked,
    stderr: () => stderr,
    exited,
    acks: (n) =>
      new Promise<void>((resolve, reject) => {
        if (acked.length >= n) return resolve();
        waiters.push({ n, resolve });
        void exited.then(() =>
          acked.length >= n ? resolve() : reject(new Error(`exited after ${acked.length} acks: ${stderr}`)),
        );
      }),
  };
}
