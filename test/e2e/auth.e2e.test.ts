// The proof that every auth scheme can be switched to in a generated server, as a user does it: one
// `rest` server is installed once and switched none → bearer → header → query → basic → oauth2 → none
// with `npx plop auth`; after each switch it is format-checked, type-checked and passes its own tests
// (test/unit/auth.test.ts asserts exactly what the upstream receives, and that nothing leaks).
// auth-server.e2e.test.ts does the same for `npx plop server --auth <scheme>` (a file of its own, so
// that jest runs the two side by side).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import type { Shell } from 'zx';
import { expectTypecheckAndTests, installedRestServer } from '../helpers/generatedRepo.js';
import { schemes } from '../helpers/authSchemes.js';
import { beforeAll, it } from '../helpers/timeouts.js';

let repo: string;
let sh: Shell;

beforeAll(async () => {
  ({ repo, sh } = await installedRestServer('switched'));
}, 180_000);

describe('npx plop auth in a generated server', () => {
  it.each([...schemes, ['none', []] as [string, string[]]])(
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
