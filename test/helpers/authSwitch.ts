// `npx plop auth` in an installed `rest` server, as a user does it, one scheme after another: after each switch
// the repo is format-checked, type-checked and passes its own tests (test/unit/auth.test.ts asserts exactly what
// the upstream receives, and that nothing leaks). Shared by auth.e2e.test.ts and auth-more.e2e.test.ts, which
// split the schemes between them so that jest runs the two halves side by side, each on its own repo.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import type { Shell } from 'zx';
import { SERVER_AUTH_HALVES } from './authServer.js';
import { expectTypecheckAndTests, installedRestServer } from './generatedRepo.js';
import { beforeAll, it } from './timeouts.js';

/** The two halves of every scheme, the second ending with a switch back to none (from the last scheme). */
export const AUTH_SWITCHES: [Array<[string, string[]]>, Array<[string, string[]]>] = [
  SERVER_AUTH_HALVES[0],
  [...SERVER_AUTH_HALVES[1], ['none', []]],
];

/** Declares the tests: one repo named `name`, switched to each of `switches` in order. */
export function describeAuthSwitches(name: string, switches: Array<[string, string[]]>): void {
  let repo: string;
  let sh: Shell;

  beforeAll(async () => {
    ({ repo, sh } = await installedRestServer(name));
  }, 180_000);

  describe('npx plop auth in a generated server', () => {
    it.each(switches)(
      'switches to %s; the repo still type-checks and passes its own tests',
      async (scheme, flags) => {
        const run = await sh`npx plop auth -- --auth ${scheme} ${flags}`;
        if (run.exitCode !== 0) process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
        expect(run.exitCode).toBe(0);
        expect(fs.readFileSync(path.join(repo, 'src/auth.ts'), 'utf8')).toContain(`AUTH_SCHEME = '${scheme}'`);
        const report = await expectTypecheckAndTests(sh);
        expect(report).toMatch(/PASS\s+test\/unit\/auth\.test\.ts/);
      },
      240_000,
    );
  });
}
