// The factory and its CLI compiled to JavaScript (engine/compiled.mjs): what a server repo's `npx plop`, the update
// command and the `mcp-factory` bin load instead of the TypeScript through tsx. Each must be rebuilt whenever a
// source changes, never be used stale, leave the caller its fallback when it cannot be built, and mean the same as
// the sources: the same exports and output, and the same folders and version wherever the module sits (it is in
// dist/, the sources in engine/ and cli/).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { buildCompiled, compiled, compiledFactory, isFresh } from '../../engine/compiled.mjs';
import * as engine from '../../engine/index.js';
import { writeFakeServer } from '../helpers/factoryCli.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { it } from '../helpers/timeouts.js';

/** A factory-shaped folder: engine/index.ts importing engine/answer.ts; esbuild from this checkout when `linked`. */
function tinyFactory(linked: boolean): string {
  const root = tempDir('mcp-factory-compiled-');
  fs.mkdirSync(path.join(root, 'engine'));
  fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
  fs.writeFileSync(path.join(root, 'engine/answer.ts'), 'export const answer: number = 41;\n');
  fs.writeFileSync(
    path.join(root, 'engine/index.ts'),
    "import { answer } from './answer.js';\nexport default (): number => answer + 1;\n",
  );
  if (linked) fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** A CLI-shaped entry in `root`: cli/main.ts, which loads cli/lazy.ts only when called (so it becomes a chunk). */
function tinyCli(root: string, lazy: string): void {
  fs.mkdirSync(path.join(root, 'cli'));
  fs.writeFileSync(path.join(root, 'cli/lazy.ts'), `export const word: string = '${lazy}';\n`);
  fs.writeFileSync(
    path.join(root, 'cli/main.ts'),
    "export const run = async (): Promise<string> => (await import('./lazy.js')).word;\n",
  );
}

/** dist/'s files, sorted. */
const distOf = (root: string): string[] => fs.readdirSync(path.join(root, 'dist')).sort();

/**
 * A copy of this factory's sources (node_modules linked), so building in it never races this checkout's own dist/
 * with other test files.
 */
function selfCopy(): string {
  const root = tempDir('mcp-factory-compiled-self-');
  for (const entry of ['package.json', 'engine', 'generators', 'plopfile.ts', 'cli', 'bin', 'runtime/src'])
    fs.cpSync(path.join(FACTORY_ROOT, entry), path.join(root, entry), { recursive: true });
  fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** What `node` prints for `expression` over the module at `file` (imported as `m`), in a process of its own. */
function evaluate(file: string, expression: string): unknown {
  const script = `const m = await import(${JSON.stringify(file)}); console.log(JSON.stringify(${expression}));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return JSON.parse(out);
}

describe('the compiled factory', () => {
  it('is built on first use, used while every source is unchanged, and rebuilt when one changes', async () => {
    const root = tinyFactory(true);
    expect(isFresh(root)).toBe(false);
    const file = await compiledFactory(root);
    expect(file).toBe(path.join(root, 'dist/factory.js'));
    expect(isFresh(root)).toBe(true);
    expect(evaluate(file ?? '', 'm.default()')).toBe(42);
    const built = fs.statSync(path.join(root, 'dist/factory.js')).mtimeMs;
    expect(await compiledFactory(root)).toBe(file);
    expect(fs.statSync(path.join(root, 'dist/factory.js')).mtimeMs).toBe(built);
    // An imported source changes (not the entry): the module is stale, and the next use rebuilds it.
    fs.writeFileSync(path.join(root, 'engine/answer.ts'), 'export const answer: number = 99;\n');
    expect(isFresh(root)).toBe(false);
    expect(evaluate((await compiledFactory(root)) ?? '', 'm.default()')).toBe(100);
    expect(isFresh(root)).toBe(true);
    // Nothing but the module and its stamp is left in dist/ (the build's temp folder is gone).
    expect(fs.readdirSync(path.join(root, 'dist')).sort()).toEqual(['factory.js', 'factory.json']);
  });

  it('is never used once a source is gone, and is undefined where it cannot be built (the caller loads the sources)', async () => {
    const root = tinyFactory(true);
    await buildCompiled(root);
    fs.rmSync(path.join(root, 'engine/answer.ts'));
    expect(isFresh(root)).toBe(false);
    expect(await compiledFactory(root)).toBeUndefined(); // the build fails: answer.ts is missing
    // No esbuild to build with (a factory installed without it): nothing is written.
    const bare = tinyFactory(false);
    expect(await compiledFactory(bare)).toBeUndefined();
    expect(fs.existsSync(path.join(bare, 'dist'))).toBe(false);
  });

  it('builds each entry on its own: the CLI with its lazily loaded modules as chunks, earlier chunks removed', async () => {
    const root = tinyFactory(true);
    tinyCli(root, 'first');
    const file = await compiled(root, 'cli');
    expect(file).toBe(path.join(root, 'dist/cli.js'));
    expect(isFresh(root, 'cli')).toBe(true);
    expect(isFresh(root)).toBe(false); // the factory's module is another entry, not built by the CLI's
    const [chunk, ...others] = distOf(root).filter((name) => /^cli-.+\.js$/.test(name));
    expect(others).toEqual([]);
    expect(fs.readFileSync(file ?? '', 'utf8')).not.toContain('first'); // the lazy module is in the chunk
    expect(evaluate(file ?? '', 'await m.run()')).toBe('first');
    // A missing chunk makes the module stale; a changed lazy source builds a new chunk in place of the old one.
    fs.rmSync(path.join(root, 'dist', chunk ?? ''));
    expect(isFresh(root, 'cli')).toBe(false);
    fs.writeFileSync(path.join(root, 'cli/lazy.ts'), "export const word: string = 'second';\n");
    expect(evaluate((await compiled(root, 'cli')) ?? '', 'await m.run()')).toBe('second');
    expect(await compiledFactory(root)).toBe(path.join(root, 'dist/factory.js'));
    const files = distOf(root);
    expect(files.filter((name) => /^cli-.+\.js$/.test(name))).toHaveLength(1);
    expect(files.filter((name) => !/^cli-.+\.js$/.test(name))).toEqual([
      'cli.js',
      'cli.json',
      'factory.js',
      'factory.json',
    ]);
  });

  it('is left aside when MCP_FACTORY_COMPILED=0', async () => {
    const root = tinyFactory(true);
    process.env.MCP_FACTORY_COMPILED = '0';
    try {
      expect(await compiledFactory(root)).toBeUndefined();
    } finally {
      delete process.env.MCP_FACTORY_COMPILED;
    }
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('of this factory exports what its sources export, with the same factory folder and version', async () => {
    const root = selfCopy();
    const file = await buildCompiled(root);
    const exported = evaluate(
      file,
      '({ names: Object.keys(m).sort(), root: m.FACTORY_ROOT, version: m.factoryVersion })',
    );
    expect(exported).toEqual({
      names: Object.keys(engine).sort(),
      root,
      version: engine.factoryVersion,
    });
  }, 60_000);

  it('of this CLI prints what its sources print and finds its files from dist/: version, help, server.json schema', async () => {
    const root = selfCopy();
    const bin = path.join(root, 'bin/mcp-factory.js');
    // A server that is not built (doctor checks its server.json without starting it), the server.json missing a
    // field the official schema requires: the problem doctor names comes from the schema file, read from disk.
    const server = writeFakeServer(tempDir('mcp-factory-compiled-server-'), { name: 'tiny-srv', built: false });
    const cases = [
      ['--version'],
      ['--help'],
      ['list', '--help'],
      ['list', '--json', '--path', server],
      ['doctor', '--json', '--path', server, 'tiny-srv'],
    ];
    const cwd = tempDir('mcp-factory-compiled-cwd-');
    const run = (command: string[], env: NodeJS.ProcessEnv = {}) => {
      const result = spawnSync(process.execPath, command, {
        cwd,
        encoding: 'utf8',
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          NO_COLOR: '1',
          npm_config_prefix: path.join(cwd, '.no-global'),
          ...env,
        },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const sources = cases.map((args) => run([bin, ...args], { MCP_FACTORY_COMPILED: '0' }));
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false); // through tsx: nothing built
    expect(sources[0]?.stdout.trim()).toBe(engine.factoryVersion);
    expect(sources[4]).toMatchObject({ status: 1, stdout: expect.stringContaining("required property 'description'") });
    // The bin builds dist/cli.js on first use and runs it; the module alone (no TypeScript loader) says the same.
    expect(cases.map((args) => run([bin, ...args]))).toEqual(sources);
    expect(isFresh(root, 'cli')).toBe(true);
    const script = `const m = await import(${JSON.stringify(path.join(root, 'dist/cli.js'))}); process.exitCode = await m.run(process.argv);`;
    const compiledRuns = cases.map((args) => run(['--input-type=module', '-e', script, '--', 'mcp-factory', ...args]));
    expect(compiledRuns).toEqual(sources);
  }, 60_000);
});
