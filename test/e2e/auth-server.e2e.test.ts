// The proof that `npx plop server --auth <scheme>` works for every scheme: each new `rest` server
// builds, is format-checked and type-checked, and passes its own tests (test/unit/auth.test.ts
// asserts exactly what the upstream receives). The repos share one install: same dependencies.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';
import { expectTypecheckAndTests, installedRestServer, repoShell } from '../helpers/generatedRepo.js';
import { schemes } from '../helpers/authSchemes.js';
import { beforeAll, it } from '../helpers/timeouts.js';

let parent: string;
let installed: string;

beforeAll(async () => {
  ({ parent, repo: installed } = await installedRestServer('with-install'));
}, 180_000);

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
      fs.symlinkSync(path.join(installed, 'node_modules'), path.join(fresh, 'node_modules'));
      const report = await expectTypecheckAndTests(repoShell(fresh));
      expect(report).toMatch(/PASS\s+test\/unit\/auth\.test\.ts/);
    },
    240_000,
  );
});
