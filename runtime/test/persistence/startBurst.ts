// The burst child (burst.ts) as a process, with a data dir and durability from `env`: started from its bundle
// (helpers/bundledFixture.ts), built once per test file, not through tsx (about 0.6 s of CPU less a start). Apart
// from helpers.ts so that the child's bundle does not take in esbuild.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { BackendName } from '../../src/persistence/settings.js';
import { bundledFixture } from '../helpers/bundledFixture.js';

const BURST = path.join(import.meta.dirname, 'burst.ts');

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
  backend: BackendName = 'jsonl',
): Burst {
  const child = spawn(process.execPath, [bundledFixture(BURST), String(count), String(concurrency), backend], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: string[] = [];
  let stderr = '';
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
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
