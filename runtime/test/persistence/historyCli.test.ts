// `mcp-factory-history` (a server's `npm run history`) as a user runs it, over each backend: the last
// records, as text or JSON, filtered by tool; --tail prints records written after it started; bad flags
// are one line.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect } from '@jest/globals';
import { ENV_PREFIX } from '../helpers/config.js';
import { afterAll, beforeAll, it, scaled } from '../../../test/helpers/timeouts.js';
import { bundledFixture } from '../helpers/bundledFixture.js';
import { testBackend, type TestBackend } from './backend.js';
import { persistenceEnv, settingsSource, tempDataDir } from './helpers.js';
import { startBurst } from './startBurst.js';

/** Started from its bundle (helpers/bundledFixture.ts): through tsx each start cost ~0.5 s more CPU. */
const CLI = path.join(import.meta.dirname, '../../src/persistence/historyCli.ts');

describe.each(['jsonl', 'postgres'] as const)('history CLI over %s', (name) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await testBackend(name);
  }, 60_000);
  afterAll(() => backend?.close());
  const freshEnv = async () => ({ ...persistenceEnv(tempDataDir()), ...(await backend.fresh()) });
  /** The flags a generated server's `history` script passes. */
  const serverFlags = ['--backend', name, '--env-prefix', ENV_PREFIX, '--name', settingsSource(name).name];
  const node = (args: string[]) => [bundledFixture(CLI), ...serverFlags, ...args];
  const cli = (env: Record<string, string>, args: string[]) =>
    spawnSync(process.execPath, node(args), { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' });

  it('prints the last records as text or JSON, filtered by tool', async () => {
    const env = await freshEnv();
    const burst = startBurst(env, 30, 3, name);
    expect(await burst.exited).toBe(0);
    const text = cli(env, ['--limit', '5']);
    expect(text.stderr).toBe('');
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
    const tail = spawn(process.execPath, node(['--tail', '--json']), {
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
      await new Promise((r) => setTimeout(r, scaled(1000))); // the tail is running before anything is written (slower machines: longer)
      const burst = startBurst(env, 10, 1, name);
      expect(await burst.exited).toBe(0);
      await got;
      expect(seen.sort()).toEqual([...burst.acked].sort());
    } finally {
      tail.kill();
    }
  }, 30_000);

  it('refuses an unknown flag, and a bad setting, with one line', () => {
    const bad = cli(persistenceEnv(tempDataDir()), ['--follow']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain("Unknown option '--follow'");
    const wrong = cli(persistenceEnv(tempDataDir(), { DURABILITY: 'sometimes' }), []);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^history: invalid TEST_DURABILITY: .*\n$/);
  });
});

describe('history CLI without the flags of a server', () => {
  it('says which flags its script must pass', () => {
    const run = spawnSync(process.execPath, [bundledFixture(CLI)], {
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "history: --env-prefix and --name are required (the server's package.json script passes them)\n",
    );
  });
});
