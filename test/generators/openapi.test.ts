// The `openapi` generator against a freshly generated server repo: one tool per operation of a
// fixture spec (names, schemas, serialisation, notes), a re-run that changes nothing, filters, dry
// runs, and one-line refusals for specs it cannot use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { specFacts } from '../../generators/openapi/facts.js';
import { selectOperations, toolNameOf } from '../../generators/openapi/operations.js';
import { loadSpec } from '../../generators/openapi/spec.js';
import { operationTemplateData } from '../../generators/openapi/templateData.js';

const petstore = path.join(FACTORY_ROOT, 'test/fixtures/openapi/petstore.yaml');
const swagger2 = path.join(FACTORY_ROOT, 'test/fixtures/openapi/swagger2.yaml');
let repo: string;
let plop: NodePlopAPI;

const run = (answers: Record<string, unknown>) => plop.getGenerator('openapi').runActions({ ...answers });
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const specFile = (name: string, text: string) => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(async () => {
  repo = await generateServer({ name: 'x', preset: 'rest', baseUrl: 'https://api.example.com' });
  plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
});

describe('openapi generator', () => {
  it('refuses specs it cannot use with one line, changing no byte', async () => {
    await expectOneLineRefusal(repo, () => run({ spec: path.join(repo, 'nope.yaml') }), 'nope.yaml: no such file');
    const remote = specFile(
      'remote.yaml',
      "openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths:\n  /a:\n    get:\n      responses: { '200': { $ref: 'https://example.com/r.yaml' } }\n",
    );
    await expectOneLineRefusal(
      repo,
      () => run({ spec: remote }),
      'remote $ref "https://example.com/r.yaml" at #/paths/~1a/get/responses/200',
    );
    const invalid = specFile(
      'invalid.yaml',
      "openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths:\n  /a/{id}:\n    get:\n      parameters: [{ name: id, in: path, schema: { type: string } }]\n      responses: { '200': { description: ok } }\n",
    );
    await expectOneLineRefusal(
      repo,
      () => run({ spec: invalid }),
      "is not a valid OpenAPI document: REQUIRED must have required property 'required' at #/paths/~1a~1{id}/get/parameters/0",
    );
    const swagger12 = specFile('swagger.json', JSON.stringify({ swagger: '1.2', info: { title: 'x' }, paths: {} }));
    await expectOneLineRefusal(repo, () => run({ spec: swagger12 }), 'is Swagger 1.2: only 2.0 can be converted');
    await expectOneLineRefusal(
      repo,
      () => run({ spec: petstore, include: 'tag:nothing' }),
      'no operation to add (check --include / --exclude)',
    );
  });

  it('a $ref to nothing is reported where it is used, and nowhere else (OpenAPI 3.0 and 3.1)', async () => {
    for (const version of ['3.0.3', '3.1.0']) {
      const file = specFile(
        `missing-${version}.yaml`,
        [
          `openapi: ${version}`,
          "info: { title: x, version: '1' }",
          'paths:',
          '  /items:',
          '    get:',
          '      parameters:',
          '        - { name: q, in: query, schema: { type: string } }',
          "        - $ref: '#/components/parameters/Limit'",
          "      responses: { '200': { description: ok } }",
          '    post:',
          '      parameters: [{ name: dry, in: query, schema: { type: boolean } }]',
          '      requestBody:',
          "        content: { application/json: { schema: { $ref: '#/components/schemas/Missing' } } }",
          "      responses: { '200': { description: ok } }",
          '  /items/{id}:',
          '    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
          '    put:',
          '      requestBody:',
          "        content: { application/json: { schema: { $ref: '#/components/schemas/Missing' } } }",
          "      responses: { '200': { description: ok } }",
          'components:',
          '  schemas: { Item: { type: object } }',
          '  parameters: { Limit: { name: limit, in: query, schema: { type: integer } } }',
        ].join('\n'),
      );
      const error = await loadSpec(file).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(error).toMatch(
        /^--spec .* is not a valid OpenAPI document: Missing \$ref pointer "#\/components\/schemas\/Missing"/,
      );
      expect(error?.split(' at ').at(-1)).toBe(
        '#/paths/~1items/post/requestBody/content/application~1json/schema, #/paths/~1items~1{id}/put/requestBody/content/application~1json/schema',
      );
    }
  });

  it('converts Swagger 2.0 to OpenAPI 3 (swagger2openapi): bodies, collection formats, server and auth', async () => {
    const before = snapshot(repo);
    const { changes, failures } = await run({ spec: swagger2, dryRun: true });
    expect(failures).toEqual([]);
    const shown = changes.map((c) => c.path).join('\n');
    // The cover's formData parameter becomes a multipart body: a tool like any other.
    for (const tool of [
      'list_books: GET /books',
      'add_book: POST /books',
      'get_book: GET /books/{bookId}',
      'upload_cover: PUT /books/{bookId}/cover',
    ])
      expect(shown).toContain(tool);
    expect(snapshot(repo)).toEqual(before);

    const { operations } = selectOperations(await loadSpec(swagger2), { include: [], exclude: [], taken: new Set() });
    const named = (name: string) => {
      const found = operations.find((op) => op.name === name);
      if (!found) throw new Error(`the spec has no operation ${name}`);
      return found;
    };
    const data = operationTemplateData(named('list_books'), 'X');
    // collectionFormat multi → exploded form, csv → comma-joined; the header stays a header.
    expect(data.sample.uri).toMatch(/^\/books\?author=author1[^&]*&author=author2[^&]*&isbn=isbn1[^&]*%2Cisbn2/);
    expect(Object.keys(data.sample.headers)).toEqual(['x-trace']);
    const add = named('add_book');
    expect(add.bodyKey).toBe('body');
    expect(add.inputSchema.required).toEqual(['body']);

    // The facts `server --openapi` reads before its questions agree with the converted document's.
    const converted = specFile('converted.json', JSON.stringify(await loadSpec(swagger2)));
    expect(specFacts(swagger2)).toEqual(specFacts(converted));
    expect(specFacts(swagger2)).toMatchObject({
      baseUrl: 'https://library.example.com/api/v2',
      auth: { scheme: 'basic' },
    });
  });

  it('serialises every parameter style of the styles fixture as the OpenAPI style table says', async () => {
    const styles = path.join(FACTORY_ROOT, 'test/fixtures/openapi/styles.yaml');
    const { operations } = selectOperations(await loadSpec(styles), { include: [], exclude: [], taken: new Set() });
    const sent = Object.fromEntries(
      operations.map((op) => {
        const { sample } = operationTemplateData(op, 'X');
        return [op.name, { input: sample.input, uri: sample.uri, headers: sample.headers }];
      }),
    );
    expect(sent).toEqual({
      simple_styles: {
        input: { ids: [1, 2], point: { x: 1, y: 1 }, pointExploded: { x: 1, y: 1 } },
        uri: '/simple/1,2/x,1,y,1/x=1,y=1', // simple: array, object, exploded object
        headers: {},
      },
      matrix_styles: {
        input: { ids: [1, 2], idsExploded: [1, 2] },
        uri: '/matrix/;ids=1,2/;idsExploded=1;idsExploded=2',
        headers: {},
      },
      query_styles: {
        input: { words: ['red', 'green'], range: { min: 1 }, flat: { lang: 'en' }, 'X-Tags': ['a', 'b'] },
        uri: '/query?words=red+green&range=min%2C1&lang=en', // spaceDelimited; form object, not exploded and exploded
        headers: { 'x-tags': 'a,b' }, // a header array is simple: comma-joined; the Accept parameter is ignored
      },
    });
    expect(specFacts(styles).auth).toEqual({ scheme: 'bearer' });
  });

  it('--dry-run lists the tools and their routes, and writes nothing', async () => {
    const before = snapshot(repo);
    const { changes, failures } = await run({ spec: petstore, dryRun: true });
    expect(failures).toEqual([]);
    const shown = changes.map((c) => c.path).join('\n');
    expect(shown).toContain('list_pets: GET /pets → src/tools/listPets.ts');
    expect(shown).toContain(
      'note: the spec authenticates with header, this server with bearer: npx plop auth -- --auth header --headerName X-Api-Key switches it',
    );
    expect(shown).toContain(
      'note: POST /pets/{petId}/photo: skipped (its required body is image/png, not JSON, a form or text)',
    );
    expect(snapshot(repo)).toEqual(before);
  });

  it('writes one tool per operation, with spec-exact parameters, bodies and names', async () => {
    fs.writeFileSync(
      path.join(repo, 'src/tools/getOwners.ts'),
      "// hand-written\nexport const getOwners = defineTool({ name: 'get_owners' });\n",
    );
    const { failures } = await run({ spec: petstore, exclude: 'tag:nothing-to-exclude' });
    expect(failures).toEqual([]);
    const runs = JSON.parse(read('.mcp-factory.json')).runs;
    expect(runs.at(-1).answers.tools).toEqual([
      'list_pets',
      'create_pet',
      'get_pet_by_id',
      'delete_pets_by_pet_id',
      'get_owners_2', // get_owners is a hand-written tool: it keeps its name
      'get_category_tree',
      'replace_category_tree_with_a_very_long_operation_identifier_that',
      'replace_category_tree_with_a_very_long_operation_identifier_th_2', // the same 64 characters
    ]);
    expect(read('src/tools/getOwners.ts')).toContain('// hand-written');
    const getPet = read('src/tools/getPetById.ts');
    expect(getPet).toContain("{ key: 'petId', name: 'petId', in: 'path' },");
    expect(getPet).toContain("{ key: 'petId_query', name: 'petId', in: 'query' },"); // same name, other location
    const createPet = read('src/tools/createPet.ts');
    expect(createPet).toContain("body: values['body'],");
    expect(createPet).not.toContain("id: { type: 'integer' }"); // read-only: the server fills it
    expect(createPet).toContain("nickname: { type: ['string', 'null'] }");
    expect(read('src/tools/listPets.ts')).toContain(
      "limit: { type: 'integer', minimum: 1, maximum: 100, description: 'Default: 20.' }",
    );
    expect(read('src/tools/deletePetsByPetId.ts')).toContain("description: 'Deprecated. Delete a pet',");
    expect(read('src/tools/getCategoryTree.ts')).toContain('readOnlyHint: true');
    const tree = read('src/tools/replaceCategoryTreeWithAVeryLongOperationIdentifierThat.ts');
    expect(tree).toContain('Recursive or deeply nested'); // the Category cycle
    const unit = read('test/unit/openapi/listPets.ts');
    expect(unit).toContain('/pets?tags=tags1+a%2Fb&tags=tags2+a%2Fb&status=available%2Csold&filter%5Bcolor%5D=');
    expect(unit).toContain("headers: { 'x-request-id': '3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f' },");
    expect(read('test/unit/openapi/getOwners2.ts')).toContain("uri: '/owners/.1.2',");
    // One test module per tool, all run by one jest file (jest sets up each test file apart).
    const written = Object.keys(runs.at(-1).answers.files);
    const toolFiles = written.filter((file) => file.startsWith('src/tools/'));
    expect(toolFiles.length).toBeGreaterThan(5);
    expect(written.filter((file) => file.startsWith('test/unit/')).sort()).toEqual(
      toolFiles.map((file) => file.replace(/^src\/tools\//, 'test/unit/openapi/')).sort(),
    );
    expect(fs.readdirSync(path.join(repo, 'test/unit/openapi')).length).toBe(toolFiles.length);
    expect(fs.readdirSync(path.join(repo, 'test/unit')).filter((file) => file.endsWith('.test.ts'))).not.toContain(
      'listPets.test.ts',
    );
    expect(read('test/unit/openapi.test.ts')).toContain("readdirSync(new URL('./openapi/', import.meta.url))");
    expect(read('test/e2e/server.e2e.test.ts')).toContain(
      "describe('tools from petstore.yaml (added by npx plop openapi)'",
    );
    // What the tools run on is the runtime's, not a copy in the repo.
    expect(read('src/tools/listPets.ts')).toContain(
      "import { buildRequest, inToolset, lazyInputSchema, type ParamSpec } from '@mcp-factory/runtime/openapi';",
    );
    for (const copied of ['src/openapi.ts', 'src/openapiSchema.ts', 'test/unit/openapiSchema.test.ts'])
      expect(fs.existsSync(path.join(repo, copied))).toBe(false);
  });

  it('changes nothing when run again with the same spec', async () => {
    const before = snapshot(repo);
    const { failures } = await run({ spec: petstore, exclude: 'tag:nothing-to-exclude' });
    expect(failures).toEqual([]);
    expect(snapshot(repo)).toEqual(before);
  });

  it('keeps the spec as the run read it in .mcp-factory/specs/<hash>, records the hash and says so', async () => {
    const fresh = await generateServer({ name: 'kept', preset: 'rest', baseUrl: 'https://api.example.com' });
    const inRepo = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: fresh, force: false });
    const { changes, failures } = await inRepo.getGenerator('openapi').runActions({ spec: petstore });
    expect(failures).toEqual([]);
    const recorded = JSON.parse(fs.readFileSync(path.join(fresh, '.mcp-factory.json'), 'utf8')).runs.at(-1).answers;
    expect(recorded.specHash).toMatch(/^[0-9a-f]{16}$/);
    const copy = `.mcp-factory/specs/${recorded.specHash}.yaml`;
    expect(fs.readFileSync(path.join(fresh, copy), 'utf8')).toBe(fs.readFileSync(petstore, 'utf8'));
    const shown = changes.map((c) => c.path).join('\n');
    expect(shown).toContain(`${copy}: the spec as this run read it (npx plop update replays the run from this copy`);
    expect(shown).toContain(`git add ${copy}`);
    // The repo's `npm run format` leaves the copy as it was read.
    const prettier = path.join(FACTORY_ROOT, 'node_modules/.bin/prettier');
    const info = JSON.parse(execFileSync(prettier, ['--file-info', copy], { cwd: fresh, encoding: 'utf8' }));
    expect(info.ignored).toBe(true);

    // A spec split over files is kept as one bundle, which alone gives the same tools.
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'item.yaml'), 'type: object\nproperties: { name: { type: string } }\n');
    const split = path.join(dir, 'split.yaml');
    fs.writeFileSync(
      split,
      "openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths:\n  /items:\n    post:\n      operationId: addItem\n      requestBody: { content: { application/json: { schema: { $ref: './item.yaml' } } } }\n      responses: { '200': { description: ok } }\n",
    );
    expect((await inRepo.getGenerator('openapi').runActions({ spec: split })).failures).toEqual([]);
    const splitHash = JSON.parse(fs.readFileSync(path.join(fresh, '.mcp-factory.json'), 'utf8')).runs.at(-1).answers
      .specHash;
    const bundled = path.join(tempDir(), 'alone.yaml');
    fs.copyFileSync(path.join(fresh, `.mcp-factory/specs/${splitHash}.yaml`), bundled);
    const tools = async (file: string) =>
      selectOperations(await loadSpec(file), { include: [], exclude: [], taken: new Set() }).operations;
    expect(await tools(bundled)).toEqual(await tools(split));
  });

  it('names tools from operationIds or routes, within 64 characters', () => {
    expect(toolNameOf('getPetById', 'get', '/pets/{id}')).toBe('get_pet_by_id');
    expect(toolNameOf('HTTPStatusCheck', 'get', '/s')).toBe('http_status_check');
    expect(toolNameOf(undefined, 'delete', '/pets/{petId}')).toBe('delete_pets_by_pet_id');
    expect(toolNameOf('2fa.verify', 'post', '/x')).toBe('op_2fa_verify');
    expect(toolNameOf('delete', 'delete', '/x')).toBe('delete_op');
    // Not the names of src/primitives.ts's lists (azure.com/resourcegraph: `Resources` failed its type-check).
    expect(toolNameOf('Resources', 'post', '/providers/Microsoft.ResourceGraph/resources')).toBe('resources_op');
    expect(toolNameOf('prompts', 'get', '/x')).toBe('prompts_op');
    expect(toolNameOf('x'.repeat(80), 'get', '/x')).toHaveLength(64);
  });

  it('`server --openapi` builds a new server from the spec (all operations, or those --include / --exclude select): its tools, base URL and auth; a later run of the spec changes nothing', async () => {
    const fresh = await generateServer({ name: 'petstore', preset: 'rest', openapi: petstore });
    const file = (rel: string) => fs.readFileSync(path.join(fresh, rel), 'utf8');
    expect(file('src/config.ts')).toContain('https://eu.petstore.example.com/v1'); // servers[0], region's default
    expect(file('src/auth.ts')).toContain("export const KEY_HEADER = 'X-Api-Key';"); // the spec's security: api_key
    expect(file('README.md')).toContain('api_key: API key in header X-Api-Key (applied); oauth: oauth2');
    expect(file('src/primitives.ts')).toContain('  ping,\n  listPets,');
    // The server's run records the preset's scheme; the spec's tools are the openapi generator's own run, and
    // the spec's scheme the auth generator's.
    const [server, spec, auth, ...more] = JSON.parse(file('.mcp-factory.json')).runs;
    expect(more).toEqual([]);
    expect(server.answers).toMatchObject({ auth: 'bearer' });
    expect(server.answers.openapi).toBeUndefined();
    expect(auth).toMatchObject({ generator: 'auth', answers: { scheme: 'header', headerName: 'X-Api-Key' } });
    expect(spec.generator).toBe('openapi');
    expect(spec.answers).toMatchObject({ spec: path.relative(fresh, petstore) });
    expect(spec.answers.tools).toHaveLength(8);
    // Where the tools come from: the spec as recorded (relative to the repo), in the spec's README region.
    expect(file('README.md')).toContain(`come from \`${path.relative(fresh, petstore)}\``);

    const parent = tempDir();
    const factory = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const newServer = (answers: Record<string, unknown>) =>
      factory.getGenerator('server').runActions({ name: 'only', preset: 'rest', ...answers });
    await expectOneLineRefusal(
      parent,
      () => newServer({ baseUrl: 'https://api.example.com', include: 'tag:pets' }),
      '--include selects operations of --openapi: give --openapi <spec> too',
    );
    expect((await newServer({ openapi: petstore, include: 'tag:pets', exclude: 'deprecated' })).failures).toEqual([]);
    const only = JSON.parse(fs.readFileSync(path.join(parent, 'only/.mcp-factory.json'), 'utf8')).runs[1].answers;
    expect(only).toMatchObject({ include: 'tag:pets', exclude: 'deprecated' });
    expect(only.tools).toEqual(['list_pets', 'create_pet', 'get_pet_by_id']);

    const inRepo = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: fresh, force: false });
    const before = snapshot(fresh);
    const { failures } = await inRepo.getGenerator('openapi').runActions({ spec: petstore });
    expect(failures).toEqual([]);
    expect(snapshot(fresh)).toEqual(before);
  });

  it('a changed spec updates the tools it wrote, leaves a tool edited by hand alone (one-line refusal), and notes tools it dropped', async () => {
    const fresh = await generateServer({ name: 'evolving', preset: 'rest', baseUrl: 'https://api.example.com' });
    const inRepo = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: fresh, force: false });
    const runIn = (answers: Record<string, unknown>) => inRepo.getGenerator('openapi').runActions({ ...answers });
    const spec = path.join(tempDir(), 'api.yaml');
    const original = fs.readFileSync(petstore, 'utf8');
    fs.writeFileSync(spec, original);
    expect((await runIn({ spec })).failures).toEqual([]);
    const tool = (file: string) => fs.readFileSync(path.join(fresh, 'src/tools', file), 'utf8');

    fs.writeFileSync(spec, original.replace('summary: List pets', 'summary: List the pets of the store'));
    const updated = await runIn({ spec });
    expect(updated.failures).toEqual([]);
    expect(tool('listPets.ts')).toContain("description: 'List the pets of the store',");

    fs.appendFileSync(path.join(fresh, 'src/tools/listPets.ts'), '// my own line\n');
    fs.writeFileSync(spec, original.replace('summary: List pets', 'summary: List every pet'));
    await expectOneLineRefusal(
      fresh,
      () => runIn({ spec }),
      'refusing to overwrite src/tools/listPets.ts: it was changed since mcp-factory wrote it',
    );

    fs.writeFileSync(path.join(fresh, 'src/tools/listPets.ts'), tool('listPets.ts').replace('// my own line\n', ''));
    const dropped = await runIn({ spec, exclude: 'getOwners' });
    expect(dropped.failures).toEqual([]);
    expect(dropped.changes.map((c) => c.path).join('\n')).toContain(
      'note: no longer in the spec, left in place (remove by hand): get_owners',
    );
    expect(tool('listPets.ts')).toContain("description: 'List every pet',");
  });

  describe('a spec that changes, under its own name or a new one', () => {
    const op = (id: string, summary: string) =>
      `      operationId: ${id}\n      summary: ${summary}\n      responses: { '200': { description: ok } }\n`;
    const shop = (summaries: { search?: string; get?: string; getId?: string; put?: boolean } = {}) =>
      [
        'openapi: 3.0.3',
        "info: { title: shop, version: '1' }",
        'paths:',
        '  /items:',
        `    get:\n${op('searchItems', summaries.search ?? 'Search items')}`,
        `    post:\n${op('addItem', 'Add an item')}`,
        '  /items/{id}:',
        '    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
        `    get:\n${op(summaries.getId ?? 'getItem', summaries.get ?? 'Fetch one item')}`,
        summaries.put ? `    put:\n${op('updateItem', 'Update an item')}` : '',
      ].join('\n');
    let shopRepo: string;
    let runShop: (answers: Record<string, unknown>) => ReturnType<typeof run>;
    const said = async (answers: Record<string, unknown>) => {
      const { changes, failures } = await runShop(answers);
      expect(failures).toEqual([]);
      return changes.map((c) => c.path).join('\n');
    };
    const readmeLines = () =>
      fs
        .readFileSync(path.join(shopRepo, 'README.md'), 'utf8')
        .split('\n')
        .filter((l) => /^- `(search_items|add_item|get_item|update_item)/.test(l));
    const tools = () => fs.readdirSync(path.join(shopRepo, 'src/tools')).sort();
    const dir = tempDir();
    const specAt = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };

    beforeAll(async () => {
      shopRepo = await generateServer({ name: 'shop', preset: 'rest', baseUrl: 'https://api.example.com' });
      const inRepo = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: shopRepo, force: false });
      runShop = (answers) => inRepo.getGenerator('openapi').runActions({ ...answers });
    });

    it('re-run on the changed spec: reports added / updated / unchanged exactly and keeps one README line per tool', async () => {
      const spec = specAt('shop.yaml', shop());
      expect(await said({ spec })).toContain(
        'shop.yaml: 3 tool(s) added (search_items, add_item, get_item), 0 updated, 0 unchanged, 0 removed',
      );
      fs.writeFileSync(spec, shop({ search: 'Search the items of the shop', put: true }));
      expect(await said({ spec })).toContain(
        'shop.yaml: 1 tool(s) added (update_item), 1 updated (search_items), 2 unchanged, 0 removed',
      );
      expect(readmeLines()).toEqual([
        '- `search_items`: Search the items of the shop (`GET /items`, from the OpenAPI spec)',
        '- `add_item`: Add an item (`POST /items`, from the OpenAPI spec)',
        '- `get_item`: Fetch one item (`GET /items/{id}`, from the OpenAPI spec)',
        '- `update_item`: Update an item (`PUT /items/{id}`, from the OpenAPI spec)',
      ]);
    });

    it('the changed spec under a new file name updates the tools that serve its routes, never duplicating one', async () => {
      const before = tools();
      // getItem renamed (matched by method and path), its summary changed; the rest as they were.
      const renamed = specAt(
        'shop-v2.yaml',
        shop({ search: 'Search the items of the shop', put: true, getId: 'fetchItem', get: 'Fetch an item' }),
      );
      expect(await said({ spec: renamed })).toContain(
        'shop-v2.yaml: 0 tool(s) added, 1 updated (get_item), 3 unchanged, 0 removed',
      );
      expect(tools()).toEqual(before);
      expect(readmeLines()).toContain('- `get_item`: Fetch an item (`GET /items/{id}`, from the OpenAPI spec)');
      expect(readmeLines()).toHaveLength(4);
      // A tool edited by hand is refused with one line, not written again under another name.
      fs.appendFileSync(path.join(shopRepo, 'src/tools/getItem.ts'), '// mine\n');
      const third = specAt(
        'shop-v3.yaml',
        shop({ search: 'Search the items of the shop', put: true, get: 'Fetch it' }),
      );
      await expectOneLineRefusal(
        shopRepo,
        () => runShop({ spec: third }),
        'refusing to overwrite src/tools/getItem.ts: it was changed since mcp-factory wrote it',
      );
    });
  });

  it.each([
    [
      { type: 'apiKey', in: 'header', name: 'X-Key' },
      { scheme: 'header', headerName: 'X-Key' },
    ],
    [
      { type: 'apiKey', in: 'query', name: 'key' },
      { scheme: 'query', queryParam: 'key' },
    ],
    [{ type: 'http', scheme: 'bearer' }, { scheme: 'bearer' }],
    [{ type: 'http', scheme: 'basic' }, { scheme: 'basic' }],
    [
      {
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: 'https://a.example.com/t', scopes: { r: 'read', w: 'write' } } },
      },
      { scheme: 'oauth2', tokenUrl: 'https://a.example.com/t', scopes: 'r w' },
    ],
  ])('server --openapi maps the security scheme %j onto %j', (scheme, auth) => {
    const file = specFile(
      `s${Math.random().toString(36).slice(2)}.json`,
      JSON.stringify({
        openapi: '3.0.3',
        servers: [{ url: 'https://{env}.example.com', variables: { env: { default: 'api' } } }],
        security: [{ main: [] }],
        components: {
          securitySchemes: { other: { type: 'openIdConnect', openIdConnectUrl: 'https://x' }, main: scheme },
        },
      }),
    );
    expect(specFacts(file)).toEqual({
      baseUrl: 'https://api.example.com',
      auth,
      schemes: [expect.stringMatching(/^main: .* \(applied\)$/), 'other: openIdConnect'],
    });
  });
});
