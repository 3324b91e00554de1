// `npm run dev` only: loaded (`node --import`) into each server the supervisor (dev.mjs) starts,
// before src/index.ts. `npm start` and the build never load it. It talks to the supervisor over the Node IPC
// channel, never stdout (that carries only JSON-RPC):
//  - `{ type: 'start' }`: a spare server (MCP_DEV_SPARE=1) loads the libraries first, then waits for this
//    before it runs src/index.ts, so a restart does not pay for loading them;
//  - `{ type: 'reload', id, files }`: re-imports src/tools/index.ts and the changed tool modules, swaps the
//    tools in place (devTools.mjs) and answers `{ type: 'reloaded', id, listChanged, ms }`, or
//    `{ type: 'fallback', id, reason }` (the supervisor then restarts the server) when in doubt: a changed file
//    that another module than the index imports (a helper), a file that is not a module (data a tool may
//    read), an index that another module than src/server.ts uses, a failed import. Nothing is swapped then:
//    the previous tools keep serving. A module that nothing imported yet (a new file) is not running code:
//    the new index, or the tool that now imports it, loads it fresh.
import fs from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { compileErrorLine } from './devErrors.mjs';

const root = process.cwd(); // the supervisor starts each server in the repo's folder
const toolsDir = pathToFileURL(path.join(root, 'src', 'tools')).href + '/';
// The tools list: src/primitives.ts, imported by src/index.ts (the runtime's entry registers them); servers
// generated before that entry have src/tools/index.ts, imported by src/server.ts.
const primitives = path.join(root, 'src', 'primitives.ts');
const newLayout = fs.existsSync(primitives);
const indexUrl = newLayout ? pathToFileURL(primitives).href : `${toolsDir}index.ts`;
const serverUrl = pathToFileURL(path.join(root, 'src', newLayout ? 'index.ts' : 'server.ts')).href;
const MODULE = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;
const relative = (url) => path.relative(root, fileURLToPath(url.split('?')[0]));

// A server that cannot load (or throws later) exits 1 as before; a compile error is told in one line, not a stack trace.
process.on('uncaughtException', (error) => {
  const line = compileErrorLine(error);
  process.stderr.write(line ? `[dev] cannot load the server: ${line}\n` : `${inspect(error)}\n`);
  process.exit(1);
});

const { port1: port, port2 } = new MessageChannel();
register(new URL('./devHooks.mjs', import.meta.url), { data: { port: port2, toolsDir }, transferList: [port2] });
port.unref();

const importers = new Map(); // module URL → URLs (with query) of the modules that imported it
const acks = new Map();
let nextId = 0;
port.on('message', (message) => {
  if (message.type === 'edge') {
    if (!importers.has(message.child)) importers.set(message.child, new Set());
    importers.get(message.child).add(message.parent);
  } else if (message.type === 'ack') {
    acks.get(message.id)?.();
    acks.delete(message.id);
  }
});
/** Sends to the hooks thread and waits for its answer (which also means every edge before it has arrived). */
const toHooks = (message) =>
  new Promise((resolve) => {
    const id = ++nextId;
    acks.set(id, resolve);
    port.postMessage({ ...message, id });
  });

// The runtime's createServer (src/server.ts in older servers) registers tools through this when present (dev only).
const devTools = await import('./devTools.mjs');
globalThis[Symbol.for('mcp-factory.dev-tools')] = devTools;

let reloads = 0;
// Node never unloads an ES module: each in-place reload keeps the previous versions of the changed modules.
// After this many, a restart starts afresh.
const MAX_RELOADS = 200;
const withoutQuery = (url) => url.split('?')[0];

async function reload(files) {
  const started = performance.now();
  if (reloads >= MAX_RELOADS) return { type: 'fallback', reason: `${MAX_RELOADS} in-place reloads: starting afresh` };
  const changed = files.map((file) => pathToFileURL(file).href);
  for (const url of changed) {
    if (!MODULE.test(url)) return { type: 'fallback', reason: `${relative(url)} is not a module` };
    // src/primitives.ts lists resources and prompts too: only a module under src/tools/ is swapped in place.
    if (newLayout && url !== indexUrl && !url.startsWith(toolsDir))
      return { type: 'fallback', reason: `${relative(url)} is not a tool module` };
    const allowed = url === indexUrl ? [serverUrl, import.meta.url] : [indexUrl]; // we import the index too
    const other = [...(importers.get(url) ?? [])].find((parent) => !allowed.includes(withoutQuery(parent)));
    if (other) return { type: 'fallback', reason: `${relative(url)} is imported by ${relative(other)}` };
  }
  reloads += 1;
  const version = reloads;
  await toHooks({ type: 'versions', versions: [...changed, indexUrl].map((url) => [url, version]) });
  let tools;
  try {
    ({ tools } = await import(`${indexUrl}?mcp-dev=${version}`));
  } catch (error) {
    return {
      type: 'fallback',
      reason: `importing the tools failed: ${compileErrorLine(error) ?? error?.message ?? error}`,
    };
  } finally {
    await toHooks({ type: 'flush' }); // the next reload checks importers: this one's edges are all in
  }
  try {
    const listChanged = devTools.replaceTools(tools);
    return { type: 'reloaded', listChanged, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { type: 'fallback', reason: error?.message ?? String(error) };
  }
}

let reloading = Promise.resolve();
process.on('message', (message) => {
  if (message?.type !== 'reload') return;
  // One reload at a time, in the order asked.
  reloading = reloading.then(async () => process.send?.({ ...(await reload(message.files)), id: message.id }));
});

if (process.env.MCP_DEV_SPARE === '1') {
  // Load what every server loads (the dependencies in package.json, the SDK's stdio entry), then wait.
  // Listen first: the supervisor may need us before the libraries are loaded.
  const started = new Promise((resolve) => process.on('message', (message) => message?.type === 'start' && resolve()));
  process.on('disconnect', () => process.exit(0)); // the supervisor is gone before it needed us
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // The stdout guard (@mcp-factory/runtime/stdout-guard) is not loaded yet: whatever a library prints while it loads goes to stderr, as it would.
  const toStdout = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr);
  try {
    for (const name of [...Object.keys(dependencies), '@modelcontextprotocol/server/stdio']) {
      await import(name).catch(() => undefined); // a package without an importable entry is loaded later, as usual
    }
  } finally {
    process.stdout.write = toStdout;
  }
  await started;
}
process.channel?.unref(); // the IPC channel never keeps a server running that would otherwise exit
