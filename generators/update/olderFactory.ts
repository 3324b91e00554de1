// An older factory (from before it compiled itself, engine/compiled.mjs) replayed from one bundled module rather
// than through tsx: tsx's loader sees every import the plopfile makes, ~2.5 s of CPU of a replay's ~3.5 on a
// 2-core machine; the same code bundled by esbuild (the transform tsx itself uses) loads in a fraction of that.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, Plugin } from 'esbuild';

/** The names each bundled source module's import.meta values take (a module keeps its own, below). */
const IMPORT_META = {
  'import.meta.url': '__olderFactoryModuleUrl',
  'import.meta.dirname': '__olderFactoryModuleDirname',
  'import.meta.filename': '__olderFactoryModuleFilename',
} as const;

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' };

/**
 * Every source module keeps the import.meta it had unbundled: its own URL, folder and file. esbuild's `define`
 * replaces `import.meta.url` (and the others) in the syntax tree, never inside a string, with a name each module
 * declares first; code that finds the factory's templates and partials beside itself finds them where they are.
 */
const ownImportMeta: Plugin = {
  name: 'own-import-meta',
  setup(bundle) {
    bundle.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async ({ path: file }) => {
      const source = await fs.promises.readFile(file, 'utf8');
      const [, hashbang = '', body = source] = /^(#![^\n]*\n)?([\s\S]*)$/.exec(source) ?? [];
      const values = [pathToFileURL(file).href, path.dirname(file), file];
      const declared = Object.values(IMPORT_META).map((name, i) => `${name} = ${JSON.stringify(values[i])}`);
      return {
        contents: `${hashbang}const ${declared.join(', ')};\n${body}`,
        loader: LOADERS[path.extname(file)] ?? 'js',
      };
    });
  },
};

/**
 * The factory at `root`'s plopfile.ts bundled into `outfile` (npm packages stay imports, found from `outfile`'s
 * folder up: keep it inside `root`, whose node_modules they come from). Throws when esbuild cannot bundle it.
 */
export async function bundleOlderPlopfile(root: string, outfile: string): Promise<string> {
  const { build } = await import('esbuild'); // only for an older factory: not loaded by every run
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'plopfile.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    define: IMPORT_META,
    plugins: [ownImportMeta],
    logLevel: 'silent',
  });
  return outfile;
}
