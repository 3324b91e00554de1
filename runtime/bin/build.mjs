#!/usr/bin/env node
// mcp-factory-build: a server repo's `npm run build`, after tsc has type-checked src/, run in the repo's folder.
// It bundles src/ for fast starts, because MCP clients spawn the server for every session (figures: the
// factory's bench/). esbuild is the repo's devDependency (an optional peer of the runtime: users of a server
// never build it).
//   dist/index.js      src/index.ts and its dependencies in one CommonJS file (npm start, bin): one
//                      file to read instead of hundreds, and CommonJS compiles lazily, which starts
//                      faster than the same bundle as an ES module on Node 20
//   dist/http.js       HTTP mode (--http), bundled apart: index.js loads it only in HTTP mode, so a stdio start
//                      neither reads nor compiles it (src/index.ts again with the HTTP code inside, or the
//                      src/http.ts of servers generated before the runtime's entry)
//   dist/package.json  marks dist/ as CommonJS inside this "type": "module" package
//   dist/*.md          the prompts' message templates (src/prompts/*.md), read at each prompts/get: a prompt
//                      finds its template beside its module (import.meta.url), in the bundle dist/
// AJV, which the SDK loads at startup but a server rarely needs, is evaluated on first use
// (lazySdkShimsPlugin.mjs). Measured and left out: V8's code cache (v8-compile-cache) saved only
// ~3 % more on Node 20, not worth a cache folder in the OS temp dir.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lazySdkShims, lazyShimsMatchSdk } from './lazySdkShimsPlugin.mjs';

// npm runs a script in the package's folder: the server repo.
const root = process.cwd();
const dist = path.join(root, 'dist');

fs.rmSync(dist, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  // In a CommonJS bundle import.meta is empty: give src/ code the bundle's own file URL instead.
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: 'var __bundleFileUrl = require("url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
};
const sdkShims = (await lazyShimsMatchSdk()) ? [lazySdkShims] : [];
/** index.ts's `import('./http.js')` stays a require of the separate dist/http.js. */
const httpBundleApart = {
  name: 'http-bundle-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/http\.js$/ }, () => ({ path: './http.js', external: true }));
  },
};
/**
 * The runtime loads OpenTelemetry only when OTEL_* variables turn tracing on: its tracer module stays a require of
 * the installed package, so the SDK is neither in the bundle nor read by a start without tracing.
 */
const tracingApart = {
  name: 'tracing-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/otel\.js$/ }, (args) =>
      /[\\/]@mcp-factory[\\/]runtime[\\/]/.test(args.importer)
        ? { path: '@mcp-factory/runtime/tracing/otel', external: true }
        : undefined,
    );
  },
};
/**
 * A server on the runtime's entry (`@mcp-factory/runtime/main`) loads HTTP mode with `import('./http/index.js')`
 * only when asked. In dist/index.js that import is the second bundle, dist/http.js: the same src/index.ts with
 * the HTTP code inside, which serves itself (one copy of the runtime in the process, so the log's name, the
 * secrets it redacts and the tracer are the ones the server's own code uses). A stdio start never reads it.
 */
/** The runtime's own folder: the installed package, or its copy in an ejected repo (src/runtime/, this bin beside it). */
const runtimeRoot = fs.realpathSync(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const fromRuntime = (importer) =>
  /[\\/]@mcp-factory[\\/]runtime[\\/]/.test(importer) || importer.startsWith(runtimeRoot + path.sep);
const runtimeHttpApart = {
  name: 'runtime-http-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/http\/index\.js$/ }, (args) =>
      fromRuntime(args.importer) ? { path: './http.js', external: true } : undefined,
    );
  },
};
const indexEntry = path.join(root, 'src/index.ts');
const httpEntry = path.join(root, 'src/http.ts');
const ownHttpEntry = fs.existsSync(httpEntry); // servers generated before the runtime's entry
// The two bundles are independent: built at once.
await Promise.all([
  build({
    ...common,
    entryPoints: [indexEntry],
    outfile: path.join(dist, 'index.js'),
    plugins: [...sdkShims, tracingApart, ownHttpEntry ? httpBundleApart : runtimeHttpApart],
  }),
  build({
    ...common,
    entryPoints: [ownHttpEntry ? httpEntry : indexEntry],
    outfile: path.join(dist, 'http.js'),
    plugins: [...sdkShims, tracingApart],
  }),
]);
const prompts = path.join(root, 'src/prompts');
const messages = fs.existsSync(prompts) ? fs.readdirSync(prompts).filter((f) => f.endsWith('.md')) : [];
for (const file of messages) {
  fs.copyFileSync(path.join(prompts, file), path.join(dist, file));
}
fs.writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
