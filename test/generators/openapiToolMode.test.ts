// The tool surface of the `openapi` generator for large specs: toolsets (an operation's first tag,
// else its first path segment) chosen with --toolsets, refused with one line when unknown, recorded
// and listed in the README; and --toolMode dynamic, which writes a catalog of the operations served
// by three tools instead of a tool per operation (the generated repo's own tests run in
// test/e2e/openapiRealSpec.e2e.test.ts, on GitHub's spec).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import * as prettier from 'prettier';
import { FACTORY_STYLE } from '../../engine/format.js';
import { planFromSpec, STATIC_TOOL_LIMIT } from '../../generators/openapi/answers.js';
import { CATALOG_FILE, catalogEntry, sampleOperations, SAMPLE_SIZE } from '../../generators/openapi/dynamic.js';
import { selectOperations, type OperationPlan } from '../../generators/openapi/operations.js';
import { loadSpec } from '../../generators/openapi/spec.js';
import { selectToolsets, toolsetCounts, toolsetOf } from '../../generators/openapi/toolsets.js';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';
import { beforeAll, it } from '../helpers/timeouts.js';

const fixtures = path.join(FACTORY_ROOT, 'test/fixtures/openapi');
const petstore = path.join(fixtures, 'petstore.yaml');
const styles = path.join(fixtures, 'styles.yaml');

async function inFreshRepo(name: string) {
  const repo = await generateServer({ name, preset: 'rest', baseUrl: 'https://api.example.com' });
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
  const run = (answers: Record<string, unknown>) => plop.getGenerator('openapi').runActions(answers);
  const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
  const lastRun = () => JSON.parse(read('.mcp-factory.json')).runs.at(-1);
  return { repo, run, read, lastRun };
}

let petOps: OperationPlan[];
beforeAll(async () => {
  const doc = await loadSpec(petstore, petstore);
  petOps = selectOperations(doc, { include: [], exclude: [], taken: new Set() }).operations;
});

/** What prettier makes of a generated file, in the generated repo's style. */
const formatted = (file: string, text: string) => prettier.format(text, { ...FACTORY_STYLE, filepath: file });

describe('toolsets', () => {
  it('are named by the first tag, else the first literal path segment, else "default"', () => {
    expect(toolsetOf({ tags: ['Cardano » Accounts', 'x'], path: '/a' })).toBe('cardano-accounts');
    expect(toolsetOf({ tags: [], path: '/{tenant}/Billing-Runs/{id}' })).toBe('billing-runs');
    expect(toolsetOf({ tags: ['»'], path: '/{id}' })).toBe('default');
    expect([...toolsetCounts(petOps)]).toEqual([
      ['pets', 4],
      ['store', 4],
    ]);
    expect(selectToolsets(petOps, ['store']).map((op) => op.name)).toEqual(
      petOps.filter((op) => toolsetOf(op) === 'store').map((op) => op.name),
    );
  });

  it('--toolsets writes only those toolsets, records the answer and lists the toolsets in the README', async () => {
    const { run, read, lastRun } = await inFreshRepo('sets');
    const { failures } = await run({ spec: petstore, toolsets: 'store' });
    expect(failures).toEqual([]);
    const store = petOps.filter((op) => toolsetOf(op) === 'store');
    expect(lastRun().answers).toMatchObject({ toolsets: 'store', tools: store.map((op) => op.name) });
    expect(lastRun().answers.toolMode).toBeUndefined(); // the default is not recorded: older records replay alike
    for (const op of petOps) {
      const written = read('src/primitives.ts').includes(`./tools/${op.toolFile}.js`);
      expect([op.name, written]).toEqual([op.name, toolsetOf(op) === 'store']);
    }
    expect(read(`src/tools/${store[0].toolFile}.ts`)).toContain(
      `export const ${store[0].toolVar} = inToolset('store', tool);`,
    );
    const readme = read('README.md');
    expect(readme).toContain('The tools from `petstore.yaml` by toolset:\n\n- `store`: 4 tools\n\n`SETS_TOOLSETS=a,b`');
  });

  it('refuses an unknown toolset with one line naming the known ones, writing nothing', async () => {
    const { repo, run } = await inFreshRepo('unknown-set');
    await expectOneLineRefusal(
      repo,
      () => run({ spec: petstore, toolsets: 'pets,nope' }),
      "--toolsets: unknown toolset nope; this spec's toolsets: pets, store",
    );
    await expectOneLineRefusal(
      repo,
      () => run({ spec: petstore, toolMode: 'lazy' }),
      '--toolMode must be static or dynamic, got "lazy"',
    );
  });
});

describe('--toolMode dynamic', () => {
  it('writes a catalog and three tools instead of a tool per operation, prettier-clean, recorded; a re-run changes nothing', async () => {
    const { repo, run, read, lastRun } = await inFreshRepo('dyn');
    const { failures } = await run({ spec: petstore, toolMode: 'dynamic' });
    expect(failures).toEqual([]);
    const index = read('src/primitives.ts');
    for (const tool of ['searchOperations', 'describeOperation', 'callOperation'])
      expect(index).toContain(`import { ${tool} } from './tools/${tool}.js';`);
    for (const op of petOps) expect(fs.existsSync(path.join(repo, `src/tools/${op.toolFile}.ts`))).toBe(false);

    // The catalog: the operations as data, parsed on first use; the module is already in prettier's layout.
    const catalog = read(CATALOG_FILE);
    expect(await formatted(CATALOG_FILE, catalog)).toBe(catalog);
    const json = /export const CATALOG_JSON =\n {2}'(.*)';\n/.exec(catalog)?.[1];
    if (json === undefined) throw new Error(`no CATALOG_JSON in ${CATALOG_FILE}`);
    const entries = JSON.parse(json.replace(/\\'/g, "'").replace(/\\\\/g, '\\'));
    expect(entries).toEqual(petOps.map(catalogEntry));
    expect(catalog).toContain("export const TOOLSETS: string[] = ['pets', 'store'];");
    expect(catalog).toContain('export const catalog = operationCatalog(TOOLSETS, CATALOG_JSON);');
    expect(read('src/tools/callOperation.ts')).toContain(
      "import { callOperationTool } from '@mcp-factory/runtime/openapi/dynamic';",
    );

    const test = read('test/unit/openapiOperations.test.ts');
    expect(await formatted('test.ts', test)).toBe(test);
    for (const op of petOps) expect(test).toContain(`name: '${op.name}'`);

    const readme = read('README.md');
    expect(readme).toContain('- `pets`: 4 operations\n- `store`: 4 operations');
    expect(readme).toContain('- `call_operation`: calls one operation with validated arguments');

    expect(lastRun().answers).toMatchObject({
      toolMode: 'dynamic',
      tools: ['search_operations', 'describe_operation', 'call_operation'],
    });
    expect(Object.keys(lastRun().answers.files)).toEqual([CATALOG_FILE, 'test/unit/openapiOperations.test.ts']);

    const before = snapshot(repo);
    expect((await run({ spec: petstore, toolMode: 'dynamic' })).failures).toEqual([]);
    expect(snapshot(repo)).toEqual(before);

    // One catalog per server: another spec in dynamic mode is refused.
    await expectOneLineRefusal(
      repo,
      () => run({ spec: styles, toolMode: 'dynamic' }),
      "--toolMode dynamic: this server's operation catalog already serves",
    );
  });

  it('--toolsets narrows the catalog too; `server --openapi` takes both flags and records them', async () => {
    const parent = tempDir();
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const { failures } = await plop.getGenerator('server').runActions({
      name: 'srv',
      preset: 'rest',
      openapi: petstore,
      toolMode: 'dynamic',
      toolsets: 'pets',
    });
    expect(failures).toEqual([]);
    const repo = path.join(parent, 'srv');
    // The spec's tools are the openapi generator's own run, recorded after the server's.
    const runs = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8')).runs;
    expect(runs.slice(0, 2).map((run: { generator: string }) => run.generator)).toEqual(['server', 'openapi']);
    expect(runs[1].answers).toMatchObject({
      toolsets: 'pets',
      toolMode: 'dynamic',
      tools: ['search_operations', 'describe_operation', 'call_operation'],
    });
    const catalog = fs.readFileSync(path.join(repo, CATALOG_FILE), 'utf8');
    expect(catalog).toContain("export const TOOLSETS: string[] = ['pets'];");
    for (const op of petOps) expect(catalog.includes(`"name":"${op.name}"`)).toBe(toolsetOf(op) === 'pets');
  });

  it('samples at most SAMPLE_SIZE operations for the generated test, spread over the spec, the same each run', () => {
    const many = Array.from({ length: 95 }, (_, i) => ({ ...petOps[0], name: `op_${String(i).padStart(3, '0')}` }));
    const sample = sampleOperations(many);
    expect(sample.length).toBeLessThanOrEqual(SAMPLE_SIZE);
    expect(sample.length).toBeGreaterThan(SAMPLE_SIZE / 2);
    expect(sample[0].name).toBe('op_000');
    expect(sample[sample.length - 1].name > 'op_080').toBe(true);
    expect(sampleOperations([...many].reverse())).toEqual(sample);
  });

  // Microsoft Graph's beta spec (22,194 operations) in static mode wrote 44,000 files whose type-check ran out of a
  // 4 GB heap (the corpus run died on it): past STATIC_TOOL_LIMIT operations the default is dynamic mode.
  it('is the default past STATIC_TOOL_LIMIT operations (recorded, so update replays it); --toolMode static still wins', async () => {
    const spec = path.join(tempDir(), 'huge.json');
    const paths = Object.fromEntries(
      Array.from({ length: STATIC_TOOL_LIMIT + 1 }, (_, i) => [
        `/things${i}`,
        { get: { operationId: `getThing${i}`, responses: { '200': { description: 'ok' } } } },
      ]),
    );
    fs.writeFileSync(spec, JSON.stringify({ openapi: '3.0.3', info: { title: 'huge', version: '1' }, paths }));
    const answers = { spec, include: '', exclude: '', toolsets: '' };
    const plan = (toolMode?: 'static' | 'dynamic', exclude = '') =>
      planFromSpec({ ...answers, exclude, toolMode }, spec, path.dirname(spec), 'X', new Set(['ping']));
    const auto = await plan();
    expect(auto.toolMode).toBe('dynamic');
    expect(auto.operations).toHaveLength(STATIC_TOOL_LIMIT + 1);
    expect(auto.notes).toContain(
      `${STATIC_TOOL_LIMIT + 1} operations, more than ${STATIC_TOOL_LIMIT}: dynamic tool mode (three tools over a catalog), the default past that; --toolMode static writes a tool per operation anyway, --toolsets or --include narrow the operations`,
    );
    expect((await plan('static')).toolMode).toBe('static');
    // At the limit (one operation left out), a tool per operation as before.
    const narrowed = await plan(undefined, 'getThing0');
    expect(narrowed.toolMode).toBe('static');
    expect(narrowed.operations).toHaveLength(STATIC_TOOL_LIMIT);

    // Through the command line's answers (no --toolMode): dynamic, and recorded as such.
    const { run, lastRun } = await inFreshRepo('huge');
    expect((await run({ spec })).failures).toEqual([]);
    expect(lastRun().answers).toMatchObject({
      toolMode: 'dynamic',
      tools: ['search_operations', 'describe_operation', 'call_operation'],
    });
  });
});
