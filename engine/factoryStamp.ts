// Which factory a generator run used, recorded with the run in .mcp-factory.json: the package version
// and, when the factory is a git checkout, its exact commit and whether its tree had uncommitted
// changes. The version alone cannot find old templates (it rarely changes between commits); the
// commit can, offline, from the checkout's own history (`npx plop update` renders the baseline from it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FACTORY_ROOT } from './paths.js';
import { factoryVersion } from './versions.js';

export interface FactoryStamp {
  version: string;
  /** The checkout's HEAD commit (absent for an installed package). */
  commit?: string;
  /** True when the checkout had uncommitted changes: the commit alone does not reproduce its templates. */
  dirty?: boolean;
}

const git = (root: string, args: string[]): string =>
  execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/** The git top level of `root` when `root` is exactly that (not a package inside some other repo), else undefined. */
export function gitCheckoutRoot(root: string): string | undefined {
  try {
    const top = git(root, ['rev-parse', '--show-toplevel']);
    return fs.realpathSync(top) === fs.realpathSync(root) ? top : undefined;
  } catch {
    return undefined;
  }
}

/** The stamp of the factory at `root`, computed with git (two quick calls). */
export function stampOf(root: string, version: string): FactoryStamp {
  if (!gitCheckoutRoot(root)) return { version };
  try {
    const commit = git(root, ['rev-parse', 'HEAD']);
    const dirty = git(root, ['status', '--porcelain']) !== '';
    return { version, commit, ...(dirty ? { dirty: true } : {}) };
  } catch {
    return { version }; // a checkout without any commit yet
  }
}

let cached: FactoryStamp | undefined;
/** The running factory's stamp (computed once per process: it cannot change during a run). */
export function factoryStamp(): FactoryStamp {
  cached ??= stampOf(FACTORY_ROOT, factoryVersion);
  return cached;
}
