// The `server` generator against temp folders, through node-plop's runActions.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';

let plop: NodePlopAPI;
let dest: string;

beforeAll(async () => {
  dest = tempDir();
  plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: dest, force: false });
});

const run = (answers: Record<string, unknown>) => plop.getGenerator('server').runActions(answers);
const read = (...parts: string[]) => fs.readFileSync(path.join(dest, ...parts), 'utf8');

describe('server generator', () => {
  it('creates a perplexity server repo with everything a client and CI need', async () => {
    const { changes, failures } = await run({ name: 'acme-search', preset: 'perplexity' });
    expect(failures).toEqual([]);
    expect(changes.at(-2)?.path).toMatch(
      /^wrote \d+ file\(s\): \d+ created, 0 modified\nregistered acme-search in the server catalog /,
    );
    const files = Object.keys(snapshot(path.join(dest, 'acme-search'))).sort();
    for (const f of [
      'package.json',
      'src/index.ts',
      'src/server.ts',
      'src/client.ts',
      'src/config.ts',
      'src/errors.ts',
      'src/tools/index.ts',
      'src/tools/ask.ts',
      'test/unit/ask.test.ts',
      'test/unit/client.test.ts',
      'test/integration/stdio.test.ts',
      'test/e2e/server.e2e.test.ts',
      'test/harness/stdioServer.ts',
      'README.md',
      '.env.example',
      '.gitignore',
      'server.json',
      'plopfile.js',
      '.mcp-factory.json',
    ]) {
      expect(files).toContain(f);
    }
    const pkg = JSON.parse(read('acme-search', 'package.json'));
    const serverJson = JSON.parse(read('acme-search', 'server.json'));
    expect(pkg.mcpName).toBe(serverJson.name);
    expect(serverJson.description.length).toBeLessThanOrEqual(100);
    expect(serverJson.packages[0]).toMatchObject({
      registryType: 'npm',
      identifier: 'acme-search',
      transport: { type: 'stdio' },
    });
    expect(serverJson.packages[0].environmentVariables).toContainEqual({
      name: 'PERPLEXITY_API_KEY',
      description: expect.any(String),
      isRequired: true,
      isSecret: true,
    });
    expect(pkg.devDependencies['mcp-factory']).toMatch(/^file:/);
    expect(pkg.devDependencies.nock).toBe('15.0.0');
    expect(read('acme-search', 'src/tools/index.ts')).toContain(
      "import { ask } from './ask.js';\n// mcp-factory:tool-imports",
    );
    expect(read('acme-search', 'README.md')).toContain('PERPLEXITY_BASE_URL');
    expect(read('acme-search', 'README.md')).toContain('claude mcp add acme-search');
    expect(JSON.parse(read('acme-search', '.mcp-factory.json'))).toMatchObject({
      preset: 'perplexity',
      runs: [{ generator: 'server', answers: { name: 'acme-search' } }],
    });
    expect(read('acme-search', '.gitignore')).toMatch(/^\.env$/m);
  });

  it.each([
    [{ name: 'Bad_Name' }, '--name must be kebab-case'],
    [{}, 'missing --name'],
    [{ name: 'x-api', preset: 'soap' }, '--preset must be one of perplexity, gemini, openai, rest'],
    [{ name: 'x-api', preset: 'rest' }, 'missing --baseUrl'],
    [{ name: 'x-api', preset: 'rest', baseUrl: 'ftp://x' }, '--baseUrl must be an http(s) URL'],
    [
      { name: 'x-api', preset: 'rest', baseUrl: 'https://x.test', healthPath: 'health' },
      '--healthPath must start with "/"',
    ],
    [{ name: 'x-api', description: 'x'.repeat(101) }, '--description must be 1 to 100 characters'],
    [{ name: 'x-api', mcpName: 'not reverse dns' }, '--mcpName must look like'],
  ])('refuses %j with one clear line and writes nothing', async (answers, message) => {
    await expectOneLineRefusal(dest, () => run(answers), message);
  });

  it('refuses a target folder that exists and is not empty', async () => {
    fs.mkdirSync(path.join(dest, 'taken'));
    fs.writeFileSync(path.join(dest, 'taken', 'keep.txt'), 'mine');
    const before = snapshot(dest);
    const { failures } = await run({ name: 'taken', preset: 'openai' });
    expect(failures[0].error).toMatch(/taken already exists and is not empty/);
    expect(snapshot(dest)).toEqual(before);
  });

  it('refuses a --dest that is a file, before writing anything', async () => {
    const file = path.join(dest, 'notes.txt');
    fs.writeFileSync(file, 'mine');
    const before = snapshot(dest);
    const intoFile = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), {
      destBasePath: path.join(file, 'sub'),
      force: false,
    });
    const { changes, failures } = await intoFile.getGenerator('server').runActions({ name: 'x', preset: 'openai' });
    expect(failures[0].error).toBe(`--dest: ${file} is a file, not a folder`);
    expect(changes).toEqual([]);
    expect(snapshot(dest)).toEqual(before);
  });

  it('writes nothing on --dry-run, and lists what it would write', async () => {
    const before = snapshot(dest);
    const { changes, failures } = await run({ name: 'dry-one', preset: 'gemini', dryRun: true });
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path).join('\n')).toContain('would create dry-one/src/tools/ask.ts');
    expect(snapshot(dest)).toEqual(before);
  });

  it.each([
    ['mcp-factory@^0.2.0', '^0.2.0'],
    ['git+https://example.com/acme/mcp-factory.git', 'git+https://example.com/acme/mcp-factory.git'],
    ['mcp-factory', 'latest'],
  ])('takes --factory %s as the dependency spec', async (given, spec) => {
    const name = `factory-${['^0.2.0', 'latest'].includes(spec) ? spec.replace(/\W/g, '') : 'git'}`;
    const { failures } = await run({ name, preset: 'openai', factory: given });
    expect(failures).toEqual([]);
    expect(JSON.parse(read(name, 'package.json')).devDependencies['mcp-factory']).toBe(spec);
  });

  it('derives the rest preset env prefix from the name and keeps the key optional', async () => {
    const { failures } = await run({
      name: 'acme-items',
      preset: 'rest',
      baseUrl: 'https://api.acme.test/v1/',
      healthPath: '/health',
    });
    expect(failures).toEqual([]);
    expect(read('acme-items', 'src/config.ts')).toContain("export const ENV_PREFIX = 'ACME_ITEMS';"); // one quoting style: prettier formats inserted values too
    expect(read('acme-items', 'src/config.ts')).toContain(".default('https://api.acme.test/v1')");
    expect(read('acme-items', 'src/tools/ping.ts')).toContain("export const HEALTH_PATH = '/health';");
    const env = JSON.parse(read('acme-items', 'server.json')).packages[0].environmentVariables;
    expect(env).toContainEqual({
      name: 'ACME_ITEMS_API_KEY',
      description: expect.any(String),
      isRequired: false,
      isSecret: true,
    });
  });
});
