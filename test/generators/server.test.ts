// The `server` generator against temp folders, through node-plop's runActions.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import { RUNTIME_TARBALL_ENV } from '../../engine/versions.js';
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
      'src/config.ts',
      'src/primitives.ts',
      'src/tools/ask.ts',
      'test/unit/ask.test.ts',
      'test/e2e/server.e2e.test.ts',
      'README.md',
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
    // The runtime is a dependency, not a copy: in the factory's tests, its packed tarball (test/setupRuntime.ts).
    expect(pkg.dependencies['@mcp-factory/runtime']).toBe(`file:${process.env[RUNTIME_TARBALL_ENV]}`);
    // The entry's machinery (stdio, signals, drain, HTTP mode) and the tests of it come from the runtime too.
    for (const copied of [
      'src/errors.ts',
      'src/defineTool.ts',
      'src/transport/exactStdio.ts',
      'src/secrets.ts',
      'src/server.ts',
      'src/client.ts',
      'src/extras.ts',
      'src/http.ts',
      'test/unit/client.test.ts',
      'test/integration/stdio.test.ts',
      'Dockerfile',
    ]) {
      expect(files).not.toContain(copied);
    }
    // The test harness, the dev supervisor and the build come from the runtime too (./testing, its bins).
    expect(files.filter((f) => f.startsWith('scripts/') || f.startsWith('test/harness/stdio'))).toEqual([]);
    expect(pkg.scripts).toMatchObject({
      build: 'tsc --noEmit && mcp-factory-build',
      dev: 'mcp-factory-dev',
    });
    expect(pkg.devDependencies.nock).toBe('15.0.0');
    expect(read('acme-search', 'src/primitives.ts')).toContain(
      "import { ask } from './tools/ask.js';\n// mcp-factory:tool-imports",
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

describe('server generator: a git repository with the generated files as its first commit', () => {
  const gitIn = (repo: string, ...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const saved = { ...process.env };
  /** git as on a machine whose only configuration is `config` (a fresh machine: none). */
  const gitConfig = (config: string) => {
    const file = path.join(tempDir(), 'gitconfig');
    fs.writeFileSync(file, config);
    for (const key of Object.keys(process.env)) if (/^GIT_(AUTHOR|COMMITTER)_/.test(key)) delete process.env[key];
    Object.assign(process.env, { GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1' });
  };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("runs git init and commits every generated file, under the user's identity", async () => {
    gitConfig('[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n');
    const { changes, failures } = await run({ name: 'in-git', preset: 'openai' });
    expect(failures).toEqual([]);
    const repo = path.join(dest, 'in-git');
    expect(gitIn(repo, 'rev-parse', '--show-toplevel')).toBe(fs.realpathSync(repo));
    expect(gitIn(repo, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(gitIn(repo, 'status', '--porcelain')).toBe(''); // every file committed, nothing ignored left out
    expect(gitIn(repo, 'ls-files')).toContain('.mcp-factory.json');
    expect(gitIn(repo, 'log', '-1', '--format=%an <%ae>')).toBe('Ada Lovelace <ada@example.com>');
    const said = changes.map((c) => c.path).join('\n');
    expect(said).toContain('git: initialized a repository; the generated files are its first commit');
    expect(said).toMatch(/Next:[^]*\n {2}git log\b/);
  });

  it('commits under a fixed identity on a machine with no git identity configured', async () => {
    gitConfig('');
    const { failures } = await run({ name: 'fresh-machine', preset: 'openai' });
    expect(failures).toEqual([]);
    const repo = path.join(dest, 'fresh-machine');
    expect(gitIn(repo, 'log', '-1', '--format=%an <%ae>')).toBe('mcp-factory <mcp-factory@localhost>');
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
  });

  it('says so in one line when git is missing, and keeps the written files', async () => {
    process.env.PATH = tempDir(); // no git on the PATH
    const { changes, failures } = await run({ name: 'no-git-here', preset: 'openai' });
    expect(failures).toEqual([]);
    expect(fs.existsSync(path.join(dest, 'no-git-here', 'package.json'))).toBe(true);
    expect(changes.map((c) => c.path).join('\n')).toContain(
      'git: no first commit (git is not installed); the files are written, commit them yourself',
    );
  });

  it('--no-git leaves no repository; --dry-run creates none', async () => {
    expect((await run({ name: 'no-git', preset: 'openai', git: false })).failures).toEqual([]);
    expect(fs.existsSync(path.join(dest, 'no-git', 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(dest, 'no-git', '.git'))).toBe(false);
    const { changes, failures } = await run({ name: 'dry-git', preset: 'openai', dryRun: true });
    expect(failures).toEqual([]);
    expect(changes.map((c) => c.path).join('\n')).not.toContain('git: initialized');
    expect(fs.existsSync(path.join(dest, 'dry-git'))).toBe(false);
  });

  it('creates no repository inside an existing git work tree', async () => {
    const outer = tempDir();
    gitIn(outer, 'init', '-q');
    const inRepo = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: outer, force: false });
    const { changes, failures } = await inRepo.getGenerator('server').runActions({ name: 'nested', preset: 'openai' });
    expect(failures).toEqual([]);
    expect(fs.existsSync(path.join(outer, 'nested', '.git'))).toBe(false);
    expect(changes.map((c) => c.path).join('\n')).toContain('is inside a git work tree already');
  });
});
