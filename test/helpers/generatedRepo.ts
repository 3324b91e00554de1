// Driving a generated server repo from the factory's e2e tests: a shell in it, its install, and the
// proof that it works (its type-check and its own test suite).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import nodePlop from 'node-plop';
import lockfile from 'proper-lockfile';
import { $, type Shell } from 'zx';
import { plainOutput } from './cliOutput.js';
import { oldestNode, packagesExcluding } from './engines.js';
import { FACTORY_ROOT, tempDir } from './fsSnapshot.js';
import { scaled } from './timeouts.js';
import { ensureRuntimeTarball } from '../../scripts/runtimeTarball.js';

/** `npx plop server` in-process (node-plop runActions) into `parent`; returns the new repo's folder. */
export async function generateServer(
  answers: { name: string; preset: string } & Record<string, unknown>,
  parent = tempDir(),
): Promise<string> {
  const factory = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
  const { failures } = await factory.getGenerator('server').runActions({ ...answers });
  expect(failures).toEqual([]);
  return path.join(parent, answers.name);
}

/** A generated `rest` server in a fresh temp folder, installed: the starting point of the e2e suites. */
export async function installedRestServer(name: string): Promise<{ parent: string; repo: string; sh: Shell }> {
  const parent = tempDir(`mcp-factory-e2e-${name}-`);
  const repo = await generateServer({ name, preset: 'rest', baseUrl: 'https://api.example.com' }, parent);
  const sh = repoShell(repo);
  await expectInstall(sh);
  return { parent, repo, sh };
}

/**
 * The environment of a user's shell in their server repo: no NODE_OPTIONS (the repo sets its own in its scripts;
 * jest's must not leak into it) and not the checkout's node-options that `npm test` hands this process as
 * npm_config_node_options: npm reads it as its config in every npm it starts, and would load tsx's loader (for
 * the factory's plopfile.ts) into each `npx plop` of the repo, about a second of CPU a user never pays. Other npm
 * settings (a registry, a cache) stay.
 */
export function repoEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.toLowerCase() !== 'npm_config_node_options'),
  );
  return { ...env, NODE_OPTIONS: '' };
}

/** A zx shell in the repo, with a user's environment (repoEnv). */
export const repoShell = (cwd: string): Shell => $({ cwd, quiet: true, nothrow: true, env: repoEnv() });

/**
 * A real `npm install`, sharing the npm cache: no EBADENGINE warning, no install script left undecided, and every
 * installed package runs on the oldest Node the repo's package.json promises.
 */
export async function expectInstall(sh: Shell): Promise<void> {
  await ensureRuntimeTarball(); // the repo depends on it (test/setupRuntime.ts)
  const repo = (await sh`pwd`).stdout.trim();
  const seed = seedFolder(repo);
  const release = seed === undefined ? undefined : await firstOfItsSet(seed);
  try {
    if (seed) seedFrom(seed, repo);
    const install = await sh`npm install --no-audit --no-fund --prefer-offline`;
    expect(install.exitCode).toBe(0);
    expect(plainOutput(install)).not.toContain('EBADENGINE');
    // Every dependency's install script is decided in package.json (allowScripts, engine/versions.ts): npm 11.19
    // and later warn about the others and skip them.
    expect(plainOutput(install)).not.toContain('install-scripts');
    expect(packagesExcluding(repo, oldestNode(path.join(repo, 'package.json')))).toEqual([]);
    if (seed) keepAsSeed(repo, seed);
  } finally {
    await release?.();
  }
}

/*
 * Install seeds. Most e2e files install a repo with the same dependencies (the same runtime tarball, the same
 * ranges); resolving and extracting them again costs ~12 s each on a 2-core machine. The first install of a
 * dependency set is kept (hard links, so no bytes are copied) in the OS temp folder; a later repo with the same set
 * starts from a hard-linked copy of it and `npm install` still runs in full: it reads the repo's package.json, checks
 * every installed package against it and fetches whatever differs (a user's second install). The seed is keyed by
 * the dependency ranges (but the path of the factory's own folder dependency, below) and the Node version, so a
 * change to either is a fresh install. npm writes new files
 * rather than editing installed ones in place, so a repo never changes the seed it came from. Where `cp -l` is
 * missing (it is GNU cp's), no seed is used.
 * The seed keeps the first install's package-lock.json too, and a repo without one starts with a copy: npm then
 * checks the locked tree against package.json (and re-resolves what differs: the repo's name, the factory's path)
 * instead of resolving every range from the registry's metadata again, ~4.4 → 1.7 s of CPU an install. The first
 * install of each dependency set, which the seed is made from, resolves from nothing, as a user's first does.
 */
const SEEDS = path.join(os.tmpdir(), 'mcp-factory-install-seeds');

function seedFolder(repo: string): string | undefined {
  if (process.platform !== 'linux' || fs.existsSync(path.join(repo, 'node_modules'))) return undefined;
  const { dependencies, devDependencies } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  // The factory itself is a `file:` devDependency of a generated repo (its plopfile loads the generators from it),
  // whose path differs between this checkout and the fixture copies of the factory (update, eject, migration
  // tests). npm installs a folder dependency as a link, which it replaces when the path differs: a seed made with
  // another factory path still starts the repo with every registry package in place.
  const { 'mcp-factory': _factory, ...registryDevDependencies } = devDependencies ?? {};
  const key = JSON.stringify([process.version, dependencies, registryDevDependencies]);
  return path.join(SEEDS, crypto.createHash('sha256').update(key).digest('hex').slice(0, 16));
}

/**
 * While no seed of this set exists, one install at a time makes it: jest runs three files at once, and the first e2e
 * files all install the same set within seconds of each other, each in full (~20 s of CPU each on 2 cores) where the
 * ones after the first would start from its seed (~2 s). The lock is the seed's name beside it (proper-lockfile: a
 * holder's lock stays fresh while it installs, a dead holder's goes stale); an install that fails releases it, and
 * the next one installs in full. Returns the release, or undefined once the seed is there.
 */
export async function firstOfItsSet(seed: string): Promise<(() => Promise<void>) | undefined> {
  if (fs.existsSync(seed)) return undefined;
  fs.mkdirSync(path.dirname(seed), { recursive: true });
  const release = await lockfile.lock(seed, {
    realpath: false, // the seed does not exist yet
    retries: { retries: 1_000, minTimeout: scaled(200), maxTimeout: scaled(500) },
    stale: 60_000,
  });
  if (!fs.existsSync(seed)) return release;
  await release(); // made while this one waited: start from it, alongside the others
  return undefined;
}

function seedFrom(seed: string, repo: string): void {
  if (!fs.existsSync(path.join(seed, 'node_modules'))) return;
  execFileSync('cp', ['-al', path.join(seed, 'node_modules'), path.join(repo, 'node_modules')]);
  const lock = path.join(repo, 'package-lock.json');
  if (fs.existsSync(path.join(seed, 'package-lock.json')) && !fs.existsSync(lock)) {
    fs.copyFileSync(path.join(seed, 'package-lock.json'), lock); // a copy: npm rewrites the repo's
  }
  // npm rewrites its own record of the tree in place: the repo gets a copy of its own, not a link to the seed's.
  const record = path.join(repo, 'node_modules', '.package-lock.json');
  if (fs.existsSync(record)) {
    const content = fs.readFileSync(record);
    fs.rmSync(record);
    fs.writeFileSync(record, content);
  }
}

function keepAsSeed(repo: string, seed: string): void {
  if (fs.existsSync(seed)) return;
  fs.mkdirSync(SEEDS, { recursive: true });
  const stage = fs.mkdtempSync(path.join(SEEDS, 'stage-'));
  try {
    execFileSync('cp', ['-al', path.join(repo, 'node_modules'), path.join(stage, 'node_modules')]);
    fs.copyFileSync(path.join(repo, 'package-lock.json'), path.join(stage, 'package-lock.json'));
    fs.renameSync(stage, seed); // one rename: another worker sees the whole seed or none
  } catch {
    // Another worker kept the same seed first (or cp -l is unavailable): the next install is a full one.
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * Every generated file is formatted (`npm run format:check`), `tsc --noEmit` passes (npm test's build runs it) and
 * `npm test` passes with nothing failed, skipped or todo; returns jest's report. `skip`: test paths left out (suites
 * that other e2e files already run on a repo the change cannot affect).
 */
export async function expectTypecheckAndTests(
  sh: Shell,
  { skip = [], results }: { skip?: string[]; results?: string } = {},
): Promise<string> {
  const format = await sh`npm run -s format:check`;
  if (format.exitCode !== 0) process.stderr.write(plainOutput(format));
  expect(format.exitCode).toBe(0);
  const ignore = skip.map((pattern) => `--testPathIgnorePatterns=${pattern}`);
  const json = results ? ['--json', `--outputFile=${results}`] : [];
  // --loglevel=notice: npm prints each script's command (asserted below) even under an `npm -s` that ran this file.
  const test = await sh`npm test --loglevel=notice -- ${ignore} ${json}`;
  if (test.exitCode !== 0) process.stderr.write(`${test.stdout}\n${test.stderr}\n`);
  expect(test.exitCode).toBe(0);
  const report = plainOutput(test);
  // npm test builds first (pretest: npm run build) and the build type-checks with `tsc --noEmit`: the same command
  // run on its own would only repeat it. A type error fails npm test above; a build that stopped
  // type-checking fails here (npm prints each script's command), and then this needs its own `tsc --noEmit` again.
  expect(report).toMatch(/^> tsc --noEmit( |$)/m);
  expect(report).toMatch(/Tests:\s+(\d+) passed, \1 total/);
  return report;
}

/** jest's --json results, as far as these tests read them. */
interface JestResults {
  testResults: Array<{ assertionResults: Array<{ status: string; ancestorTitles: string[] }> }>;
}

/**
 * Every tool's test module in `repo`'s test/unit/openapi/ ran in `npm test` (test/unit/openapi.test.ts imports them):
 * its describe block, named after the tool, has at least two passed tests (the request, the error mapping) in jest's
 * results (expectTypecheckAndTests' `results`). Returns how many modules there are.
 */
export function expectEveryOpenapiModuleRan(repo: string, results: string): number {
  const json: JestResults = JSON.parse(fs.readFileSync(results, 'utf8'));
  const passed = new Map<string, number>();
  for (const file of json.testResults) {
    for (const { status, ancestorTitles } of file.assertionResults) {
      if (status === 'passed' && ancestorTitles[0])
        passed.set(ancestorTitles[0], (passed.get(ancestorTitles[0]) ?? 0) + 1);
    }
  }
  const dir = path.join(repo, 'test/unit/openapi');
  const modules = fs.readdirSync(dir);
  const short = modules.filter((file) => {
    const tool = /^describe\('([^']+)'/m.exec(fs.readFileSync(path.join(dir, file), 'utf8'))?.[1];
    return tool === undefined || (passed.get(tool) ?? 0) < 2;
  });
  expect(short).toEqual([]);
  return modules.length;
}

/**
 * A green run is quiet: the warnings of calls that are meant to fail are asserted by their tests, not printed; no
 * console output from tests, no ExperimentalWarning for jest's VM modules.
 */
export function expectQuietReport(report: string): void {
  expect(
    report.split('\n').filter((line) => / (warn|error): |ExperimentalWarning:|console\.(log|warn|error)$/.test(line)),
  ).toEqual([]);
}

/** The official MCP client connected to a generated repo's built server (dist/index.js) over stdio, with only PATH and `env`. */
export async function stdioClientOf(repo: string, env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.join(repo, 'dist/index.js')],
      env: { PATH: process.env.PATH ?? '', ...env },
      stderr: 'ignore',
    }),
  );
  return client;
}
