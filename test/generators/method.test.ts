// The `method` generator against a freshly generated server repo in a temp folder, through
// node-plop's runActions: the files it writes, every refusal (byte-identical tree), re-runs, dry runs.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { FACTORY_ROOT, fixtureRepo, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { parseParams } from '../../generators/method/answers.js';
import { envPrefix } from '../../engine/contract/vocabulary.js';
import { factoryStamp } from '../../engine/factoryStamp.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
let repo: string;
let plop: NodePlopAPI;

const serverRepo = (name: string, preset: string, extra: Record<string, unknown> = {}) =>
  generateServer({ name, preset, ...extra });

// A fresh answers object per run, as plop's CLI makes one (actions stash their plan in it).
const run = (answers: Record<string, unknown>, p = plop) => p.getGenerator('method').runActions({ ...answers });
const read = (file: string, dir = repo) => fs.readFileSync(path.join(dir, file), 'utf8');

const getItem = {
  name: 'get_item',
  description: 'Fetch one item by id',
  httpMethod: 'GET',
  path: '/items/{id}',
  params: 'id:string:Item id, limit?:integer:Max results',
};

beforeAll(async () => {
  repo = await serverRepo('x', 'rest', { baseUrl: 'https://api.example.com' });
  plop = await nodePlop(plopfile, { destBasePath: repo, force: false });
});

describe('method generator', () => {
  it('adds a GET tool: source, unit test, registration, e2e block, README line and manifest record', async () => {
    const { changes, failures } = await run(getItem);
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path)).toContain('wrote 6 file(s): 2 created, 4 modified');

    const tool = read('src/tools/getItem.ts');
    expect(tool).toContain("import { defineTool } from '@mcp-factory/runtime/tool';");
    expect(tool).toContain("id: z.string().min(1).describe('Item id'),");
    expect(tool).toContain("limit: z.number().int().optional().describe('Max results'),");
    expect(tool).toContain("const path = pathWith('/items/{id}', { id: input.id });");
    expect(tool).toMatch(
      /method: 'GET',\s+path,\s+route: '\/items\/\{id\}', \/\/ the path's template, for traces\s+query: \{\s+limit: input\.limit,\s+\},/,
    );
    expect(tool).toContain(
      'annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true }',
    );

    const unit = read('test/unit/getItem.test.ts');
    expect(unit).toContain("loadConfig({ ...credentials, X_BASE_URL: BASE, X_MAX_ATTEMPTS: '1' })");
    expect(unit).toContain("expect(seen.uri).toBe('/items/42?limit=3');");
    expect(unit).toContain("expect(seen.uri).toBe('/items/a%20b%2F42');");
    expect(unit).toContain('returned 404 Not Found');

    expect(read('src/primitives.ts')).toContain(
      "import { getItem } from './tools/getItem.js';\n// mcp-factory:tool-imports",
    );
    expect(read('src/primitives.ts')).toContain('  getItem,\n  // mcp-factory:tools');
    const e2e = read('test/e2e/server.e2e.test.ts');
    expect(e2e).toContain("describe('tool get_item (added by npx plop method)'");
    expect(e2e).toContain('spawnServer({ env: { ...env, X_BASE_URL: api.url } })');
    expect(e2e).toMatch(
      /\.toEqual\(\{\s*method: 'GET',\s*path: '\/items\/42',\s*query: \{ limit: '3' \},\s*body: undefined,?\s*\}\);/,
    );
    expect(e2e.trimEnd().endsWith('// mcp-factory:e2e-tests')).toBe(true);
    expect(read('README.md')).toContain(
      '- `get_item`: Fetch one item by id (`GET /items/{id}`: `id`, `limit?`)\n<!-- mcp-factory:readme-tools -->',
    );
    expect(JSON.parse(read('.mcp-factory.json')).runs.at(-1)).toEqual({
      generator: 'method',
      answers: { ...getItem, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      factory: factoryStamp(), // the factory that made the run: `update`'s baseline
    });
  });

  it('refuses the same command a second time and changes no byte', async () => {
    const before = snapshot(repo);
    const { changes, failures } = await run(getItem);
    expect(changes).toEqual([]);
    expect(failures[0].error).toBe('tool get_item already exists (src/tools/getItem.ts): choose another --name');
    expect(snapshot(repo)).toEqual(before);
  });

  it('adds a POST tool that sends its params as a JSON body, keeping hand edits elsewhere', async () => {
    fs.appendFileSync(path.join(repo, 'README.md'), '\nA hand-written note.\n');
    const index = read('src/primitives.ts').replace('export const tools', '// my own comment\nexport const tools');
    fs.writeFileSync(path.join(repo, 'src/primitives.ts'), index);
    const { failures } = await run({
      name: 'create_item',
      description: 'Create an item',
      httpMethod: 'post',
      path: '/items',
      params: 'name:string:Item name, tags?:string[]:Labels, e.g. red, price?:number',
    });
    expect(failures).toEqual([]);
    const tool = read('src/tools/createItem.ts');
    expect(tool).not.toContain('pathWith');
    expect(tool).toMatch(
      /method: 'POST',\s+path,\s+route: '\/items', \/\/ the path's template, for traces\s+body: \{\s+name: input\.name,\s+tags: input\.tags,\s+price: input\.price,\s+\},/,
    );
    expect(tool).toContain("tags: z.array(z.string()).optional().describe('Labels, e.g. red'),");
    expect(tool).toContain('readOnlyHint: false, destructiveHint: false, idempotentHint: false');
    expect(read('test/unit/createItem.test.ts')).toContain(
      "expect(seen.body).toEqual({ name: 'name 1', tags: ['a', 'b'], price: 2.5 });",
    );
    expect(read('README.md')).toContain('A hand-written note.');
    expect(read('src/primitives.ts')).toContain('// my own comment');
    expect(read('src/primitives.ts')).toMatch(/ping,\n\s+getItem,\n\s+createItem,\n\s+\/\/ mcp-factory:tools/);
  });

  it('adds a DELETE tool with destructiveHint and its extra params in the query', async () => {
    const { failures } = await run({
      name: 'delete_item',
      description: 'Delete an item',
      httpMethod: 'DELETE',
      path: '/items/{id}',
      params: 'id:integer, force?:boolean',
    });
    expect(failures).toEqual([]);
    const tool = read('src/tools/deleteItem.ts');
    expect(tool).toContain('id: z.number().int(),');
    expect(tool).toMatch(
      /method: 'DELETE',\s+path,\s+route: '[^']+', \/\/ the path's template, for traces\s+query: \{\s+force: input\.force,/,
    );
    expect(tool).toContain('readOnlyHint: false, destructiveHint: true, idempotentHint: true');
    expect(read('test/unit/deleteItem.test.ts')).toContain("expect(seen.uri).toBe('/items/42?force=true');");
  });

  it('adds a tool without input, and honours annotation flags', async () => {
    const { failures } = await run({
      name: 'list_all',
      description: 'List everything',
      path: '/all',
      openWorldHint: 'false',
    });
    expect(failures).toEqual([]);
    const tool = read('src/tools/listAll.ts');
    expect(tool).toContain('const inputSchema = z.object({});');
    expect(tool).toContain('async run(_input, { upstream, signal })');
    expect(tool).toContain('openWorldHint: false');
    expect(tool).not.toContain('idempotent:'); // GET is retried as idempotent by default: nothing to say
  });

  it('tells the client a POST may be retried when --idempotentHint says so', async () => {
    const { failures } = await run({
      name: 'search_items',
      description: 'Search',
      httpMethod: 'POST',
      path: '/search',
      params: 'q:string',
      idempotentHint: 'true',
    });
    expect(failures).toEqual([]);
    const tool = read('src/tools/searchItems.ts');
    expect(tool).toContain('idempotentHint: true');
    expect(tool).toMatch(
      /method: 'POST',\s+path,\s+route: '[^']+', \/\/ the path's template, for traces\s+idempotent: true, \/\/ --idempotentHint/,
    );
  });

  const ok = { description: 'd', httpMethod: 'GET', path: '/things/{id}', params: 'id:string' };
  it.each([
    [{ ...ok, name: 'GetThing' }, '--name must be snake_case'],
    [{ ...ok, name: 'get__thing' }, '--name must be snake_case'],
    [{ ...ok }, 'missing --name'],
    [{ ...ok, name: 'default' }, '--name "default" is reserved'],
    [{ ...ok, name: 'constructor' }, '--name "constructor" is reserved'],
    [{ ...ok, name: 'index' }, '--name "index" is reserved'],
    [{ ...ok, name: 'ping' }, 'tool ping already exists (src/tools/ping.ts)'],
    [{ ...ok, name: 'get_item' }, 'tool get_item already exists'],
    [
      { ...ok, name: 'thing', params: 'key:string' },
      'path placeholder {id} is not a declared param: add "id:string" to --params',
    ],
    [
      { ...ok, name: 'thing', params: 'id:uuid' },
      '--params: unknown type "uuid" for id: use one of string, number, integer, boolean, string[]',
    ],
    [{ ...ok, name: 'thing', params: 'id string' }, '--params entry "id string" is malformed'],
    [{ ...ok, name: 'thing', params: 'id:string,' }, '--params has an empty entry'],
    [{ ...ok, name: 'thing', params: 'id:string, id:integer' }, 'parameter id is declared twice'],
    [{ ...ok, name: 'thing', params: 'id?:string' }, 'path parameter id cannot be optional'],
    [{ ...ok, name: 'thing', params: '9id:string' }, '"9id" is not a valid parameter name'],
    [{ ...ok, name: 'thing', httpMethod: 'FETCH' }, '--httpMethod must be one of GET, POST, PUT, PATCH, DELETE'],
    [{ ...ok, name: 'thing', path: 'things' }, '--path must start with "/"'],
    [{ ...ok, name: 'thing', path: '/things/{id' }, 'unbalanced'],
    [{ ...ok, name: 'thing', path: '/things\\{id}' }, '--path may only hold URL path characters'],
    [{ ...ok, name: 'thing', description: '' }, 'missing --description'],
    [{ ...ok, name: 'thing', readOnlyHint: 'maybe' }, '--readOnlyHint must be true or false'],
  ])('refuses %j with one clear line and changes no byte', async (answers, message) => {
    await expectOneLineRefusal(repo, () => run(answers), message);
  });

  it('refuses outside a server repo, naming the folder it looked in', async () => {
    const elsewhere = tempDir();
    const other = await nodePlop(plopfile, { destBasePath: elsewhere, force: false });
    const { failures } = await run({ ...getItem, name: 'other' }, other);
    expect(failures[0].error).toBe(
      `not inside an MCP server repo: no .mcp-factory.json in ${elsewhere} (run inside a repo made by \`npx plop server\`, or pass --dest <server-repo>)`,
    );
    await expect(other.getGenerator('method').runPrompts()).rejects.toThrow(`no .mcp-factory.json in ${elsewhere}`);
    expect(snapshot(elsewhere)).toEqual({});
  });

  it.each([
    ['test/e2e/server.e2e.test.ts', 'e2e-tests'],
    ['src/primitives.ts', 'tools'],
    ['README.md', 'readme-tools'],
  ])('refuses when the marker was removed from %s, naming marker and file', async (file, marker) => {
    const original = read(file);
    fs.writeFileSync(path.join(repo, file), original.replace(`mcp-factory:${marker}`, 'removed by hand'));
    const before = snapshot(repo);
    const { failures } = await run({ ...ok, name: 'needs_marker' });
    expect(failures[0].error).toBe(
      `${file}: marker "mcp-factory:${marker}" not found (restore the marker comment, then run again)`,
    );
    expect(snapshot(repo)).toEqual(before);
    fs.writeFileSync(path.join(repo, file), original);
  });

  it('writes nothing on --dry-run and lists what it would create and change', async () => {
    const before = snapshot(repo);
    const { changes, failures } = await run({ ...ok, name: 'dry_thing', dryRun: true });
    expect(failures).toEqual([]);
    const listed = changes.map((c) => c.path).join('\n');
    for (const line of [
      'would create src/tools/dryThing.ts',
      'would create test/unit/dryThing.test.ts',
      'would modify src/primitives.ts',
      'would modify test/e2e/server.e2e.test.ts',
      'would modify README.md',
      'would modify .mcp-factory.json',
    ]) {
      expect(listed).toContain(line);
    }
    expect(snapshot(repo)).toEqual(before);
  });

  it('uses the preset prefix of an LLM server repo', async () => {
    const llm = await serverRepo('acme-ask', 'perplexity');
    const { failures } = await run(
      { ...ok, name: 'get_thing' },
      await nodePlop(plopfile, { destBasePath: llm, force: false }),
    );
    expect(failures).toEqual([]);
    expect(read('test/unit/getThing.test.ts', llm)).toContain(
      "loadConfig({ ...credentials, PERPLEXITY_BASE_URL: BASE, PERPLEXITY_MAX_ATTEMPTS: '1' })",
    );
    expect(read('test/e2e/server.e2e.test.ts', llm)).toContain('PERPLEXITY_BASE_URL: api.url');
  });
});

describe('params and env prefix', () => {
  it('parses name[?]:type[:description], allowing commas inside descriptions', () => {
    expect(parseParams('')).toEqual([]);
    expect(parseParams('none')).toEqual([]);
    expect(parseParams('q:string:Words, or phrases, limit?:integer, tags?:string[]\nflag:boolean:On')).toEqual([
      { name: 'q', type: 'string', optional: false, description: 'Words, or phrases', inPath: false },
      { name: 'limit', type: 'integer', optional: true, description: undefined, inPath: false },
      { name: 'tags', type: 'string[]', optional: true, description: undefined, inPath: false },
      { name: 'flag', type: 'boolean', optional: false, description: 'On', inPath: false },
    ]);
  });

  it('reads the env prefix from src/config.ts, and refuses in one line when it is not there', () => {
    const dir = tempDir();
    const manifest = {
      factoryVersion: '0',
      preset: 'rest',
      runs: [{ generator: 'server', answers: { name: 'acme-items', preset: 'rest' } }],
    };
    expect(() => envPrefix(dir, manifest)).toThrow(
      "cannot tell this server's env prefix: no ENV_PREFIX in src/config.ts and none recorded in .mcp-factory.json",
    );
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/config.ts'), "export const ENV_PREFIX = 'ACME_STORE';\n");
    expect(envPrefix(dir, manifest)).toBe('ACME_STORE');
    // Recorded by the server run since facts are kept: read from there, never from the code.
    expect(envPrefix(dir, { ...manifest, facts: { envPrefix: 'ACME_RECORDED' } })).toBe('ACME_RECORDED');
  });

  it('takes the recorded env prefix of a new repo, and src/config.ts of an old-style repo without facts', async () => {
    const fresh = await generateServer({ name: 'acme-shop', preset: 'rest', baseUrl: 'https://api.example.com' });
    expect(JSON.parse(fs.readFileSync(path.join(fresh, '.mcp-factory.json'), 'utf8')).facts.envPrefix).toBe(
      'ACME_SHOP',
    );
    // The recorded prefix wins over the code: edit src/config.ts, the tool still reads ACME_SHOP_* variables.
    const config = path.join(fresh, 'src/config.ts');
    fs.writeFileSync(
      config,
      fs.readFileSync(config, 'utf8').replace("ENV_PREFIX = 'ACME_SHOP'", "ENV_PREFIX = 'OTHER'"),
    );
    const grow = async (repo: string) =>
      (await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false }))
        .getGenerator('method')
        .runActions({ name: 'get_order', description: 'Fetch one order', path: '/orders/{id}', params: 'id:string' });
    expect((await grow(fresh)).failures).toEqual([]);
    expect(fs.readFileSync(path.join(fresh, 'test/unit/getOrder.test.ts'), 'utf8')).toContain('ACME_SHOP_BASE_URL');
    // test/fixtures/server-repo is an old-style repo: no facts in its manifest, ENV_PREFIX in its config.
    const old = fixtureRepo();
    expect(JSON.parse(fs.readFileSync(path.join(old, '.mcp-factory.json'), 'utf8')).facts).toBeUndefined();
    expect((await grow(old)).failures).toEqual([]);
    expect(fs.readFileSync(path.join(old, 'test/unit/getOrder.test.ts'), 'utf8')).toContain('FIXTURE_API_BASE_URL');
  });
});
