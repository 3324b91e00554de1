// The proof that generators run inside a generated server repo work: generate a server and install
// it once; add tools with `npx plop method` through the repo's own plopfile (the documented command
// line, a refused re-run, then a POST and a DELETE tool); install the example team pack, add its
// tool and see its README partial win, then remove the pack and see the factory's partial again;
// finally type-check the repo and run its own tests (nock unit tests of every tool, e2e tests).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import type { Shell } from 'zx';
import { errorLines } from '../helpers/cliOutput.js';
import { FACTORY_ROOT, snapshot } from '../helpers/fsSnapshot.js';
import { expectTypecheckAndTests, installedRestServer } from '../helpers/generatedRepo.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
const documented = [
  '--name',
  'get_item',
  '--description',
  'Fetch one item by id',
  '--httpMethod',
  'GET',
  '--path',
  '/items/{id}',
  '--params',
  'id:string:Item id, limit?:integer:Max results',
];
const teamLine = '_(Acme platform; questions in #mcp-servers)_';

let parent: string;
let repo: string;
let sh: Shell;

async function plopOk(args: string[]): Promise<void> {
  const run = await sh`npx plop ${args}`;
  if (run.exitCode !== 0) process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
  expect(run.exitCode).toBe(0);
}

const readme = () => fs.readFileSync(path.join(repo, 'README.md'), 'utf8');

beforeAll(async () => {
  ({ parent, repo, sh } = await installedRestServer('items-api'));
}, 180_000);

describe('a generated server repo', () => {
  it('adds tools with `npx plop method` and refuses the same command twice', async () => {
    await plopOk(['method', '--', ...documented]);
    expect(fs.existsSync(path.join(repo, 'src/tools/getItem.ts'))).toBe(true);

    const before = snapshot(repo);
    const again = await sh`npx plop method -- ${documented}`;
    expect(again.exitCode).toBe(1);
    expect(errorLines(again)).toEqual([
      '[ERROR] tool get_item already exists (src/tools/getItem.ts): choose another --name',
    ]);
    expect(snapshot(repo)).toEqual(before);

    const inRepo = await nodePlop(plopfile, { destBasePath: repo, force: false });
    for (const answers of [
      {
        name: 'create_item',
        description: 'Create an item',
        httpMethod: 'POST',
        path: '/items',
        params: 'name:string:Item name, tags?:string[], price?:number',
      },
      {
        name: 'delete_item',
        description: 'Delete an item',
        httpMethod: 'DELETE',
        path: '/items/{id}',
        params: 'id:string, force?:boolean',
      },
    ]) {
      const { failures } = await inRepo.getGenerator('method').runActions(answers);
      expect(failures).toEqual([]);
    }
  }, 120_000);

  it('uses a team pack added to its plopfile, and the factory partial again once it is removed', async () => {
    const tarball = (
      await sh`npm pack ${path.join(FACTORY_ROOT, 'examples/team-pack')} --pack-destination ${parent} --silent`
    ).stdout.trim();
    const install =
      await sh`npm install --save-dev --no-audit --no-fund --prefer-offline ${path.join(parent, tarball)}`;
    expect(install.exitCode).toBe(0);
    const plopfileJs = path.join(repo, 'plopfile.js');
    const original = fs.readFileSync(plopfileJs, 'utf8');
    expect(original).toContain("loadPacks(plop, ['mcp-factory'])");
    fs.writeFileSync(plopfileJs, original.replace("['mcp-factory']", "['mcp-factory', '@example/mcp-team-pack']"));

    const list =
      await sh`node --input-type=module -e ${"import nodePlop from 'node-plop'; const p = await nodePlop('./plopfile.js'); console.log(JSON.stringify(p.getGeneratorList()))"}`;
    expect(JSON.parse(list.stdout)).toEqual([
      { name: 'method', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'auth', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'persistence', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'team-status', description: expect.stringMatching(/\[@example\/mcp-team-pack\]$/) },
    ]);

    await plopOk(['team-status', '--', '--name', 'billing_status', '--service', 'billing']);
    await plopOk(['method', '--', '--name', 'list_items', '--description', 'List items', '--path', '/items']);
    expect(readme()).toContain(`- \`list_items\`: List items (\`GET /items\`, no input) ${teamLine}`);

    fs.writeFileSync(plopfileJs, original);
    await plopOk(['method', '--', '--name', 'count_items', '--description', 'Count items', '--path', '/items/count']);
    expect(readme()).toContain('- `count_items`: Count items (`GET /items/count`, no input)\n');
  }, 120_000);

  it("type-checks and passes its own tests, every added tool's included", async () => {
    const report = await expectTypecheckAndTests(sh);
    for (const suite of ['getItem', 'createItem', 'deleteItem', 'billingStatus', 'listItems', 'countItems']
      .map((t) => `test/unit/${t}.test.ts`)
      .concat('test/e2e/server.e2e.test.ts')) {
      expect(report).toMatch(new RegExp(`PASS\\s+${suite.replace(/\./g, '\\.')}`)); // colour adds padding
    }
  }, 300_000);
});
