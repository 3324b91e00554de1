// Probes of the build's esbuild plugins: a snippet bundled as the build bundles a server (one CommonJS file for
// Node 20, the SDK resolved from the working folder), then run by Node. Shared by the build's plugin tests.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { scaled } from '../../../test/helpers/timeouts.js';

/** Where esbuild resolves the probes' imports of the SDK, and what its metafile paths are relative to. */
export const PROBE_ROOT = process.cwd();

/** `probe` bundled with `plugins`: the bundle's text and the files it took in (relative to PROBE_ROOT). */
export async function bundleProbe(probe: string, plugins: Plugin[]): Promise<{ text: string; inputs: string[] }> {
  const out = await build({
    stdin: { contents: probe, resolveDir: PROBE_ROOT, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    plugins,
    metafile: true,
    logLevel: 'silent',
  });
  return { text: out.outputFiles[0].text, inputs: Object.keys(out.metafile.inputs) };
}

/** Runs a bundle (written as a new file in `dir`) with Node; its stdout. */
export async function runProbe(code: string, dir: string): Promise<string> {
  const file = path.join(dir, `probe-${fs.readdirSync(dir).length}.cjs`);
  fs.writeFileSync(file, code);
  const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: scaled(10_000) });
  return stdout;
}
