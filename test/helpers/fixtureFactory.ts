// Fixture factory versions for `update` tests: a copy of this factory (its tracked and new files, as
// they are in the working tree) in a temp git repo, so a test can commit template state A, generate
// with it, commit state B and update. node_modules is this factory's, linked (and kept out of git).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FACTORY_ROOT, tempDir } from './fsSnapshot.js';

/** git with a fixed identity (the machine may have none). */
export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

/** A git repo with everything in `dir` committed; returns the commit. */
export function commitAll(dir: string, message: string): string {
  if (!fs.existsSync(path.join(dir, '.git'))) git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** The factory copied into a temp git repo and committed (state A); returns its folder. */
export function copyFactory(): string {
  const dir = tempDir('mcp-factory-fixture-factory-');
  const files = git(FACTORY_ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0');
  for (const file of files) {
    const from = path.join(FACTORY_ROOT, file);
    if (!file || !fs.existsSync(from) || !fs.statSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  git(dir, 'init', '-q');
  // A symlink is not matched by .gitignore's `node_modules/`: exclude it so the copy's tree stays clean.
  fs.appendFileSync(path.join(dir, '.git/info/exclude'), '\nnode_modules\n');
  fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  commitAll(dir, 'state A');
  return dir;
}

/** Edits one file of a fixture factory. */
export function editFile(root: string, file: string, edit: (content: string) => string): void {
  const abs = path.join(root, file);
  fs.writeFileSync(abs, edit(fs.readFileSync(abs, 'utf8')));
}

/** `npx plop <args>` with the factory at `factory`, as a user runs it there; plain output, exit code. */
export function plopWith(factory: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(process.execPath, [path.join(factory, 'node_modules/plop/bin/plop.js'), ...args], {
    cwd: factory,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '--import tsx', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  return { status: result.status ?? 1, output };
}
