// The proof that `npx plop method` output works: generate a server, install it, add a GET tool with
// the documented command line (inside the generated repo, through its own plopfile), refuse the
// same command again, add a POST and a DELETE tool, then type-check and run the repo's own tests
// (nock unit tests and an e2e test per tool against a fake upstream over a real stdio pipe).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { errorLines } from '../helpers/cliOutput.js';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectInstall, expectTypecheckAndTests, repoShell } from '../helpers/generatedRepo.js';

const documented = ['--name', 'get_item', '--description', 'Fetch one item by id', '--httpMethod', 'GET',
  '--path', '/items/{id}', '--params', 'id:string:Item id, limit?:integer:Max results'];

describe('tools added by the method generator', () => {
  it('install, type-check and pass the generated repo\'s own tests', async () => {
    const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
    const parent = tempDir('mcp-factory-e2e-method-');
    const factory = await nodePlop(plopfile, { destBasePath: parent, force: false });
    const created = await factory.getGenerator('server').runActions({ name: 'items-api', preset: 'rest', baseUrl: 'https://api.example.com' });
    expect(created.failures).toEqual([]);
    const repo = path.join(parent, 'items-api');

    const sh = repoShell(repo);
    await expectInstall(sh);

    const first = await sh`npx plop method -- ${documented}`;
    if (first.exitCode !== 0) process.stderr.write(`${first.stdout}\n${first.stderr}\n`);
    expect(first.exitCode).toBe(0);
    expect(fs.existsSync(path.join(repo, 'src/tools/getItem.ts'))).toBe(true);

    const before = snapshot(repo);
    const again = await sh`npx plop method -- ${documented}`;
    expect(again.exitCode).toBe(1);
    expect(errorLines(again)).toEqual(['[ERROR] tool get_item already exists (src/tools/getItem.ts): choose another --name']);
    expect(snapshot(repo)).toEqual(before);

    const inRepo = await nodePlop(plopfile, { destBasePath: repo, force: false });
    for (const answers of [
      { name: 'create_item', description: 'Create an item', httpMethod: 'POST', path: '/items', params: 'name:string:Item name, tags?:string[], price?:number' },
      { name: 'delete_item', description: 'Delete an item', httpMethod: 'DELETE', path: '/items/{id}', params: 'id:string, force?:boolean' },
    ]) {
      const { failures } = await inRepo.getGenerator('method').runActions(answers);
      expect(failures).toEqual([]);
    }

    const report = await expectTypecheckAndTests(sh);
    for (const suite of ['test/unit/getItem.test.ts', 'test/unit/createItem.test.ts', 'test/unit/deleteItem.test.ts', 'test/e2e/server.e2e.test.ts']) {
      expect(report).toMatch(new RegExp(`PASS\\s+${suite.replace(/\./g, '\\.')}`)); // colour adds padding
    }
  }, 300_000);
});
