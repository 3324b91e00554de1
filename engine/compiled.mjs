// The factory compiled to one JavaScript module: dist/factory.js, the engine and every generator (engine/index.ts
// and what it imports; npm packages stay imports). A server repo loads the factory on every `npx plop` (index.js);
// through tsx that costs about twice the CPU of the compiled module (tsx's loader thread sees every import, and a
// copy of the factory in another folder misses its compile cache), and the update command loads two factories per
// run. The published package ships the module (prepack); a checkout, a fork or an edited copy builds it on first use
// and again whenever a source it was built from changes (dist/factory.json keeps each source's hash). Where it cannot
// be built (no esbuild, a read-only folder), the caller loads the TypeScript through tsx as before.
//
// Plain JavaScript: index.js loads this file without a TypeScript loader (types: compiled.d.mts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const COMPILED = 'dist/factory.js';
const STAMP = 'dist/factory.json';
const ENTRY = 'engine/index.ts';

const hashOf = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Whether `root`'s dist/factory.js was built from the sources as they are now (each one's hash). */
export function isFresh(root) {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, STAMP), 'utf8'));
    if (stamp.entry !== ENTRY || !fs.existsSync(path.join(root, COMPILED))) return false;
    const inputs = Object.entries(stamp.inputs ?? {});
    return inputs.length > 0 && inputs.every(([file, hash]) => hashOf(path.join(root, file)) === hash);
  } catch {
    return false;
  }
}

/**
 * Builds `root`'s dist/factory.js (esbuild, resolved from the factory) and its stamp. The module and the stamp are
 * written beside each other in a temp folder and moved into place, module first: a process that reads a new stamp
 * finds the module it describes, and two processes building at once both leave a whole pair.
 */
export async function buildCompiled(root) {
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  const dist = path.join(root, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  const stage = fs.mkdtempSync(path.join(dist, '.build-'));
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: path.join(stage, 'factory.js'),
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
    fs.writeFileSync(path.join(stage, 'factory.json'), `${JSON.stringify({ entry: ENTRY, inputs }, null, 2)}\n`);
    fs.renameSync(path.join(stage, 'factory.js'), path.join(root, COMPILED));
    fs.renameSync(path.join(stage, 'factory.json'), path.join(root, STAMP));
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return path.join(root, COMPILED);
}

/**
 * The path of `root`'s compiled factory, built first when missing or stale; undefined when it cannot be built
 * (the caller then loads engine/index.ts through tsx). MCP_FACTORY_COMPILED=0 asks for the TypeScript sources.
 */
export async function compiledFactory(root) {
  if (process.env.MCP_FACTORY_COMPILED === '0' || !fs.existsSync(path.join(root, ENTRY))) return undefined;
  if (isFresh(root)) return path.join(root, COMPILED);
  try {
    return await buildCompiled(root);
  } catch {
    return undefined;
  }
}

// `node engine/compiled.mjs`: build it now (npm's prepack: the published package ships it built).
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  await buildCompiled(path.dirname(import.meta.dirname));
}
