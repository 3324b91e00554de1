// The measuring side of `npm run bench:persistence`, run inside a generated server repo (with
// `node --import tsx`, so it imports the repo's own TypeScript): raw disk rates and the persistence
// store's rates on the same disk, in the same process, then the p50 a record adds to a tool call.
// Kept as a string: it imports files that exist only in the generated repo.
export const PROBE = `
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import { ENV_PREFIX, loadConfig } from './src/config.js';
import { createUpstream } from './src/client.js';
import { defineTool } from './src/defineTool.js';
import { startPersistence } from './src/persistence/index.js';
import { JsonlStore } from './src/persistence/jsonlStore.js';

const [N, FSYNC_N, LATENCY_N, ROUNDS] = process.argv.slice(2).map(Number);
const base = process.env.BENCH_DIR;
const fresh = () => fs.mkdtempSync(path.join(base, 'records-'));
const config = loadConfig({});
const echo = defineTool({
  name: 'echo',
  description: 'answers with its text',
  inputSchema: z.object({ n: z.number(), text: z.string() }),
  async run({ text }) {
    return { content: [{ type: 'text', text }] };
  },
});
const args = (n) => ({ n, text: 'x'.repeat(300) });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function wired(durability) {
  const dir = fresh();
  const persistence = startPersistence({ [ENV_PREFIX + '_DATA_DIR']: dir, [ENV_PREFIX + '_DURABILITY']: durability }, () => {});
  const deps = { config, upstream: createUpstream(config, fetch, persistence.observeUpstream), recorder: persistence.recorder };
  return { dir, persistence, deps };
}

const lines = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
  .reduce((n, f) => n + fs.readFileSync(path.join(dir, f), 'utf8').split('\\n').length - 1, 0);

// A real record line, for the raw rates: the same bytes the store writes.
const sample = wired('none');
await echo.call(args(0), sample.deps);
await sample.persistence.close();
const line = fs.readFileSync(path.join(sample.dir, fs.readdirSync(sample.dir)[0]), 'utf8');

function rawAppend(count, fsync) {
  const fd = fs.openSync(path.join(fresh(), 'raw.jsonl'), 'a');
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    fs.writeSync(fd, line);
    if (fsync) fs.fsyncSync(fd);
  }
  const ms = performance.now() - t0;
  fs.closeSync(fd);
  return (count / ms) * 1000;
}

// The store alone: serialized records appended through its ordered queue, "inflight" awaited at a time.
async function appendRate(durability, count, inflight) {
  const dir = fresh();
  const store = new JsonlStore({ dataDir: dir, durability, flushMs: 200, maxFileBytes: 1 << 30, keepFiles: 10, report: () => {} });
  store.start();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: inflight }, async () => {
    while (next < count) {
      next++;
      const durable = store.append(undefined, line);
      if (durable) await durable;
      else if (next % 64 === 0) await new Promise((r) => setImmediate(r)); // let the queue drain, as calls do
    }
  }));
  await store.close();
  const ms = performance.now() - t0;
  if (lines(dir) !== count) throw new Error(durability + ': ' + lines(dir) + ' lines for ' + count + ' appends');
  return (count / ms) * 1000;
}

// Whole tool calls (validation, result limits) with their records; durability 'off' = no persistence.
async function callRate(durability, count, concurrency) {
  if (durability === 'off') {
    const deps = { config, upstream: createUpstream(config) };
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) await echo.call(args(next++), deps);
    }));
    return (count / (performance.now() - t0)) * 1000;
  }
  return storeRate(durability, count, concurrency);
}

async function storeRate(durability, count, concurrency) {
  const { dir, persistence, deps } = wired(durability);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await echo.call(args(next++), deps);
  }));
  await persistence.close();
  const ms = performance.now() - t0;
  if (lines(dir) !== count) throw new Error(durability + ': ' + lines(dir) + ' records for ' + count + ' calls');
  return (count / ms) * 1000;
}

async function p50(durability) {
  const setup = durability === 'off' ? { deps: { config, upstream: createUpstream(config) } } : wired(durability);
  for (let i = 0; i < 200; i++) await echo.call(args(i), setup.deps); // warm-up
  const times = [];
  for (let i = 0; i < LATENCY_N; i++) {
    const t0 = performance.now();
    await echo.call(args(i), setup.deps);
    times.push(performance.now() - t0);
  }
  await setup.persistence?.close();
  return median(times);
}

const rounds = async (f) => { const xs = []; for (let i = 0; i < ROUNDS; i++) xs.push(await f()); return median(xs); };
const out = { lineBytes: Buffer.byteLength(line) };
out.rawAppend = await rounds(() => rawAppend(N, false));
out.rawFsync = await rounds(() => rawAppend(FSYNC_N, true));
for (const d of ['none', 'batch']) out['append_' + d] = await rounds(() => appendRate(d, N, 1));
out.append_always = await rounds(() => appendRate('always', FSYNC_N * 4, 64));
out.append_always_sequential = await rounds(() => appendRate('always', FSYNC_N, 1));
for (const d of ['off', 'none', 'batch']) out['calls_' + d] = await rounds(() => callRate(d, N, 64));
out.calls_always = await rounds(() => callRate('always', FSYNC_N * 4, 64));
for (const d of ['off', 'none', 'batch', 'always']) out['p50_' + d] = await rounds(() => p50(d));
process.stdout.write(JSON.stringify(out) + '\\n');
`;
