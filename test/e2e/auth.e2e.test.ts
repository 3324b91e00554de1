// The proof that every upstream auth scheme works in a generated server, both ways a user gets one: a `rest`
// server made with `npx plop server --auth query --persistence jsonl` (the command line) is installed once, then
// switched with `npx plop auth` to header, basic and oauth2, and back to none (from the last scheme). Each state
// is format-checked, type-checked and passes its own tests: test/unit/auth.test.ts asserts exactly what the
// upstream receives and that nothing leaks, and the persistence wiring test that no credential reaches a record.
// After each switch the repo is byte for byte a new `server --auth <scheme>` (test/helpers/authSwitch.ts), so one
// build and test per scheme proves both ways. persistence.e2e.test.ts does the same for none and bearer (with and
// without a required key) on a repo of its own, so that jest runs the two side by side; the switch back to none
// is proven by its files alone (that state is built and tested there).
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import type { Shell } from 'zx';
import { flagsOf } from '../helpers/authSchemes.js';
import { type ServerAnswers, expectSameAsNewServer, switchAuth } from '../helpers/authSwitch.js';
import { plainOutput } from '../helpers/cliOutput.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { expectInstall, expectTypecheckAndTests, repoShell } from '../helpers/generatedRepo.js';
import { beforeAll, it } from '../helpers/timeouts.js';

const generation: ServerAnswers = {
  name: 'switched',
  preset: 'rest',
  baseUrl: 'https://api.example.com',
  persistence: 'jsonl',
};

let repo: string;
let sh: Shell;

/** npm test, with the suites of the auth scheme and of the records among those that passed. */
async function expectGreen(): Promise<void> {
  const report = await expectTypecheckAndTests(sh);
  expect(report).toMatch(/PASS\s+test\/unit\/auth\.test\.ts/);
  expect(report).toMatch(/PASS\s+test\/e2e\/persistence\.e2e\.test\.ts/);
}

beforeAll(async () => {
  const parent = tempDir('mcp-factory-e2e-auth-');
  const { name, preset, baseUrl, persistence } = generation;
  const run = await repoShell(
    FACTORY_ROOT,
  )`npx plop server --dest ${parent} -- --name ${name} --preset ${preset} --baseUrl ${baseUrl} --persistence ${persistence} --auth query ${flagsOf('query')}`;
  if (run.exitCode !== 0) process.stderr.write(plainOutput(run));
  expect(run.exitCode).toBe(0);
  repo = path.join(parent, name);
  sh = repoShell(repo);
  await expectInstall(sh);
}, 180_000);

describe('every auth scheme in one generated server', () => {
  it('npx plop server --auth query: type-checks and passes its own tests', expectGreen, 240_000);

  it.each(['header', 'basic', 'oauth2'])(
    'npx plop auth --auth %s: the files of a new server with it; type-checks and passes its own tests',
    async (scheme) => {
      await switchAuth(sh, repo, scheme);
      await expectSameAsNewServer(repo, generation);
      await expectGreen();
    },
    240_000,
  );

  it('npx plop auth --auth none, back from the last scheme: the files of a new server with none', async () => {
    await switchAuth(sh, repo, 'none');
    await expectSameAsNewServer(repo, generation);
  });
});
