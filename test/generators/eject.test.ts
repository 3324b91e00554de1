// `npx plop eject` through node-plop's runActions, on a generated server (a tool, a resource, a prompt)
// whose node_modules holds the packed runtime (unpacked, as npm would): the golden of the rewritten
// imports, the package.json swap, the record, the refusals (byte-identical tree), --dry-run and a second
// run. The rewrites themselves (patterns, bins, missing subpaths) are also tested alone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop, { type NodePlopAPI } from 'node-plop';
import {
  ejectPackageJson,
  ejectionOf,
  rewriteImports,
  rewriteShipped,
  type Ejection,
} from '../../generators/eject/ejection.js';
import { versions } from '../../engine/versions.js';
import { ensureRuntimeTarball } from '../../scripts/runtimeTarball.js';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';
import { beforeAll, it } from '../helpers/timeouts.js';

const RUNTIME = '@mcp-factory/runtime';
const runtimePkg = JSON.parse(fs.readFileSync(path.join(FACTORY_ROOT, 'runtime/package.json'), 'utf8'));

const ejection: Ejection = {
  version: '9.9.9',
  dir: 'src/runtime',
  modules: { '.': 'src/runtime/index.ts', './tool': 'src/runtime/defineTool.ts', './x/*': 'src/runtime/x/*.ts' },
  bins: { 'mcp-dev': 'src/runtime/bin/dev.ts' },
  dependencies: { cockatiel: '^3.2.1', zod: '^4.6.0' },
  devDependencies: { '@types/cockatiel': '^1.0.0' },
};

describe('rewriteImports', () => {
  it('makes every runtime specifier (import, re-export, dynamic import, mock, pattern) relative to the copy', () => {
    const text = [
      "import { defineTool } from '@mcp-factory/runtime/tool';",
      "export * from '@mcp-factory/runtime';",
      'const m = await import("@mcp-factory/runtime/x/deep/y");',
      "jest.unstable_mockModule('@mcp-factory/runtime/tool', () => ({}));",
      '// @mcp-factory/runtime/tool in a comment stays as it is',
      "import other from '@mcp-factory/runtimes';",
    ].join('\n');
    expect(rewriteImports(text, 'test/unit/a.test.ts', ejection)).toEqual({
      text: [
        "import { defineTool } from '../../src/runtime/defineTool.js';",
        "export * from '../../src/runtime/index.js';",
        'const m = await import("../../src/runtime/x/deep/y.js");',
        "jest.unstable_mockModule('../../src/runtime/defineTool.js', () => ({}));",
        '// @mcp-factory/runtime/tool in a comment stays as it is',
        "import other from '@mcp-factory/runtimes';",
      ].join('\n'),
      missing: [],
    });
    expect(rewriteImports("import '@mcp-factory/runtime/tool';", 'src/runtime.ts', ejection).text).toBe(
      "import './runtime/defineTool.js';",
    );
  });

  it('names the specifiers the runtime does not export', () => {
    expect(rewriteImports("import { x } from '@mcp-factory/runtime/nope';", 'src/a.ts', ejection).missing).toEqual([
      '@mcp-factory/runtime/nope',
    ]);
  });
});

describe('ejectPackageJson', () => {
  it('drops the runtime, adds what the copy needs, and runs bins from their copied source with tsx', () => {
    const pkg = {
      scripts: { dev: 'mcp-dev --watch', check: 'npx mcp-dev && tsc', other: 'my-mcp-dev' },
      dependencies: { [RUNTIME]: '0.1.0', zod: '^4.0.0' },
      devDependencies: { jest: '^30.0.0' },
    };
    const { text, changes } = ejectPackageJson(JSON.stringify(pkg), ejection);
    expect(JSON.parse(text)).toEqual({
      scripts: {
        dev: 'tsx src/runtime/bin/dev.ts --watch',
        check: 'tsx src/runtime/bin/dev.ts && tsc',
        other: 'my-mcp-dev',
      },
      dependencies: { cockatiel: '^3.2.1', zod: '^4.0.0' },
      devDependencies: { '@types/cockatiel': '^1.0.0', jest: '^30.0.0', tsx: versions.tsx },
    });
    expect(changes).toHaveLength(6);
  });
});

describe('ejectionOf', () => {
  it("maps every export of the runtime's package.json to its source, at the factory's versions where listed", () => {
    const derived = ejectionOf(runtimePkg, path.join(FACTORY_ROOT, 'runtime'), 'src/runtime');
    expect(Object.keys(derived.modules)).toEqual(Object.keys(runtimePkg.exports));
    for (const file of Object.values(derived.modules))
      expect(fs.existsSync(path.join(FACTORY_ROOT, 'runtime', file.replace(/^src\/runtime\//, 'src/')))).toBe(true);
    expect(derived.modules['./tool']).toBe('src/runtime/defineTool.ts');
    // The bins shipped as is (mcp-factory-dev, mcp-factory-build) come with the modules beside them.
    expect(derived.bins['mcp-factory-dev']).toBe('src/runtime/bin/dev.mjs');
    expect(Object.keys(derived.shipped ?? {}).sort()).toEqual(
      fs
        .readdirSync(path.join(FACTORY_ROOT, 'runtime/bin'))
        .map((file) => `bin/${file}`)
        .sort(),
    );
    expect(derived.dependencies.zod).toBe(versions.zod);
    // Optional peers (pg) are needed only to type-check the copy: devDependencies, like the type packages.
    const optional = Object.keys(runtimePkg.peerDependenciesMeta ?? {});
    expect(Object.keys(derived.dependencies).sort()).toEqual(
      Object.keys({ ...runtimePkg.dependencies, ...runtimePkg.peerDependencies })
        .filter((name) => !optional.includes(name))
        .sort(),
    );
    // The copy type-checks in the repo: the type packages the runtime builds its dependencies with come along.
    expect(derived.devDependencies).toEqual({
      '@types/ejs': runtimePkg.devDependencies['@types/ejs'],
      '@types/pg': runtimePkg.devDependencies['@types/pg'],
      pg: versions.pg,
      // What the dev and build bins and the testing entry load (a generated repo has them already).
      chokidar: versions.chokidar,
      esbuild: versions.esbuild,
      tsx: versions.tsx,
      zx: versions.zx,
    });
  });

  it('copies a bin shipped as is, importing the copied sources; optional peers only to type-check the copy', () => {
    const root = tempDir();
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('src/index.ts', '');
    write('src/history/cli.ts', '');
    write('bin/dev.mjs', "import { start } from '../dist/index.js';\nimport '@mcp-factory/runtime/history';\n");
    const pkg = {
      name: RUNTIME,
      version: '2.0.0',
      exports: { '.': './dist/index.js', './history': './dist/history/cli.js' },
      bin: { 'x-dev': './bin/dev.mjs', 'x-history': 'dist/history/cli.js' },
      dependencies: { cockatiel: '^3.2.1' },
      peerDependencies: { pg: '^8.0.0', zod: '^4.0.0' },
      peerDependenciesMeta: { pg: { optional: true } },
      devDependencies: { '@types/pg': '^8.0.0', 'fast-check': '^4.0.0' },
    };
    const derived = ejectionOf(pkg, root, 'src/rt');
    expect(derived).toEqual({
      version: '2.0.0',
      dir: 'src/rt',
      modules: { '.': 'src/rt/index.ts', './history': 'src/rt/history/cli.ts' },
      bins: { 'x-dev': 'src/rt/bin/dev.mjs', 'x-history': 'src/rt/history/cli.ts' },
      dependencies: { cockatiel: '^3.2.1', zod: versions.zod },
      devDependencies: { '@types/pg': '^8.0.0', pg: versions.pg }, // @types/pg: not a version the factory writes, so the runtime's own range
      shipped: { 'bin/dev.mjs': 'src/rt/bin/dev.mjs' },
    });
    expect(
      rewriteShipped(
        fs.readFileSync(path.join(root, 'bin/dev.mjs'), 'utf8'),
        'bin/dev.mjs',
        'src/rt/bin/dev.mjs',
        derived,
      ),
    ).toBe("import { start } from '../index.js';\nimport '../history/cli.js';\n");
  });

  it('refuses an export without a source', () => {
    const pkg = { name: RUNTIME, version: '1.0.0', exports: { './gone': './dist/gone.js' } };
    expect(() => ejectionOf(pkg, path.join(FACTORY_ROOT, 'runtime'), 'src/runtime')).toThrow(
      '@mcp-factory/runtime@1.0.0: export ./gone (./dist/gone.js) has no source gone.ts in its src/',
    );
  });
});

/** A user's own module and test (written by hand, not by a generator), before and after the eject. */
const OWN_SOURCE = `import { UpstreamError } from '@mcp-factory/runtime/errors';
export { defineTool } from '@mcp-factory/runtime/tool';

export const notFound = () => new UpstreamError('not_found', 'gone', 404);
`;
const OWN_SOURCE_EJECTED = `import { UpstreamError } from '../runtime/errors.js';
export { defineTool } from '../runtime/defineTool.js';

export const notFound = () => new UpstreamError('not_found', 'gone', 404);
`;
const OWN_TEST = `import { describe, expect, it } from '@jest/globals';
import { UpstreamError } from '@mcp-factory/runtime/errors';
import { notFound } from '../../src/own/errors.js';

describe('notFound', () => {
  it('is an upstream error', () => expect(notFound()).toBeInstanceOf(UpstreamError));
});
`;
const OWN_TEST_EJECTED = OWN_TEST.replace("'@mcp-factory/runtime/errors'", "'../../src/runtime/errors.js'");

describe('eject generator', () => {
  let repo: string;
  let plop: NodePlopAPI;
  const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
  const eject = (answers: Record<string, unknown> = {}) => plop.getGenerator('eject').runActions({ ...answers });
  const installed = () => path.join(repo, 'node_modules', RUNTIME);
  /** Every runtime-related import specifier of the repo's code, by file. */
  const runtimeImports = () => {
    const out: Record<string, string[]> = {};
    for (const dir of ['src', 'test'])
      for (const entry of fs.readdirSync(path.join(repo, dir), { recursive: true, encoding: 'utf8' })) {
        const file = `${dir}/${entry}`;
        if (file.startsWith('src/runtime/') || !/\.ts$/.test(file)) continue;
        const specifiers = [...read(file).matchAll(/from '([^']*(?:@mcp-factory\/runtime|\/runtime\/)[^']*)'/g)].map(
          (m) => m[1],
        );
        if (specifiers.length) out[file] = specifiers;
      }
    return out;
  };

  beforeAll(async () => {
    repo = await generateServer({ name: 'own', preset: 'rest', baseUrl: 'https://api.example.com' }, tempDir());
    plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
    for (const [generator, answers] of [
      ['method', { name: 'get_item', description: 'Fetch one item', path: '/items/{id}', params: 'id:string' }],
      ['resource', { name: 'item', uri: 'items://{id}', path: '/items/{id}' }],
      ['prompt', { name: 'research', description: 'Research a topic', args: 'topic:Topic' }],
    ] as const) {
      const { failures } = await plop.getGenerator(generator).runActions({ ...answers });
      expect(failures).toEqual([]);
    }
    fs.mkdirSync(path.join(repo, 'src/own'));
    fs.writeFileSync(path.join(repo, 'src/own/errors.ts'), OWN_SOURCE);
    fs.writeFileSync(path.join(repo, 'test/unit/own.test.ts'), OWN_TEST);
    // The packed runtime, unpacked where npm puts it.
    const unpacked = tempDir('mcp-factory-runtime-unpacked-');
    execFileSync('tar', ['-xzf', await ensureRuntimeTarball(), '-C', unpacked]);
    fs.mkdirSync(path.dirname(installed()), { recursive: true });
    fs.cpSync(path.join(unpacked, 'package'), installed(), { recursive: true });
  }, 120_000);

  it('refuses when the runtime is not installed, naming the fix, and changes no byte', async () => {
    const aside = `${installed()}-aside`;
    fs.renameSync(installed(), aside);
    try {
      await expectOneLineRefusal(repo, eject, `${RUNTIME} is not installed in node_modules: run npm install first`);
    } finally {
      fs.renameSync(aside, installed());
    }
  });

  it('refuses outside a generated repo', async () => {
    const empty = tempDir();
    const elsewhere = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: empty, force: false });
    await expectOneLineRefusal(
      empty,
      () => elsewhere.getGenerator('eject').runActions({}),
      'not inside an MCP server repo: no .mcp-factory.json',
    );
  });

  it('refuses a repo that does not depend on the runtime (generated before it existed)', async () => {
    const file = path.join(repo, 'package.json');
    const original = read('package.json');
    const pkg = JSON.parse(original);
    delete pkg.dependencies[RUNTIME];
    fs.writeFileSync(file, JSON.stringify(pkg));
    try {
      await expectOneLineRefusal(repo, eject, `package.json does not depend on ${RUNTIME}: nothing to eject`);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('refuses a --dir outside src/', async () => {
    await expectOneLineRefusal(repo, () => eject({ dir: 'lib/runtime' }), '--dir lib/runtime: a folder under src/');
  });

  it('--dry-run lists what it would write and writes nothing', async () => {
    const before = snapshot(repo);
    const { changes, failures } = await eject({ dryRun: true });
    expect(failures).toEqual([]);
    const listed = changes.map((c) => c.path).join('\n');
    expect(listed).toContain('src/runtime/defineTool.ts');
    expect(listed).toContain('dry run finished: nothing was written');
    expect(snapshot(repo)).toEqual(before);
  });

  it('copies the source, rewrites every runtime import (golden), swaps the dependency and records the ejection', async () => {
    const { changes, failures } = await eject();
    expect(failures).toEqual([]);
    const report = changes.map((c) => c.path).join('\n');
    const sources = fs
      .readdirSync(path.join(installed(), 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => fs.statSync(path.join(installed(), 'src', file)).isFile());
    expect(report).toContain(`src/runtime/: ${sources.length} source file(s) of ${RUNTIME}@${runtimePkg.version}`);
    expect(report).toMatch(/imports of @mcp-factory\/runtime made relative in \d+ file\(s\): .*src\/own\/errors\.ts/);
    expect(report).toContain(`package.json: removed ${RUNTIME} from dependencies`);
    // The copy is the installed source, formatted by the repo's prettier config (the same as the runtime's).
    expect(read('src/runtime/defineTool.ts')).toBe(
      fs.readFileSync(path.join(installed(), 'src/defineTool.ts'), 'utf8'),
    );
    // Golden: the user's own files, and the primitives the generators wrote (whose runtime imports are fixed).
    expect(read('src/own/errors.ts')).toBe(OWN_SOURCE_EJECTED);
    expect(read('test/unit/own.test.ts')).toBe(OWN_TEST_EJECTED);
    expect(runtimeImports()).toMatchObject({
      'src/tools/getItem.ts': ['../runtime/upstream.js', '../runtime/defineTool.js'],
      'src/resources/item.ts': ['../runtime/upstream.js', '../runtime/defineResource.js'],
      'src/prompts/research.ts': ['../runtime/definePrompt.js'],
    });
    // Every other file: no runtime import left, each relative one names a copied file.
    for (const [file, specifiers] of Object.entries(runtimeImports()))
      for (const specifier of specifiers) {
        expect(specifier).not.toContain(RUNTIME);
        const target = path.resolve(path.dirname(path.join(repo, file)), specifier.replace(/\.js$/, '.ts'));
        expect({ file, specifier, exists: fs.existsSync(target) }).toEqual({ file, specifier, exists: true });
      }
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.dependencies[RUNTIME]).toBeUndefined();
    for (const name of Object.keys(runtimePkg.dependencies)) expect(pkg.dependencies[name]).toBeDefined();
    const manifest = JSON.parse(read('.mcp-factory.json'));
    expect(manifest.ejected).toMatchObject({ version: runtimePkg.version, dir: 'src/runtime' });
    expect(manifest.ejected.modules['./tool']).toBe('src/runtime/defineTool.ts');
    expect(manifest.runs.map((r: { generator: string }) => r.generator)).toEqual([
      'server',
      'method',
      'resource',
      'prompt',
    ]);
  });

  it('a second run refuses (already ejected) and changes no byte', async () => {
    await expectOneLineRefusal(
      repo,
      eject,
      `already ejected: ${RUNTIME}@${runtimePkg.version} was copied into src/runtime`,
    );
  });
});
