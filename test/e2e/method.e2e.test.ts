// The proof that generators run inside a generated server repo work: generate a server and install
// it once; add tools with `npx plop method` through the repo's own plopfile (the documented command
// line, a refused re-run, then a POST and a DELETE tool); install the example team pack, add its
// tool and see its README partial win, then remove the pack and see the factory's partial again;
// finally type-check the repo and run its own tests (nock unit tests of every tool, e2e tests).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import { $, type Shell } from 'zx';
import { errorLines } from '../helpers/cliOutput.js';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import {
  expectEveryOpenapiModuleRan,
  expectTypecheckAndTests,
  installedRestServer,
  stdioClientOf,
} from '../helpers/generatedRepo.js';
import { beforeAll, it } from '../helpers/timeouts.js';

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
const researchPrompt = [
  '--name',
  'research',
  '--description',
  'Research a topic',
  '--args',
  'topic:Topic to research, depth?:How deep',
  '--complete',
  'depth=brief|normal|deep',
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
      { name: 'resource', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'prompt', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'openapi', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'auth', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'persistence', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'http', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'update', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'eject', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'fixtures', description: expect.stringMatching(/\[mcp-factory\]$/) },
      { name: 'team-status', description: expect.stringMatching(/\[@example\/mcp-team-pack\]$/) },
    ]);

    await plopOk(['team-status', '--', '--name', 'billing_status', '--service', 'billing']);
    await plopOk(['method', '--', '--name', 'list_items', '--description', 'List items', '--path', '/items']);
    expect(readme()).toContain(`- \`list_items\`: List items (\`GET /items\`, no input) ${teamLine}`);

    fs.writeFileSync(plopfileJs, original);
    await plopOk(['method', '--', '--name', 'count_items', '--description', 'Count items', '--path', '/items/count']);
    expect(readme()).toContain('- `count_items`: Count items (`GET /items/count`, no input)\n');
  }, 120_000);

  it('adds resources, a prompt and the tools of an OpenAPI spec with `npx plop resource`, `prompt`, `openapi`', async () => {
    await plopOk(['resource', '--', '--name', 'item', '--uri', 'items://{id}', '--path', '/items/{id}', '--list']);
    await plopOk([
      'resource',
      '--',
      '--name',
      'readme',
      '--uri',
      'docs://readme',
      '--path',
      '/readme',
      '--mime-type',
      'text/markdown',
      '--displayTitle', // the title's flag: plop's launcher would hand `--title` to Node
      'Project readme',
    ]);
    await plopOk(['resource', '--', '--name', 'search', '--uri', 'search://{q}/{page}', '--path', '/search/{page}']);
    await plopOk(['prompt', '--', ...researchPrompt]);
    await plopOk(['openapi', '--', '--spec', path.join(FACTORY_ROOT, 'test/fixtures/openapi/petstore.yaml')]);
    await plopOk(['openapi', '--', '--spec', path.join(FACTORY_ROOT, 'test/fixtures/openapi/swagger2.yaml')]); // converted
    await plopOk(['openapi', '--', '--spec', path.join(FACTORY_ROOT, 'test/fixtures/openapi/styles.yaml')]);
    const again = await sh`npx plop prompt -- ${researchPrompt}`;
    expect(errorLines(again)).toEqual([
      '[ERROR] prompt research already exists (src/prompts/research.ts): choose another --name',
    ]);
  }, 120_000);

  it("type-checks and passes its own tests, every added tool's, resource's and prompt's included", async () => {
    const results = path.join(tempDir('mcp-factory-e2e-results-'), 'jest.json');
    const report = await expectTypecheckAndTests(sh, { results });
    for (const suite of ['getItem', 'createItem', 'deleteItem', 'billingStatus', 'listItems', 'countItems']
      .map((t) => `test/unit/${t}.test.ts`)
      .concat(['item', 'readme', 'search'].map((r) => `test/unit/${r}.resource.test.ts`))
      .concat('test/unit/research.prompt.test.ts', 'test/unit/openapi.test.ts', 'test/e2e/server.e2e.test.ts')) {
      expect(report).toMatch(new RegExp(`PASS\\s+${suite.replace(/\./g, '\\.')}`)); // colour adds padding
    }
    // The spec tools' tests: a module each, all run by test/unit/openapi.test.ts.
    expectEveryOpenapiModuleRan(repo, results);
    const modules = fs.readdirSync(path.join(repo, 'test/unit/openapi'));
    for (const tool of ['listPets', 'createPet', 'listBooks', 'addBook', 'simpleStyles', 'matrixStyles', 'queryStyles'])
      expect(modules).toContain(`${tool}.ts`); // listBooks and addBook from the Swagger 2.0 fixture
  }, 300_000);

  it('serves them to the official MCP client: templates, paginated instances, reads, prompts and completions', async () => {
    // The upstream: 150 items to list, and each item or the readme to read.
    const upstream = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body =
        url.pathname === '/items'
          ? { items: Array.from({ length: 150 }, (_, i) => ({ id: `n ${i}`, name: `Item ${i}` })) }
          : url.pathname === '/books/b1'
            ? { id: 'b1', title: 'Dune' }
            : url.pathname === '/readme'
              ? '# Readme'
              : { path: url.pathname, query: Object.fromEntries(url.searchParams) };
      res.setHeader('content-type', typeof body === 'string' ? 'text/markdown' : 'application/json');
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const client = await stdioClientOf(repo, {
      ITEMS_API_BASE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    });
    try {
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(['items://{id}', 'search://{q}/{page}']);
      // Without a cursor the client walks the server's pages (100 each) and returns them all.
      const { resources, nextCursor } = await client.listResources();
      expect(nextCursor).toBeUndefined();
      const uris = resources.map((r) => r.uri);
      expect(new Set(uris).size).toBe(151);
      expect(uris).toHaveLength(151);
      expect(uris.slice(0, 2)).toEqual(['docs://readme', 'items://n%200']);
      expect(resources[0].title).toBe('Project readme');
      const item = await client.readResource({ uri: 'items://a%20b%2F42' });
      expect(JSON.parse((item.contents[0] as { text: string }).text)).toEqual({ path: '/items/a%20b%2F42', query: {} });
      const search = await client.readResource({ uri: 'search://mcp/2' });
      expect(JSON.parse((search.contents[0] as { text: string }).text)).toEqual({
        path: '/search/2',
        query: { q: 'mcp' },
      });
      const readme = await client.readResource({ uri: 'docs://readme' });
      expect(readme.contents[0]).toEqual({ uri: 'docs://readme', mimeType: 'text/markdown', text: '# Readme' });
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual(['research']);
      const got = await client.getPrompt({ name: 'research', arguments: { topic: 'MCP', depth: 'deep' } });
      expect(got.messages[0].content).toEqual({ type: 'text', text: expect.stringContaining('MCP') });
      const completion = await client.complete({
        ref: { type: 'ref/prompt', name: 'research' },
        argument: { name: 'depth', value: 'n' },
      });
      expect(completion.completion.values).toEqual(['normal']);
      // Tools from a spec with JSON response schemas (swagger2.yaml), through a client that checks structuredContent
      // against the output schema: a book that matches comes as { result }; a list that does not (this upstream
      // answers an object) as text with {}. Neither is an error.
      const { tools } = await client.listTools();
      expect(tools.find((t) => t.name === 'get_book')?.outputSchema).toMatchObject({ properties: { result: {} } });
      const book = await client.callTool({ name: 'get_book', arguments: { bookId: 'b1' } });
      expect(book.isError).toBeFalsy();
      expect(book.structuredContent).toEqual({ result: { id: 'b1', title: 'Dune' } });
      const books = await client.callTool({ name: 'list_books', arguments: {} });
      expect(books.isError).toBeFalsy();
      expect(books.structuredContent).toEqual({});
      expect(books.content).toEqual([{ type: 'text', text: JSON.stringify({ path: '/books', query: {} }) }]);

      // The official Inspector's CLI mode, as a user scripts it.
      const inspector = (args: string[]) =>
        $({
          cwd: FACTORY_ROOT,
          quiet: true,
          nothrow: true,
          env: { ...process.env, NODE_OPTIONS: '' },
        })`npx mcp-inspector --cli -e ${`ITEMS_API_BASE_URL=${baseUrl}`} ${process.execPath} ${path.join(repo, 'dist/index.js')} ${args}`;
      const templates = await inspector(['--method', 'resources/templates/list']);
      expect(templates.exitCode).toBe(0);
      expect(
        JSON.parse(templates.stdout)
          .resourceTemplates.map((t: { name: string }) => t.name)
          .sort(),
      ).toEqual(['item', 'search']);
      const read = await inspector(['--method', 'resources/read', '--uri', 'items://7']);
      expect(JSON.parse(JSON.parse(read.stdout).contents[0].text)).toEqual({ path: '/items/7', query: {} });
      const prompt = await inspector([
        '--method',
        'prompts/get',
        '--prompt-name',
        'research',
        '--prompt-args',
        'topic=Inspector',
      ]);
      expect(JSON.parse(prompt.stdout).messages[0].content.text).toContain('Inspector');
    } finally {
      await client.close();
      upstream.close();
    }
  }, 60_000);
});
