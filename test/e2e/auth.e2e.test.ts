// The proof that every auth scheme works in a generated server, as a user gets it: one `rest` server
// is installed once and switched none → bearer → header → query → basic → oauth2 → none with
// `npx plop auth`; after each switch it is format-checked, type-checked and passes its own tests
// (test/unit/auth.test.ts asserts exactly what the upstream receives, and that nothing leaks). Then
// `npx plop server --auth <scheme>` for each scheme: the new repo builds and passes its tests too
// (these repos share the first repo's node_modules: same dependencies, one install).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Shell } from 'zx';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';
import { expectTypecheckAndTests, installedRestServer, repoShell } from '../helpers/generatedRepo.js';

const schemes: Array<[string, string[]]> = [
  ['none', []],
  ['bearer', []],
  ['header', ['--headerName', 'X-Subscription-Token']],
  ['query', ['--queryParam', 'key']],
  ['basic', []],
  ['oauth2', ['--tokenUrl', 'https://auth.example.com/oauth/token', '--scopes', 'read write']],
];

let parent: string;
let repo: string;
let sh: Shell;

beforeAll(async () => {
  ({ parent, repo, sh } = await installedRestServer('switched'));
}, 180_000);

describe('npx plop auth in a generated server', () => {
  it.each([...schemes, ['none', []] as [string, string[]]])(
    'switches to %s; the repo still type-checks and passes its own tests',
    async (scheme, flags) => {
      const run = await sh`npx plop auth -- --scheme ${scheme} ${flags}`;
      if (run.exitCode !== 0) process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
      expect(run.exitCode).toBe(0);
      expect(fs.readFileSync(path.join(repo, 'src/auth.ts'), 'utf8')).toContain(`AUTH_SCHEME = '${scheme}'`);
      const report = await expectTypecheckAndTests(sh);
      expect(report).toMatch(/PASS\s+test\/unit\/auth\.test\.ts/);
    },
    240_000,
  );
});

describe('npx plop server --auth <scheme>', () => {
  it.each(schemes)(
    'starts a server with %s that builds and passes its own tests',
    async (scheme, flags) => {
      const name = `with-${scheme}`;
      const run = await repoShell(
        FACTORY_ROOT,
      )`npx plop server --dest ${parent} -- --name ${name} --preset rest --baseUrl https://api.example.com --auth ${scheme} ${flags}`;
      if (run.exitCode !== 0) process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
      expect(run.exitCode).toBe(0);
      const fresh = path.join(parent, name);
      fs.symlinkSync(path.join(repo, 'node_modules'), path.join(fresh, 'node_modules'));
      const report = await expectTypecheckAndTests(repoShell(fresh));
      expect(report).toMatch(/PASS\s+test\/unit\/auth\.test\.ts/);
    },
    240_000,
  );
});
