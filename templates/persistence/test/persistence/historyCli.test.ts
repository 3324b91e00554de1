// `npm run history` (src/persistence/historyCli.ts) as a user runs it: the last records, as text or
// JSON, filtered by tool; --tail prints records written after it started; bad flags are one line.
import { spawn, spawnSync } from 'node:child_process';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testBackend, type TestBackend } from './backend.js';
import { persistenceEnv, startBurst, tempDataDir } from './helpers.js';

// The server's own backend (jsonl files, or a real PostgreSQL started here).
let backend: TestBackend;
beforeAll(async () => {
  backend = await testBackend();
}, 60_000);
afterAll(() => backend?.close());
const freshEnv = async () => ({ ...persistenceEnv(tempDataDir()), ...(await backend.fresh()) });

const cli = (env: Record<string, string>, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/persistence/historyCli.ts', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
  });

describe('npm run history', () => {
  it('prints the last records as text or JSON, filtered by tool', async () => {
    const env = await freshEnv();
    const burst = startBurst(env, 30, 3, 'configured');
    expect(await burst.exited).toBe(0);
    const text = cli(env, ['--limit', '5']);
    expect(text.status).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => / echo +ok +[\d.]+ ms {2}0 attempt\(s\) {2}[0-9a-f-]{36}$/.test(l))).toBe(true);
    const json = cli(env, ['--json', '--tool', 'echo', '--limit', '100']);
    const records = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(30);
    expect(cli(env, ['--tool', 'other']).stdout).toBe('');
  }, 30_000);

  it('--tail prints records written after it started', async () => {
    const env = await freshEnv();
    const tail = spawn(process.execPath, ['--import', 'tsx', 'src/persistence/historyCli.ts', '--tail', '--json'], {
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const seen: string[] = [];
      const got = new Promise<void>((resolve) =>
        readline.createInterface({ input: tail.stdout }).on('line', (line) => {
          seen.push(JSON.parse(line).requestId);
          if (seen.length === 10) resolve();
        }),
      );
      await new Promise((r) => setTimeout(r, 1000)); // the tail is running before anything is written
      const burst = startBurst(env, 10, 1, 'configured');
      expect(await burst.exited).toBe(0);
      await got;
      expect(seen.sort()).toEqual([...burst.acked].sort());
    } finally {
      tail.kill();
    }
  }, 30_000);

  it('refuses an unknown flag with one line', () => {
    const bad = cli(persistenceEnv(tempDataDir()), ['--follow']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain("Unknown option '--follow'");
  });
});
