// The factory compiled to one JavaScript module (engine/compiled.mjs): what a server repo's `npx plop` and the
// update command load instead of the TypeScript through tsx. It must be rebuilt whenever a source changes, never
// be used stale, leave the caller its fallback when it cannot be built, and mean the same as the sources: the
// same exports, and the same folders and version wherever the module sits (it is in dist/, the sources in engine/).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { buildCompiled, compiledFactory, isFresh } from '../../engine/compiled.mjs';
import * as engine from '../../engine/index.js';
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
    // Built into a copy of the sources it needs, so this checkout's own dist/ is not raced by other test files.
    const root = tempDir('mcp-factory-compiled-self-');
    for (const entry of ['package.json', 'engine', 'generators', 'plopfile.ts', 'cli', 'runtime/src'])
      fs.cpSync(path.join(FACTORY_ROOT, entry), path.join(root, entry), { recursive: true });
    fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const file = await buildCompiled(root);
    const compiled = evaluate(
      file,
      '({ names: Object.keys(m).sort(), root: m.FACTORY_ROOT, version: m.factoryVersion })',
    );
    expect(compiled).toEqual({
      names: Object.keys(engine).sort(),
      root,
      version: engine.factoryVersion,
    });
  }, 60_000);
});
