// Fixture factory versions for `update` tests: a copy of this factory (its tracked and new files, as
// they are in the working tree) in a temp git repo, so a test can commit template state A, generate
// with it, commit state B and update. node_modules is this factory's, linked (and kept out of git).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { compilesItself } from '../../engine/compiled.mjs';
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

/**
 * `npm pack` of a factory folder into `dest`, as its publisher packs it: with its dependencies installed (this
 * factory's, linked for the pack when the folder has none), so that prepack builds the compiled factory it ships.
 * Returns the tarball's path.
 */
export function packFactory(folder: string, dest: string): string {
  const modules = path.join(folder, 'node_modules');
  const linked = !fs.existsSync(modules);
  if (linked) fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), modules, 'dir');
  try {
    const name = execFileSync('npm', ['pack', folder, '--pack-destination', dest, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return path.join(dest, name.trim().split('\n').at(-1) ?? '');
  } finally {
    if (linked) fs.rmSync(modules);
  }
}

/** Edits one file of a fixture factory. */
export function editFile(root: string, file: string, edit: (content: string) => string): void {
  const abs = path.join(root, file);
  fs.writeFileSync(abs, edit(fs.readFileSync(abs, 'utf8')));
}

/** The .ts files of a factory folder, its node_modules, dist and .git left out. */
function typescriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', '.git'].includes(entry.name) ? [] : typescriptFiles(file);
    return entry.isFile() && entry.name.endsWith('.ts') ? [file] : [];
  });
}

/**
 * An older factory's plopfile.ts bundled by esbuild (npm packages stay imports) into <factory>/dist/, one folder below
 * its root as its engine/ and generators/ are: each one finds its files from `import.meta.dirname/..` (the factories
 * the tests archive all do), which is the same from there. Built once per folder, again when a source is newer. The
 * same code as through tsx, at about a third of the CPU a run (tsx's loader sees every import, 2.3-2.8 s a run);
 * update's replay of an older baseline still goes through tsx, as the product does (generators/update/replay.ts).
 */
function bundledPlopfile(factory: string): string {
  const outfile = path.join(factory, 'dist', 'plopfile.bundle.mjs');
  const built = fs.existsSync(outfile) ? fs.statSync(outfile).mtimeMs : -1;
  const newest = Math.max(...typescriptFiles(factory).map((file) => fs.statSync(file).mtimeMs));
  if (newest >= built) {
    buildSync({
      entryPoints: [path.join(factory, 'plopfile.ts')],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
  }
  return outfile;
}

/**
 * `npx plop <args>` with the factory at `factory`; plain output, exit code. A factory that compiles itself
 * (engine/compiled.mjs) runs from its package entry, compiled, as a server repo loads it (index.js); an older one
 * from its plopfile.ts bundled (bundledPlopfile).
 */
export function plopWith(factory: string, args: string[]): { status: number; output: string } {
  const plopfile = path.join(
    factory,
    compilesItself(factory) ? 'index.js' : path.relative(factory, bundledPlopfile(factory)),
  );
  const result = spawnSync(
    process.execPath,
    [path.join(factory, 'node_modules/plop/bin/plop.js'), '--plopfile', plopfile, ...args],
    {
      cwd: factory,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1' },
    },
  );
  const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  return { status: result.status ?? 1, output };
}

/** `npx plop <args>` with the factory at `factory`; its output, or an error holding it when the run fails. */
export function plopOk(factory: string, args: string[]): string {
  const run = plopWith(factory, args);
  if (run.status !== 0) throw new Error(run.output);
  return run.output;
}

/**
 * The factory as of `commit` (archived from this checkout's history) in a temp folder, with this factory's
 * node_modules linked (an older factory's dependencies are a subset): what a repo generated back then was made with.
 */
export function archivedFactory(commit: string, prefix: string): string {
  const dir = tempDir(prefix);
  const tar = path.join(dir, 'factory.tar');
  try {
    execFileSync('git', ['-C', FACTORY_ROOT, 'archive', '--format=tar', '-o', tar, commit], { stdio: 'pipe' });
  } catch {
    throw new Error(`commit ${commit} is not in this checkout's history (a shallow clone?): fetch it`);
  }
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  fs.rmSync(tar);
  fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** A `rest` server generated by `factory` into `parent` and grown as users grow one: a tool, a resource, a prompt. */
export function grownRestServer(factory: string, parent: string, name: string): string {
  const repo = path.join(parent, name);
  const server = ['--name', name, '--preset', 'rest', '--baseUrl', 'https://api.example.com'];
  plopOk(factory, ['server', '--dest', parent, '--', ...server]);
  const inRepo = (generator: string, ...flags: string[]) =>
    plopOk(factory, [generator, '--dest', repo, '--', ...flags]);
  const tool = [
    '--name',
    'get_item',
    '--description',
    'Fetch one item',
    '--path',
    '/items/{id}',
    '--params',
    'id:string',
  ];
  inRepo('method', ...tool);
  inRepo('resource', '--name', 'item', '--uri', 'items://{id}', '--path', '/items/{id}');
  inRepo('prompt', '--name', 'research', '--description', 'Research a topic', '--args', 'topic:Topic');
  return repo;
}
