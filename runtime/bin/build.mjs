#!/usr/bin/env node
// mcp-factory-build: a server repo's `npm run build`, after tsc has type-checked src/, run in the repo's folder.
// It bundles src/ for fast starts, because MCP clients spawn the server for every session (figures: the
// factory's bench/). esbuild is the repo's devDependency (an optional peer of the runtime: users of a server
// never build it).
//   dist/server.js     src/index.ts and its dependencies in one CommonJS file: one file to read instead
//                      of hundreds, and CommonJS compiles lazily, which starts faster than the same bundle
//                      as an ES module on Node 20
//   dist/index.js      what npm start, the bin and MCP clients run: codeCacheLoader.cjs, which runs
//                      dist/server.js with V8's code cache dist/server.js.cache
//   dist/server.js.cache  written here by starting the built server once (initialize, tools/list): a start
//                      then compiles almost nothing. Without it (the warm-up failed, another Node) the
//                      loader compiles as usual
//   dist/http.js       HTTP mode (--http), bundled apart: server.js loads it only in HTTP mode, so a stdio start
//                      neither reads nor compiles it (src/index.ts again with the HTTP code inside, or the
//                      src/http.ts of servers generated before the runtime's entry)
//   dist/package.json  marks dist/ as CommonJS inside this "type": "module" package
//   dist/*.md          the prompts' message templates (src/prompts/*.md), read at each prompts/get: a prompt
//                      finds its template beside its module (import.meta.url), in the bundle dist/
// AJV, which the SDK loads at startup but a server rarely needs, is evaluated on first use
// (lazySdkShimsPlugin.mjs), and the SDK's protocol schemas the server never uses are left out of the bundle rather
// than built at every start (sdkSchemaShakingPlugin.mjs). A code cache made at the first compile, as v8-compile-cache does, saved only ~3 %: the
// one written after the first answers also holds the functions a start runs, and saves about a fifth.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lazySdkShims, lazyShimsMatchSdk } from './lazySdkShimsPlugin.mjs';
import { sdkSchemaShaking } from './sdkSchemaShakingPlugin.mjs';

/** How long the warm-up run that writes the code cache may take before it is given up (and the cache with it). */
const WARM_UP_TIMEOUT_MS = 20_000;

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
const sdkShims = [...((await lazyShimsMatchSdk()) ? [lazySdkShims] : []), sdkSchemaShaking];
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
 * only when asked. In dist/server.js that import is the second bundle, dist/http.js: the same src/index.ts with
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
    outfile: path.join(dist, 'server.js'),
    // import() of what stays outside (dist/http.js, the tracer) becomes require(): on Node 20 a script compiled from
    // a code cache loses its import() callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and Node >= 20.19
    // require()s an ES module.
    supported: { 'dynamic-import': false },
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
fs.copyFileSync(path.join(import.meta.dirname, 'codeCacheLoader.cjs'), path.join(dist, 'index.js'));
fs.chmodSync(path.join(dist, 'index.js'), 0o755);
await writeCodeCache();

/**
 * Starts dist/index.js once, answers initialize and tools/list, and closes stdin: the loader writes the code cache
 * as the server exits. Variables that would serve HTTP, record, replay or trace are left out, and NODE_OPTIONS too
 * (V8 accepts a cache only under the flags it was made with: a client starts the server without them).
 */
async function writeCodeCache() {
  const cacheFile = path.join(dist, 'server.js.cache');
  const env = { ...process.env, NODE_OPTIONS: '', MCP_FACTORY_WRITE_CODE_CACHE: cacheFile };
  for (const name of Object.keys(env)) {
    if (/_(TRANSPORT|RECORD|REPLAY)$/.test(name) || name.startsWith('OTEL_')) delete env[name];
  }
  const child = spawn(process.execPath, [path.join(dist, 'index.js')], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => child.once('close', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), WARM_UP_TIMEOUT_MS);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    // Both answers (ids 1 and 2) arrived: close stdin, the polite shutdown.
    if (/"id":2[,}]/.test(output)) child.stdin.end();
  });
  child.stdin.on('error', () => {}); // the server exited early: reported below
  const message = (id, method, params) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
  child.stdin.write(
    message(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'mcp-factory-build', version: '0.0.0' },
    }) +
      `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n` +
      message(2, 'tools/list', {}),
  );
  await exited;
  clearTimeout(timer);
  if (!fs.existsSync(cacheFile)) {
    process.stderr.write(
      'build: the built server did not answer initialize and tools/list: no code cache (slower start)\n',
    );
  }
}
