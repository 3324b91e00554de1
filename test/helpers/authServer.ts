// `npx plop server --auth <scheme>`: each new `rest` server builds, is format-checked and type-checked, and passes
// its own tests (test/unit/auth.test.ts asserts exactly what the upstream receives). The repos of one file share
// one install (same dependencies). Shared by auth-server.e2e.test.ts and auth-server-more.e2e.test.ts, which split
// the schemes between them (AUTH_SWITCHES' halves, without the switch back to none) so that jest runs them side
// by side.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { schemes } from './authSchemes.js';
import { FACTORY_ROOT } from './fsSnapshot.js';
import { expectTypecheckAndTests, installedRestServer, repoShell } from './generatedRepo.js';
import { beforeAll, it } from './timeouts.js';

const HALF = Math.ceil(schemes.length / 2);

/** Every scheme, in two halves. */
export const SERVER_AUTH_HALVES: [Array<[string, string[]]>, Array<[string, string[]]>] = [
  schemes.slice(0, HALF),
  schemes.slice(HALF),
];

/** Declares the tests: one installed repo named `installName`, then a new server per scheme of `some`. */
export function describeServersWithAuth(installName: string, some: Array<[string, string[]]>): void {
  let parent: string;
  let installed: string;

  beforeAll(async () => {
    ({ parent, repo: installed } = await installedRestServer(installName));
  }, 180_000);

  describe('npx plop server --auth <scheme>', () => {
    it.each(some)(
      'starts a server with %s that builds and passes its own tests',
      async (scheme, flags) => {
        const name = `with-${scheme}`;
        const run = await repoShell(
          FACTORY_ROOT,
        )`npx plop server --dest ${parent} -- --name ${name} --preset rest --baseUrl https://api.example.com --auth ${scheme} ${flags}`;
        if (run.exitCode !== 0) process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
        expect(run.exitCode).toBe(0);
        const fresh = path.join(parent, name);
        fs.symlinkSync(path.join(installed, 'node_modules'), path.join(fresh, 'node_modules'));
        const report = await expectTypecheckAndTests(repoShell(fresh));
        expect(report).toMatch(/PASS\s+test\/unit\/auth\.test\.ts/);
      },
      240_000,
    );
  });
}
