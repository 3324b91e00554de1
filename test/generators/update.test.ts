// `npx plop update` against fixture factory versions: a copy of this factory committed as state A,
// a server generated with it (server, method, resource runs) and hand-edited, then template state B
// committed. The update must carry B's changes into the repo file by file (untouched → updated,
// edited elsewhere → merged, overlapping → conflict markers + exit 1, deleted → stays deleted, new
// template file → added, dropped template file → removed), replay the runs in order, and be a no-op
// once resolved. Refusals change no byte. The merge and the classification are also tested alone.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import { obtainBaseline } from '../../generators/update/baseline.js';
import { planFiles } from '../../generators/update/plan.js';
import { merge3 } from '../../generators/update/merge3.js';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { commitAll, copyFactory, editFile, git, packFactory, plopWith } from '../helpers/fixtureFactory.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';
import { startTinyRegistry } from '../helpers/tinyRegistry.js';
import { beforeAll, it } from '../helpers/timeouts.js';

describe('merge3 (git merge-file)', () => {
  const base = 'one\ntwo\nthree\nfour\nfive\n';
  it('keeps both sides when they change different lines', () => {
    const merged = merge3('ONE\ntwo\nthree\nfour\nfive\n', base, 'one\ntwo\nthree\nfour\nFIVE\n');
    expect(merged).toEqual({ content: 'ONE\ntwo\nthree\nfour\nFIVE\n', conflicts: 0 });
  });
  it('marks an overlapping change with standard markers and counts it', () => {
    const merged = merge3('one\nmine\nthree\nfour\nfive\n', base, 'one\ntheirs\nthree\nfour\nfive\n');
    expect(merged.conflicts).toBe(1);
    expect(merged.content).toBe('one\n<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> factory\nthree\nfour\nfive\n');
  });
});

describe('planFiles', () => {
  const files = (entries: Record<string, string>) => new Map(Object.entries(entries));
  it('classifies every file of the two renders against the user tree', () => {
    const base = files({ same: 's', upd: 'a\n', mine: '1\n2\n3\n4\n', gone: 'g', gone2: 'g', kept: 'k', del: 'd1' });
    const target = files({ same: 's', upd: 'b\n', mine: '1\n2\n3\nfour\n', del: 'd2', fresh: 'new', both: 'x' });
    const ours: Record<string, string> = {
      same: 'edited',
      upd: 'a\n',
      mine: 'one\n2\n3\n4\n',
      gone: 'g',
      kept: 'changed',
      both: 'x',
    };
    const plan = planFiles(base, target, (f) => ours[f]);
    expect(Object.fromEntries(plan.map((f) => [f.path, [f.action, f.content, f.note]]))).toEqual({
      same: ['unchanged', undefined, undefined],
      upd: ['updated', 'b\n', undefined],
      mine: ['merged', 'one\n2\n3\nfour\n', undefined],
      gone: ['removed', undefined, undefined],
      gone2: ['unchanged', undefined, undefined],
      kept: ['unchanged', undefined, 'removed from the template; kept because you changed it'],
      del: ['unchanged', undefined, 'changed in the template; you deleted it'],
      fresh: ['added', 'new', undefined],
      both: ['unchanged', undefined, undefined],
    });
  });
});

describe('update (fixture factory states A and B)', () => {
  let factory: string;
  let stateA: string;
  let stateB: string;
  let repo: string;
  const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
  const update = (...flags: string[]) => plopWith(factory, ['update', '--dest', repo, '--', ...flags]);
  const manifest = () => JSON.parse(read('.mcp-factory.json'));
  let answersBefore: unknown[];
  let folderA: string;

  beforeAll(() => {
    factory = copyFactory();
    stateA = git(factory, 'rev-parse', 'HEAD');
    const parent = tempDir('mcp-factory-update-');
    repo = path.join(parent, 'acme');
    for (const args of [
      ['server', '--dest', parent, '--', '--name', 'acme', '--preset', 'rest', '--baseUrl', 'https://api.example.com'],
      [
        'method',
        '--dest',
        repo,
        '--',
        '--name',
        'get_item',
        '--description',
        'Fetch one item',
        '--path',
        '/items/{id}',
        '--params',
        'id:string',
      ],
      ['resource', '--dest', repo, '--', '--name', 'item', '--uri', 'items://{id}', '--path', '/items/{id}'],
    ]) {
      const run = plopWith(factory, args);
      if (run.status !== 0) throw new Error(run.output);
    }
    answersBefore = manifest().runs.map((r: { answers: unknown }) => r.answers);
    // State A also as a plain folder without dependencies (an older copy of the factory), for --baseline <folder>.
    folderA = tempDir('mcp-factory-factory-a-');
    const skipped = new Set(['.git', 'node_modules']);
    fs.cpSync(factory, folderA, { recursive: true, filter: (src) => !skipped.has(path.basename(src)) });
    commitAll(repo, 'generated with state A');

    // Template state B: changes the user did not touch, did touch, and deleted; a new file; a dropped file.
    const firstLine = (text: string) => (s: string) => s.replace(/^.*\n/, `${text}\n`);
    editFile(factory, 'generators/server/files/src/primitives.ts', firstLine('// Upstream failures (state B).'));
    editFile(factory, 'generators/server/files/README.md.ejs', (s) =>
      s.replace('generated by mcp-factory', 'made by mcp-factory'),
    );
    editFile(factory, 'generators/server/files/src/config.ts.ejs', firstLine('// Result limits (state B).'));
    editFile(factory, 'generators/server/files/test/e2e/server.e2e.test.ts.ejs', firstLine('// Resilience (state B).'));
    editFile(factory, 'generators/method/files/src/tools/__toolFile__.ts.ejs', (s) =>
      s.replace('Added by', 'Written by'),
    );
    fs.mkdirSync(path.join(factory, 'generators/server/files/docs'));
    fs.writeFileSync(path.join(factory, 'generators/server/files/docs/UPDATING.md'), '# Updating\n\nnpx plop update\n');
    fs.rmSync(path.join(factory, 'generators/server/files/plopfile.js'));
    stateB = commitAll(factory, 'state B');

    // The user's hand edits, committed.
    fs.appendFileSync(path.join(repo, 'README.md'), '\n## Our notes\n\nKept by the update.\n');
    editFile(repo, 'src/config.ts', firstLine('// Result limits, tuned by us.'));
    fs.rmSync(path.join(repo, 'test/e2e/server.e2e.test.ts'));
    commitAll(repo, 'hand edits');
  });

  const CHANGED = [
    'updated   src/primitives.ts',
    'merged    README.md',
    'conflict  src/config.ts',
    'unchanged test/e2e/server.e2e.test.ts (changed in the template; you deleted it)',
    'added     docs/UPDATING.md',
    'removed   plopfile.js',
    'updated   src/tools/getItem.ts',
  ];

  it('--dry-run prints each file of the plan and writes nothing (baseline: an older copy of the factory)', () => {
    // As if the server run were recorded before --healthPath existed: the update records its default.
    const older = manifest();
    delete older.runs[0].answers.healthPath;
    fs.writeFileSync(path.join(repo, '.mcp-factory.json'), `${JSON.stringify(older, null, 2)}\n`);
    commitAll(repo, 'a manifest from before --healthPath');
    const before = snapshot(repo);
    const { status, output } = update('--dry-run', '--baseline', folderA);
    expect(status).toBe(0);
    expect(output).toContain(`update from the factory in ${folderA} to commit ${stateB.slice(0, 12)}:`);
    // Exactly these files change; every other rendered file (the method and resource runs' too) is unchanged.
    const planned = output.split('\n').filter((l) => /^ {2}(updated|merged|conflict|added|removed|unchanged) /.test(l));
    expect(planned.filter((l) => !/^ {2}unchanged [^ ]+$/.test(l)).map((l) => l.trim())).toEqual(
      expect.arrayContaining(CHANGED),
    );
    expect(planned.filter((l) => !/^ {2}unchanged [^ ]+$/.test(l))).toHaveLength(CHANGED.length);
    // Every file the server, method and resource runs render is in the plan, changed or not (a fresh rest server
    // renders 15 besides README.md, the method and resource runs add theirs).
    expect(planned.length).toBeGreaterThanOrEqual(20);
    expect(output).toContain('unchanged src/resources/item.ts');
    expect(output).toContain(
      'answers this factory asks for, recorded with their defaults:\n  run 1 (server): --healthPath "/"',
    );
    expect(output).toContain('nothing written');
    expect(snapshot(repo)).toEqual(before);
    expect(fs.existsSync(path.join(folderA, 'node_modules'))).toBe(false); // used through a copy, never written
  });

  it("--baseline <tarball>: a packed factory is unpacked and reuses this factory's node_modules", () => {
    const packed = tempDir('mcp-factory-packed-');
    const tarball = packFactory(folderA, packed);
    expect(tarball).toBe(path.join(packed, 'mcp-factory-0.1.0.tgz'));
    const workDir = tempDir('mcp-factory-baseline-');
    const baseline = obtainBaseline({
      runs: [],
      given: tarball,
      current: { root: factory, version: '0.1.0' },
      workDir,
    });
    expect(baseline.label).toBe('mcp-factory-0.1.0.tgz');
    const errorsA = fs.readFileSync(path.join(folderA, 'generators/server/files/src/primitives.ts'), 'utf8');
    expect(fs.readFileSync(path.join(baseline.root, 'generators/server/files/src/primitives.ts'), 'utf8')).toBe(
      errorsA,
    );
    expect(fs.realpathSync(path.join(baseline.root, 'node_modules'))).toBe(
      fs.realpathSync(path.join(factory, 'node_modules')),
    );
  });

  it('applies the plan: template changes arrive, hand edits survive, conflicts are marked, listed and exit 1', () => {
    const { status, output } = update();
    expect(status).toBe(1);
    expect(output).toMatch(/1 conflict\(s\) to resolve .*: src\/config\.ts/);
    expect(read('src/primitives.ts').split('\n')[0]).toBe('// Upstream failures (state B).');
    expect(read('README.md')).toContain('made by mcp-factory');
    expect(read('README.md')).toContain('## Our notes\n\nKept by the update.');
    expect(read('src/config.ts')).toMatch(
      /^<<<<<<< yours\n\/\/ Result limits, tuned by us\.\n=======\n\/\/ Result limits \(state B\)\.\n>>>>>>> mcp-factory \(commit [0-9a-f]{12}\)\n/,
    );
    expect(fs.existsSync(path.join(repo, 'test/e2e/server.e2e.test.ts'))).toBe(false);
    expect(read('docs/UPDATING.md')).toBe('# Updating\n\nnpx plop update\n');
    expect(fs.existsSync(path.join(repo, 'plopfile.js'))).toBe(false);
    expect(read('src/tools/getItem.ts')).toContain('Written by `npx plop method`');
    // The runs, replayed in order, recorded again with the same answers and the new factory commit.
    const runs = manifest().runs;
    expect(runs.map((r: { generator: string }) => r.generator)).toEqual(['server', 'method', 'resource']);
    expect(runs.map((r: { answers: unknown }) => r.answers)).toEqual(answersBefore);
    for (const run of runs) expect(run.factory).toEqual({ version: '0.1.0', commit: stateB });
  });

  it('is a no-op once the conflict is resolved and committed', () => {
    editFile(repo, 'src/config.ts', (s) => s.replace(/^<<<<<<< yours\n(.*\n)=======\n.*\n>>>>>>> .*\n/, '$1'));
    expect(read('src/config.ts')).not.toContain('<<<<<<<');
    commitAll(repo, 'update resolved');
    const before = snapshot(repo);
    const { status, output } = update();
    expect(status).toBe(0);
    expect(output).toContain(`already up to date with the factory (commit ${stateB.slice(0, 12)})`);
    expect(output).toContain('nothing to change');
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses a dirty git tree with one line and changes no byte', () => {
    fs.appendFileSync(path.join(repo, 'README.md'), 'uncommitted\n');
    const before = snapshot(repo);
    const { status, output } = update();
    expect(status).toBe(1);
    expect(output).toMatch(/\[ERROR\] .*acme has uncommitted changes \(1 file\(s\)\): commit or stash them first/);
    expect(snapshot(repo)).toEqual(before);
    git(repo, 'checkout', 'README.md');
  });
});

describe('update refusals (this factory, in-process)', () => {
  const run =
    (dest: string, answers: Record<string, unknown> = {}) =>
    async () =>
      (await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: dest, force: false }))
        .getGenerator('update')
        .runActions(answers);

  /** A committed folder with this manifest (no renders are reached: the refusals come first). */
  function repoWith(manifest: unknown): string {
    const dir = tempDir('mcp-factory-update-refusal-');
    fs.writeFileSync(path.join(dir, '.mcp-factory.json'), JSON.stringify(manifest));
    commitAll(dir, 'manifest');
    return dir;
  }
  const server = { generator: 'server', answers: { name: 'acme', preset: 'rest', baseUrl: 'https://api.example.com' } };

  it('outside a server repo (no .mcp-factory.json)', async () => {
    const dir = tempDir();
    commitAll(dir, 'empty');
    await expectOneLineRefusal(dir, run(dir), 'not inside an MCP server repo: no .mcp-factory.json');
  });

  it('a recorded commit this checkout does not have: says which and how to provide it', async () => {
    const factory = { version: '0.1.0', commit: '0123456789abcdef0123456789abcdef01234567' };
    const dir = repoWith({ factoryVersion: '0.1.0', preset: 'rest', runs: [{ ...server, factory }] });
    await expectOneLineRefusal(
      dir,
      run(dir),
      'factory commit 0123456789ab (recorded in .mcp-factory.json) is not in the history of the factory checkout',
    );
    await expectOneLineRefusal(dir, run(dir), 'pass --baseline <commit|folder|tarball>');
  });

  it('a server generated before commits were recorded: points at --baseline', async () => {
    const dir = repoWith({ factoryVersion: '0.1.0', preset: 'rest', runs: [server] });
    await expectOneLineRefusal(
      dir,
      run(dir),
      'records no factory commit for the server run (made by an older factory); pass --baseline',
    );
  });

  it('a --baseline that is neither a folder, a tarball nor a commit', async () => {
    const dir = repoWith({ factoryVersion: '0.1.0', preset: 'rest', runs: [server] });
    await expectOneLineRefusal(
      dir,
      run(dir, { baseline: 'no-such-thing' }),
      '--baseline no-such-thing: not a folder, a .tgz tarball or a commit',
    );
  });

  it('a --baseline folder that is not a factory', async () => {
    const dir = repoWith({ factoryVersion: '0.1.0', preset: 'rest', runs: [server] });
    await expectOneLineRefusal(
      dir,
      run(dir, { baseline: dir }),
      `--baseline ${dir}: not an mcp-factory folder (no plopfile.ts in it)`,
    );
  });

  it('a folder that is not a git repository', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, '.mcp-factory.json'),
      JSON.stringify({ factoryVersion: '0.1.0', preset: 'rest', runs: [server] }),
    );
    await expectOneLineRefusal(dir, run(dir), 'is not a git repository');
  });
});

describe('update baseline from an installed factory package (npm pack, offline from the cache)', () => {
  let installed: string;
  let tarball: string;
  let npmCache: string;
  let registryUrl = 'http://127.0.0.1:9/'; // until the registry runs: nothing listens there
  const stamp = (version: string) => [{ generator: 'server', answers: {}, factory: { version } }];
  /** npm runs in the work folder: its .npmrc points npm at the test registry and a cache of this test's own. */
  const baselineFor = (version: string) => {
    const workDir = tempDir('mcp-factory-baseline-');
    fs.writeFileSync(path.join(workDir, '.npmrc'), `registry=${registryUrl}\ncache=${npmCache}\nfetch-retries=0\n`);
    return obtainBaseline({ runs: stamp(version), current: { root: installed, version: '0.1.0' }, workDir });
  };

  beforeAll(() => {
    // The running factory as an installed package: a copy outside any git checkout.
    installed = copyFactory();
    fs.rmSync(path.join(installed, '.git'), { recursive: true });
    // An older published version with a template of its own, packed as npm would publish it.
    const older = tempDir('mcp-factory-older-');
    fs.cpSync(installed, older, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
    editFile(older, 'package.json', (s) => s.replace('"version": "0.1.0"', '"version": "0.0.9"'));
    editFile(older, 'generators/server/files/src/primitives.ts', (s) => `// As published in 0.0.9.\n${s}`);
    const packed = tempDir('mcp-factory-packed-');
    tarball = packFactory(older, packed);
    npmCache = tempDir('mcp-factory-npm-cache-');
  });

  it('the same version as the installed factory is the installed factory itself', () => {
    const baseline = baselineFor('0.1.0');
    expect(baseline).toEqual({ root: installed, label: 'mcp-factory@0.1.0' });
  });

  it('an older version is fetched once with npm pack, then found in the cache with the registry gone', async () => {
    const registry = await startTinyRegistry('mcp-factory', '0.0.9', tarball);
    registryUrl = registry.url;
    let online;
    try {
      online = baselineFor('0.0.9');
    } finally {
      await registry.stop();
    }
    const errors = (root: string) =>
      fs.readFileSync(path.join(root, 'generators/server/files/src/primitives.ts'), 'utf8');
    expect(online.label).toBe('mcp-factory@0.0.9');
    expect(errors(online.root)).toMatch(/^\/\/ As published in 0\.0\.9\.\n/);
    // Same dependencies as the installed factory: its node_modules is reused, nothing installed.
    expect(fs.realpathSync(path.join(online.root, 'node_modules'))).toBe(
      fs.realpathSync(path.join(installed, 'node_modules')),
    );
    // The registry is stopped: npm's cache alone answers (the offline case).
    const offline = baselineFor('0.0.9');
    expect(errors(offline.root)).toBe(errors(online.root));
    // A version that was never fetched: one line naming it and how to provide it.
    expect(() => baselineFor('0.0.8')).toThrow(
      /^the server was generated with mcp-factory@0\.0\.8, which is not in npm's cache and could not be fetched \(npm pack: [^)]+\); pass --baseline <commit\|folder\|tarball>/,
    );
  });
});

describe('update of a repo grown by 12 runs, two of them openapi runs of one spec that changed in between', () => {
  let factory: string;
  let stateA: string;
  let stateB: string;
  let repo: string;
  let specFile: string;
  let answersBefore: unknown[];
  const manifest = () => JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
  const update = (...flags: string[]) => plopWith(factory, ['update', '--dest', repo, '--', ...flags]);
  // A spec of three operations, then the same spec with one changed and one added.
  const op = (id: string, summary: string) =>
    `      operationId: ${id}\n      summary: ${summary}\n      responses: { '200': { description: ok } }\n`;
  const specV1 = [
    'openapi: 3.0.3',
    "info: { title: shop, version: '1' }",
    'paths:',
    '  /items:',
    `    get:\n${op('searchItems', 'Search items')}`,
    `    post:\n${op('addItem', 'Add an item')}`,
    '  /items/{id}:',
    '    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
    `    get:\n${op('getItem', 'Fetch one item')}`,
  ].join('\n');
  const specV2 = `${specV1.replace('Search items', 'Search the items of the shop')}    put:\n${op('updateItem', 'Update an item')}`;

  beforeAll(() => {
    factory = copyFactory();
    const root = tempDir('mcp-factory-update-12-');
    const servers = path.join(root, 'projects/servers');
    fs.mkdirSync(path.join(root, 'projects/specs'), { recursive: true });
    specFile = path.join(root, 'projects/specs/shop.yaml');
    fs.writeFileSync(specFile, specV1);
    repo = path.join(servers, 'shop');
    const method = (name: string, route: string, params: string[]) => [
      'method',
      '--dest',
      repo,
      '--',
      '--name',
      name,
      '--description',
      `Call ${route}`,
      '--path',
      route,
      ...params,
    ];
    const runs: string[][] = [
      ['server', '--dest', servers, '--', '--name', 'shop', '--preset', 'rest', '--baseUrl', 'https://api.example.com'],
      method('get_order', '/orders/{id}', ['--params', 'id:string']),
      method('list_orders', '/orders', []),
      method('get_user', '/users/{id}', ['--params', 'id:string']),
      method('get_invoice', '/invoices/{id}', ['--params', 'id:string']),
      ['resource', '--dest', repo, '--', '--name', 'order', '--uri', 'orders://{id}', '--path', '/orders/{id}'],
      ['resource', '--dest', repo, '--', '--name', 'user', '--uri', 'users://{id}', '--path', '/users/{id}'],
      [
        'prompt',
        '--dest',
        repo,
        '--',
        '--name',
        'summarize',
        '--description',
        'Summarize an order',
        '--args',
        'id:Order id',
      ],
      ['openapi', '--dest', repo, '--', '--spec', '../../specs/shop.yaml'],
      ['openapi', '--dest', repo, '--', '--spec', '../../specs/shop.yaml'],
      ['auth', '--dest', repo, '--', '--scheme', 'header', '--headerName', 'X-Api-Key', '--envVar', 'SHOP_KEY'],
      ['persistence', '--dest', repo, '--', '--backend', 'jsonl'],
    ];
    for (const [i, args] of runs.entries()) {
      if (i === 9) fs.writeFileSync(specFile, specV2); // the spec changed before the second openapi run
      const run = plopWith(factory, args);
      if (run.status !== 0) throw new Error(`${args[0]}: ${run.output}`);
    }
    answersBefore = manifest().runs.map((r: { answers: unknown }) => r.answers);
    commitAll(repo, 'generated with state A');
    stateA = git(factory, 'rev-parse', 'HEAD');
    editFile(factory, 'generators/server/files/src/primitives.ts', (s) =>
      s.replace(/^.*\n/, '// Upstream failures (state B).\n'),
    );
    stateB = commitAll(factory, 'state B');
  }, 180_000);

  it('the plan lists no answer the user gave as recorded with its default', () => {
    expect(answersBefore).toHaveLength(12);
    const before = snapshot(repo);
    const { status, output } = update('--dry-run');
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('updated   src/primitives.ts') });
    expect(output).not.toContain('recorded with their defaults');
    expect(snapshot(repo)).toEqual(before);
  }, 120_000);

  it('with the spec moved away, keeps the 12 runs with their own answers, each openapi run replayed from its own copy of the spec', () => {
    fs.renameSync(specFile, path.join(path.dirname(specFile), 'moved.yaml'));
    const { status, output } = update();
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('updated. Next:') });
    const runs = manifest().runs;
    expect(runs.map((r: { generator: string }) => r.generator)).toEqual([
      'server',
      ...Array(4).fill('method'),
      'resource',
      'resource',
      'prompt',
      'openapi',
      'openapi',
      'auth',
      'persistence',
    ]);
    expect(runs.map((r: { answers: unknown }) => r.answers)).toEqual(answersBefore);
    for (const run of runs) expect(run.factory).toEqual({ version: '0.1.0', commit: stateB });
    // The replays rendered the repo as it was: only the template change (and the manifest's stamps) arrive.
    const changed = git(repo, 'status', '--porcelain').split('\n');
    expect(changed.map((line) => line.trim()).sort()).toEqual(['M .mcp-factory.json', 'M src/primitives.ts']);
  }, 120_000);

  it('a manifest from before spec copies (paths only) still keeps its 12 runs: the run whose replay changes nothing keeps its answers', () => {
    commitAll(repo, 'updated to state B');
    // As an older factory left it: no hashes, no copies; the spec back where the runs read it (its second version).
    const older = manifest();
    for (const run of older.runs) delete run.answers.specHash;
    fs.writeFileSync(path.join(repo, '.mcp-factory.json'), `${JSON.stringify(older, null, 2)}\n`);
    fs.rmSync(path.join(repo, '.mcp-factory/specs'), { recursive: true });
    fs.renameSync(path.join(path.dirname(specFile), 'moved.yaml'), specFile);
    commitAll(repo, 'a manifest from before spec copies');
    const { status, output } = update('--baseline', stateA);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('updated. Next:') });
    expect(output).not.toContain('recorded with their defaults');
    const runs = manifest().runs;
    expect(runs).toHaveLength(12);
    // Both openapi runs replay from the one file there is: the first takes its tools and its copy
    // from it; the second then changes nothing and stays as recorded.
    expect(runs[8].answers.specHash).toMatch(/^[0-9a-f]{16}$/);
    expect(runs[9].answers).toEqual(older.runs[9].answers);
    expect(runs.slice(10).map((r: { answers: unknown }) => r.answers)).toEqual(answersBefore.slice(10));
    expect(fs.existsSync(path.join(repo, `.mcp-factory/specs/${runs[8].answers.specHash}.yaml`))).toBe(true);
  }, 120_000);
});
