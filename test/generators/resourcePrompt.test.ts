// The `resource` and `prompt` generators against a freshly generated server repo, through node-plop's
// runActions: the files they write, every refusal (byte-identical tree), re-runs and dry runs.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { FACTORY_ROOT, snapshot } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal, expectRefusalAfterEdit } from '../helpers/refusal.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { parseArgs, parseCompletions } from '../../generators/prompt/answers.js';
import { renderMessage } from '../../generators/prompt/templateData.js';
import { uriVariables } from '../../generators/resource/answers.js';
import { factoryStamp } from '../../engine/factoryStamp.js';
import { sampleRead } from '../../generators/resource/templateData.js';

let repo: string;
let plop: NodePlopAPI;

const run = (generator: 'resource' | 'prompt', answers: Record<string, unknown>) =>
  plop.getGenerator(generator).runActions({ ...answers });
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const runs = () => JSON.parse(read('.mcp-factory.json')).runs as Array<{ generator: string; answers: unknown }>;

const item = { name: 'item', uri: 'items://{id}', path: '/items/{id}', list: true };
const research = {
  name: 'research',
  description: 'Research a topic',
  args: 'topic:Topic to research, depth?:How deep, in words',
  complete: 'depth=brief|normal|deep',
};

beforeAll(async () => {
  repo = await generateServer({ name: 'x', preset: 'rest', baseUrl: 'https://api.example.com' });
  plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
});

describe('resource generator', () => {
  it('adds a listable template: source, unit test, registration, e2e block, README line and record', async () => {
    const { changes, failures } = await run('resource', item);
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path)).toContain('wrote 6 file(s): 2 created, 4 modified');
    const source = read('src/resources/item.ts');
    expect(source).toContain("uri: 'items://{id}',");
    expect(source).toContain("path: pathWith('/items/{id}', { id: vars.id }),");
    expect(source).toContain("const data = await upstream.request({ path: '/items', route: '/items', signal });");
    expect(read('src/primitives.ts')).toContain(
      "import { itemResource } from './resources/item.js';\n// mcp-factory:resource-imports",
    );
    expect(read('src/primitives.ts')).toContain('  itemResource,\n  // mcp-factory:resources');
    const unit = read('test/unit/item.resource.test.ts');
    expect(unit).toContain("expect(seen.uri).toBe('/items/a%20b%2F42');");
    expect(read('test/e2e/server.e2e.test.ts')).toContain("describe('resource item (added by npx plop resource)'");
    expect(read('README.md')).toContain(
      '- `items://{id}`: Item from the upstream API (`GET /items/{id}`, listed from `GET /items`)\n<!-- mcp-factory:readme-resources -->',
    );
    expect(runs().at(-1)).toEqual({
      generator: 'resource',
      answers: {
        name: 'item',
        uri: 'items://{id}',
        path: '/items/{id}',
        title: 'Item',
        description: 'Item from the upstream API',
        mimeType: 'application/json',
        list: true,
        listPath: '/items',
      },
      factory: factoryStamp(),
    });
  });

  it('maps URI variables missing from the path to query parameters, and reads other MIME types as text', async () => {
    const { failures } = await run('resource', {
      name: 'search_page',
      uri: 'search://{q}/{page}',
      path: '/search/{page}',
      mimeType: 'text/plain',
    });
    expect(failures).toEqual([]);
    const source = read('src/resources/searchPage.ts');
    expect(source).toContain("path: pathWith('/search/{page}', { page: vars.page }),");
    expect(source).toContain('query: { q: vars.q },');
    expect(source).toContain("responseType: 'text',");
  });

  it('refuses the same resource a second time and changes no byte', async () => {
    await expectOneLineRefusal(
      repo,
      () => run('resource', item),
      'resource item already exists (src/resources/item.ts)',
    );
  });

  it.each([
    [{ uri: 'items/{id}' }, '--uri must start with a scheme such as docs:// or items://'],
    [{ uri: 'items://{+id}' }, '--uri: "{+id}" is not supported: use plain {name} variables'],
    [{ uri: 'items://{id' }, '--uri has an unbalanced "{" or "}"'],
    [{ uri: 'items://{id}/{id}', path: '/items/{id}' }, '--uri: variable {id} appears twice'],
    [{ path: '/items/{key}' }, '--path placeholder {key} is not a variable of --uri "items://{id}"'],
    [{ uri: 'docs://readme', path: '/readme', list: true }, '--list needs a URI template such as items://{id}'],
    [{ uri: 'a://{x}/{y}', path: '/a/{x}/{y}', list: true }, '--list needs a URI template with exactly one variable'],
    [{ mimeType: 'json' }, '--mimeType must look like type/subtype, got "json"'],
    [{ name: 'Item Detail' }, '--name must be lowercase letters and digits separated by single - or _'],
    [{ name: 'index' }, '--name "index" is reserved'],
  ])('refuses %j with one line and no byte changed', async (override, message) => {
    await expectOneLineRefusal(repo, () => run('resource', { ...item, name: 'other', ...override }), message);
  });

  it('refuses when its marker is gone, naming it', async () => {
    await expectRefusalAfterEdit(
      repo,
      'src/primitives.ts',
      (s) => s.replace('// mcp-factory:resources', ''),
      () => run('resource', { ...item, name: 'other' }),
      'src/primitives.ts: marker "mcp-factory:resources" not found',
    );
  });

  it('--dry-run lists what it would write and writes nothing', async () => {
    const before = snapshot(repo);
    const { changes, failures } = await run('resource', { ...item, name: 'other', dryRun: true });
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path).join('\n')).toContain('src/resources/other.ts');
    expect(snapshot(repo)).toEqual(before);
  });

  it('derives the request of a URI from the plan as the generated code makes it', () => {
    expect(uriVariables('a://{x}/b/{y}')).toEqual(['x', 'y']);
    const plan = { uri: 'items://{id}', path: '/items/{id}', queryVariables: [] };
    expect(sampleRead(plan, { id: 'a b/42' })).toEqual({
      uri: 'items://a%20b%2F42',
      upstream: '/items/a%20b%2F42',
      path: '/items/a%20b%2F42',
      query: {},
    });
  });
});

describe('prompt generator', () => {
  it('adds a prompt: module, message template, unit test, registration, e2e block, README line and record', async () => {
    const { changes, failures } = await run('prompt', research);
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path)).toContain('wrote 7 file(s): 3 created, 4 modified');
    expect(read('src/prompts/research.ts')).toContain(
      "{ name: 'depth', description: 'How deep, in words', required: false, complete: ['brief', 'normal', 'deep'] },",
    );
    expect(read('src/prompts/research.md')).toBe(
      'Research a topic\n\nTopic to research: <%- topic %>\n<% if (depth) { -%>\nHow deep, in words: <%- depth %>\n<% } -%>\n',
    );
    expect(read('src/primitives.ts')).toContain('  researchPrompt,\n  // mcp-factory:prompts');
    expect(read('test/e2e/server.e2e.test.ts')).toContain("describe('prompt research (added by npx plop prompt)'");
    expect(read('README.md')).toContain(
      '- `research`: Research a topic (`topic`, `depth?`), message in `src/prompts/research.md`\n<!-- mcp-factory:readme-prompts -->',
    );
    expect(runs().at(-1)).toEqual({
      generator: 'prompt',
      answers: { ...research, title: 'Research', complete: 'depth=brief|normal|deep' },
      factory: factoryStamp(),
    });
  });

  it('never overwrites a message template the user edited, and refuses the same prompt again', async () => {
    fs.appendFileSync(path.join(repo, 'src/prompts/research.md'), 'my own line\n');
    await expectOneLineRefusal(repo, () => run('prompt', research), 'prompt research already exists');
  });

  it.each([
    [{ args: 'topic:A, topic:B' }, '--args: argument topic is declared twice'],
    [{ args: 'a b:c' }, '--args entry "a b:c" is malformed'],
    [{ args: '1x:y' }, '--args: "1x" is not a valid argument name'],
    [{ args: 'locals:x' }, '--args: "locals" is reserved'],
    [{ args: 'topic, ,x' }, '--args has an empty entry'],
    [{ complete: 'mood=a|b' }, '--complete: mood is not an argument of this prompt (declared: topic, depth)'],
    [{ complete: 'depth' }, '--complete entry "depth" is malformed'],
    [{ description: '' }, 'missing --description'],
  ])('refuses %j with one line and no byte changed', async (override, message) => {
    await expectOneLineRefusal(repo, () => run('prompt', { ...research, name: 'other', ...override }), message);
  });

  it('parses arguments and completions, and renders the first message as the server will', () => {
    const args = parseArgs('topic:Topic, with a comma, depth?');
    expect(args).toEqual([
      { name: 'topic', required: true, description: 'Topic, with a comma' },
      { name: 'depth', required: false, description: undefined },
    ]);
    expect(parseCompletions('depth=a|b|a', args)).toEqual({ depth: ['a', 'b'] });
    const plan = { description: 'Do it', args };
    expect(renderMessage(plan, { topic: '<x & y>' })).toBe('Do it\n\nTopic, with a comma: <x & y>\n');
    expect(renderMessage(plan, { topic: 't', depth: 'deep' })).toBe('Do it\n\nTopic, with a comma: t\ndepth: deep\n');
  });
});
