// The baseline factory: the factory as it was when the server was generated, so `update` can render
// what the user started from. Found offline, in this order:
//   --baseline <folder|tarball|commit>   an older factory copy, a packed one, or a commit of this checkout
//   the recorded commit                  `git archive` of this checkout's history into a temp folder
//   the recorded version                 this factory itself when the version matches and it is an installed
//                                        package; else `npm pack <its package name>@<version>` (from npm's
//                                        cache; a team's fork is published under its own name)
// A copy without node_modules reuses this factory's when its package-lock.json is identical (or, for
// a packed copy without one, its dependencies are) — a symlink: seconds instead of an install — else
// installs from npm's cache (`--prefer-offline`).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecordedRun } from '../../engine/actions/recordRun.js';
import { gitCheckoutRoot, type FactoryStamp } from '../../engine/factoryStamp.js';

export interface Baseline {
  /** The factory folder to render with. */
  root: string;
  /** How to name it to the user, e.g. `commit 1a2b3c4` or `mcp-factory@0.1.0`. */
  label: string;
  /** A warning to show (e.g. the recorded checkout had uncommitted changes). */
  note?: string;
}

export interface BaselineOptions {
  /** The manifest's runs (the first one's factory stamp is the baseline). */
  runs: readonly RecordedRun[];
  /** --baseline, if given. */
  given?: string;
  /** The running factory: its checkout history and node_modules are reused. */
  current: { root: string; version: string };
  /** Where copies are unpacked (a temp folder the caller removes). */
  workDir: string;
}

const HOW = 'pass --baseline <commit|folder|tarball> naming the factory the server was generated with';

const run = (cmd: string, args: string[], cwd: string) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });

/** The full commit id of `rev` in the checkout at `root`, or undefined when it is not in its history. */
function resolveCommit(root: string, rev: string): string | undefined {
  const result = run('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`], root);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** `git archive <commit>` of the checkout into a fresh folder: no worktree bookkeeping in the user's factory. */
function archiveCommit(checkout: string, commit: string, workDir: string): string {
  const dest = fs.mkdtempSync(path.join(workDir, 'factory-'));
  const tar = path.join(workDir, `${commit}.tar`);
  execFileSync('git', ['-C', checkout, 'archive', '--format=tar', '-o', tar, commit], { stdio: 'ignore' });
  execFileSync('tar', ['-xf', tar, '-C', dest], { stdio: 'ignore' });
  fs.rmSync(tar);
  return dest;
}

/** A packed factory (`npm pack` output: files under package/) unpacked into a fresh folder. */
function unpackTarball(tarball: string, workDir: string): string {
  const dest = fs.mkdtempSync(path.join(workDir, 'factory-'));
  execFileSync('tar', ['-xzf', tarball, '-C', dest], { stdio: 'ignore' });
  return fs.existsSync(path.join(dest, 'package')) ? path.join(dest, 'package') : dest;
}

/** Gives a factory copy its dependencies: this factory's node_modules when the lock files match, else an offline-first install. */
function ensureModules(root: string, current: string): void {
  if (fs.existsSync(path.join(root, 'node_modules'))) return;
  const lock = (dir: string) => {
    const file = path.join(dir, 'package-lock.json');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  };
  const ownLock = lock(root);
  // A packed factory has no lock file: the same dependencies as this factory's will do as well.
  const dependencies = (dir: string) =>
    JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies ?? {});
  const sameModules = ownLock === undefined ? dependencies(root) === dependencies(current) : ownLock === lock(current);
  if (sameModules) {
    fs.symlinkSync(path.join(current, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    return;
  }
  const args = ownLock ? ['ci'] : ['install', '--omit=dev'];
  const result = run('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], root);
  if (result.status !== 0) {
    throw new Error(
      `could not install the baseline factory's dependencies in ${root} (npm ${args[0]} --prefer-offline failed: ${lastLine(result.stderr)}); ${HOW}`,
    );
  }
}

const lastLine = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .at(-1) ?? 'no output';

const short = (commit: string) => commit.slice(0, 12);

/** The running factory's package name: a team's fork publishes its versions under its own name. */
const packageName = (root: string): string =>
  String(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name ?? 'mcp-factory');

/** npm's own reason, without the pointer to its debug log: its first error line after the code. */
const npmReason = (stderr: string): string => {
  const lines = stderr.split('\n').filter((l) => /^npm error /.test(l) && !/complete log of this run/.test(l));
  const reason = lines.find((l) => !/^npm error code /.test(l)) ?? lines[0];
  return reason ? `npm pack: ${reason.replace(/^npm error /, '')}` : 'npm pack printed no reason';
};

/** `npm pack <name>@<version>` into workDir, from npm's cache when offline. */
function packVersion(spec: string, workDir: string): string {
  const result = run('npm', ['pack', spec, '--prefer-offline', '--json', '--loglevel=error'], workDir);
  let file: string | undefined;
  try {
    file = JSON.parse(result.stdout)[0]?.filename;
  } catch {
    file = undefined; // npm failed before printing its JSON: its stderr says why
  }
  if (result.status !== 0 || !file || !fs.existsSync(path.join(workDir, file))) {
    throw new Error(
      `the server was generated with ${spec}, which is not in npm's cache and could not be fetched (${npmReason(result.stderr)}); ${HOW}`,
    );
  }
  return unpackTarball(path.join(workDir, file), workDir);
}

function fromGiven(given: string, { current, workDir }: BaselineOptions): Baseline {
  const abs = path.resolve(given);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
    if (!fs.existsSync(path.join(abs, 'plopfile.ts'))) {
      throw new Error(`--baseline ${given}: not an mcp-factory folder (no plopfile.ts in it)`);
    }
    // A copy without dependencies is copied first: the user's folder is never written to.
    let root = abs;
    if (!fs.existsSync(path.join(abs, 'node_modules'))) {
      root = fs.mkdtempSync(path.join(workDir, 'factory-'));
      fs.cpSync(abs, root, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
      ensureModules(root, current.root);
    }
    return { root, label: `the factory in ${abs}` };
  }
  if (fs.existsSync(abs) && /\.(tgz|tar\.gz)$/.test(abs)) {
    const root = unpackTarball(abs, workDir);
    ensureModules(root, current.root);
    return { root, label: path.basename(abs) };
  }
  const checkout = gitCheckoutRoot(current.root);
  const commit = checkout && resolveCommit(checkout, given);
  if (!checkout || !commit) {
    throw new Error(
      `--baseline ${given}: not a folder, a .tgz tarball or a commit of the factory checkout${checkout ? ` at ${checkout}` : ''}`,
    );
  }
  const root = archiveCommit(checkout, commit, workDir);
  ensureModules(root, current.root);
  return { root, label: `commit ${short(commit)}` };
}

function fromStamp(stamp: FactoryStamp | undefined, { current, workDir }: BaselineOptions): Baseline {
  const checkout = gitCheckoutRoot(current.root);
  if (!stamp) {
    // Runs recorded before the factory kept its version and commit per run.
    throw new Error(
      `.mcp-factory.json records no factory commit for the server run (made by an older factory); ${HOW}`,
    );
  }
  const dirtyNote = stamp.dirty
    ? `the server was generated from a checkout with uncommitted changes: the baseline is commit ${short(stamp.commit ?? '')} without them, so some of those changes may show as your edits`
    : undefined;
  if (stamp.commit && checkout) {
    const commit = resolveCommit(checkout, stamp.commit);
    if (!commit) {
      throw new Error(
        `factory commit ${short(stamp.commit)} (recorded in .mcp-factory.json) is not in the history of the factory checkout at ${checkout}: fetch it, or ${HOW}`,
      );
    }
    const root = archiveCommit(checkout, commit, workDir);
    ensureModules(root, current.root);
    return { root, label: `commit ${short(commit)}`, note: dirtyNote };
  }
  if (checkout) {
    throw new Error(`.mcp-factory.json records mcp-factory@${stamp.version} but no factory commit; ${HOW}`);
  }
  // An installed package: one published version always has the same templates.
  const spec = `${packageName(current.root)}@${stamp.version}`;
  if (stamp.version === current.version) return { root: current.root, label: spec };
  const root = packVersion(spec, workDir);
  ensureModules(root, current.root);
  return { root, label: spec };
}

/** The baseline factory for this repo's recorded runs; throws one line naming what is missing and how to provide it. */
export function obtainBaseline(options: BaselineOptions): Baseline {
  if (options.given) return fromGiven(options.given, options);
  return fromStamp(options.runs[0]?.factory, options);
}

export const tempWorkDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-update-'));
