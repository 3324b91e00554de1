// The runtime as a user gets it: an `npm pack` of runtime/ (never a symlink into the checkout). Servers generated
// while MCP_FACTORY_RUNTIME_TARBALL names it depend on it instead of the published version: the factory's tests
// (test/setupRuntime.ts), `npm run demo` and the benches set it, and `npm run -s runtime:pack` prints it for a
// user of this checkout. ensureRuntimeTarball() packs it once per content of runtime/, into the OS temp folder, or
// the folder MCP_FACTORY_RUNTIME_CACHE names (a lock keeps two processes from packing at once).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import lockfile from 'proper-lockfile';
import { RUNTIME_CACHE_ENV } from '../engine/cacheEnv.mjs';
import { FACTORY_ROOT } from '../engine/paths.js';
import { RUNTIME_TARBALL_ENV } from '../engine/versions.js';

const RUNTIME = path.join(FACTORY_ROOT, 'runtime');
/** What the package is built from: a change to any of these is a new tarball. */
const SOURCES = ['package.json', 'tsconfig.build.json', 'src', 'bin'];

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => fs.statSync(file).isFile())
    .sort();
}

function contentHash(): string {
  const hash = crypto.createHash('sha256');
  for (const source of SOURCES) {
    const full = path.join(RUNTIME, source);
    for (const file of fs.statSync(full).isDirectory() ? filesUnder(full) : [full]) {
      hash.update(path.relative(RUNTIME, file)).update('\0').update(fs.readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** The folder that holds mcp-factory-runtime/<content hash>/. */
export const runtimeCacheRoot = (): string => process.env[RUNTIME_CACHE_ENV] ?? os.tmpdir();

/** Where the tarball of the runtime's current content is (or will be, once packed). */
export function runtimeTarballPath(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(RUNTIME, 'package.json'), 'utf8')) as { version: string };
  return path.join(runtimeCacheRoot(), 'mcp-factory-runtime', contentHash(), `mcp-factory-runtime-${version}.tgz`);
}

/** Builds and packs a copy of runtime/ in a temp folder (nothing is written inside the repo). */
function pack(tarball: string): void {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-runtime-pack-'));
  try {
    for (const source of SOURCES) fs.cpSync(path.join(RUNTIME, source), path.join(stage, source), { recursive: true });
    fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    const env = { ...process.env, NODE_OPTIONS: '' };
    const tsc = path.join(FACTORY_ROOT, 'node_modules/typescript/bin/tsc');
    // --noCheck: the same JavaScript and declarations without the type-check (half the CPU), which the checkout's
    // `tsc --noEmit` does for runtime/src (npm test, beside this pack); the runtime's own prepack keeps it.
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: stage, env, stdio: 'pipe' });
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent'], { cwd: stage, env, encoding: 'utf8' });
    fs.renameSync(path.join(stage, packed.trim()), tarball); // one rename: a reader never sees half a tarball
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** The tarball's path, packed first if this content of runtime/ has not been packed yet. */
export async function ensureRuntimeTarball(): Promise<string> {
  const tarball = runtimeTarballPath();
  if (fs.existsSync(tarball)) return tarball;
  fs.mkdirSync(path.dirname(tarball), { recursive: true });
  // Packing takes seconds: wait up to ~5 minutes for another process that packs it; a lock older than 2 minutes is stale.
  const release = await lockfile.lock(path.dirname(tarball), {
    retries: { retries: 600, minTimeout: 200, maxTimeout: 500 },
    stale: 120_000,
  });
  try {
    if (!fs.existsSync(tarball)) pack(tarball);
  } finally {
    await release();
  }
  return tarball;
}

/** Packs the runtime if needed and makes the servers this process generates depend on that tarball. */
export async function useLocalRuntime(): Promise<string> {
  const tarball = await ensureRuntimeTarball();
  process.env[RUNTIME_TARBALL_ENV] = tarball;
  return tarball;
}

// `npm run -s runtime:pack`: prints the tarball's path.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Loaded here, not at the top: the tests, the demo and the benches import this module without its command line.
  const { parseScript, scriptCommand } = await import('./scriptCommand.js');
  parseScript(
    scriptCommand(
      'runtime:pack',
      "Packs runtime/ as a user gets it (`npm pack`, once per content of runtime/) and prints the tarball's path: " +
        'MCP_FACTORY_RUNTIME_TARBALL=$(npm run -s runtime:pack) makes the servers you generate depend on it.',
    ),
  );
  process.stdout.write(`${await ensureRuntimeTarball()}\n`);
}
