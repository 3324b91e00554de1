// A TypeScript fixture the tests start as a process, bundled by esbuild (its imports included) into the test run's
// temp folder once per test file, then started with plain node. Through `--import tsx` each start cost about 0.45 s
// of CPU (tsx's loader compiles every import on the way), the bundle about 0.12 s; the HTTP tests start their server
// fixture dozens of times. The bundle runs the same sources: only how they are loaded differs, as in a built server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

const bundles = new Map<string, string>();

/** The path of `entry` (a .ts fixture) bundled to JavaScript, built on the first call in this process. */
export function bundledFixture(entry: string): string {
  const known = bundles.get(entry);
  if (known !== undefined) return known;
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-bundle-')), 'fixture.mjs');
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // Every module runs as it does from source: the runtime's package.json names its side-effect modules by their
    // dist/ paths, so from src/ esbuild would drop main.ts's `import './stdoutGuard.js'` and './zodJitless.js'.
    ignoreAnnotations: true,
    // CommonJS dependencies bundled into an ES module call require: give them one.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  bundles.set(entry, outfile);
  return outfile;
}
