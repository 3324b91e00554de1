// The factory's TypeScript compiled to JavaScript, one module per entry: dist/factory.js (engine/index.ts, the
// engine and every generator: what a server repo's `npx plop` loads through index.js) and dist/cli.js (cli/main.ts:
// the `mcp-factory` bin). npm packages stay imports. Through tsx each costs about twice the CPU of the compiled
// module (tsx's loader thread sees every import, and a copy of the factory in another folder misses its compile
// cache), and the update command loads two factories per run. The published package ships the modules (prepack);
// a checkout, a fork or an edited copy builds one on first use and again whenever a source it was built from
// changes (dist/<entry>.json keeps each source's hash). Where it cannot be built (no esbuild, a read-only folder),
// the caller loads the TypeScript through tsx as before.
//
// Each module sits in dist/, one folder below the factory's root as engine/ and cli/ are: code that finds the
// factory's files does so from the root (engine/paths.ts), never from beside itself.
//
// Plain JavaScript: index.js and the bin load this file without a TypeScript loader (types: compiled.d.mts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The compiled entries. `split`: the CLI loads the MCP client, ajv and the bundle library only in the commands
 * that use them (cli/main.ts); one module would import them all at start, so the modules its commands import()
 * become chunks of their own beside it (dist/cli-<hash>.js, named by content).
 */
const ENTRIES = {
  factory: { entry: 'engine/index.ts', split: false },
  cli: { entry: 'cli/main.ts', split: true },
};

/** dist/<name>.js, relative to the factory's folder. */
const compiledPath = (name) => `dist/${name}.js`;
export const COMPILED = compiledPath('factory');

/**
 * Whether the factory at `root` compiles itself (has this module): its package entry, index.js, then loads it
 * compiled. An older factory is loaded from its plopfile.ts through tsx, as it ran then.
 */
export const compilesItself = (root) => fs.existsSync(path.join(root, 'engine/compiled.mjs'));
const stampPath = (name) => `dist/${name}.json`;
const chunkPattern = (name) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`);

function entryOf(name) {
  const spec = Object.hasOwn(ENTRIES, name) ? ENTRIES[name] : undefined;
  if (!spec) throw new Error(`no compiled entry "${name}" (known: ${Object.keys(ENTRIES).join(', ')})`);
  return spec;
}

const hashOf = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Whether `root`'s dist/<name>.js (and its chunks) was built from the sources as they are now (each one's hash). */
export function isFresh(root, name = 'factory') {
  const { entry } = entryOf(name);
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, stampPath(name)), 'utf8'));
    const outputs = [compiledPath(name), ...(stamp.chunks ?? []).map((chunk) => `dist/${chunk}`)];
    if (stamp.entry !== entry || !outputs.every((file) => fs.existsSync(path.join(root, file)))) return false;
    const inputs = Object.entries(stamp.inputs ?? {});
    return inputs.length > 0 && inputs.every(([file, hash]) => hashOf(path.join(root, file)) === hash);
  } catch {
    return false;
  }
}

/**
 * Builds `root`'s dist/<name>.js (esbuild, resolved from the factory), its chunks and its stamp. They are written
 * beside each other in a temp folder and moved into place, chunks first, then the module, then the stamp: a process
 * that reads a new stamp finds the module and chunks it describes, and two processes building at once both leave a
 * whole set (a chunk's name is its content's hash). Chunks of earlier builds are removed afterwards.
 */
export async function buildCompiled(root, name = 'factory') {
  const { entry, split } = entryOf(name);
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  const dist = path.join(root, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  const stage = fs.mkdtempSync(path.join(dist, '.build-'));
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { [name]: entry },
      bundle: true,
      splitting: split,
      chunkNames: `${name}-[hash]`,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: stage,
      metafile: true,
      logLevel: 'silent',
      banner: { js: '// Built from the factory sources by engine/compiled.mjs: edit those, not this file.' },
    });
    // The sources of the module; a source that starts importing a new one changes, so the set stays exact.
    const inputs = Object.fromEntries(
      Object.keys(result.metafile.inputs)
        .sort()
        .map((file) => [file, hashOf(path.join(root, file))]),
    );
    const chunks = Object.keys(result.metafile.outputs)
      .map((file) => path.basename(file))
      .filter((file) => file !== `${name}.js`)
      .sort();
    const stamp = { entry, inputs, ...(split ? { chunks } : {}) };
    fs.writeFileSync(path.join(stage, `${name}.json`), `${JSON.stringify(stamp, null, 2)}\n`);
    for (const file of [...chunks, `${name}.js`, `${name}.json`])
      fs.renameSync(path.join(stage, file), path.join(dist, file));
    const kept = new Set(chunks);
    for (const file of fs.readdirSync(dist))
      if (chunkPattern(name).test(file) && !kept.has(file)) fs.rmSync(path.join(dist, file), { force: true });
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return path.join(root, compiledPath(name));
}

/**
 * The path of `root`'s compiled entry `name` ('factory' or 'cli'), built first when missing or stale; undefined
 * when it cannot be built (the caller then loads the TypeScript through tsx). MCP_FACTORY_COMPILED=0 asks for the
 * TypeScript sources.
 */
export async function compiled(root, name) {
  const { entry } = entryOf(name);
  if (process.env.MCP_FACTORY_COMPILED === '0' || !fs.existsSync(path.join(root, entry))) return undefined;
  if (isFresh(root, name)) return path.join(root, compiledPath(name));
  try {
    return await buildCompiled(root, name);
  } catch {
    return undefined;
  }
}

/** The compiled factory (dist/factory.js): `compiled(root, 'factory')`. */
export const compiledFactory = (root) => compiled(root, 'factory');

/**
 * The module of `root`'s entry `name`: compiled when it can be (`compiled`), else its TypeScript source through
 * tsx's scoped loader, which compiles it on the fly without leaking into the host process (the servers the CLI
 * starts, the repo that loads the factory).
 */
export async function loadEntry(root, name) {
  const file = await compiled(root, name);
  if (file) return import(pathToFileURL(file).href);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(path.join(root, entryOf(name).entry)).href, import.meta.url);
}

// `node engine/compiled.mjs [name...]`: build them now, every entry by default (npm's prepack: the published
// package ships them built).
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(ENTRIES);
  for (const name of names) await buildCompiled(path.dirname(import.meta.dirname), name);
}
