// `npm run demo`, the README's main command, as a newcomer runs it: it must end with the tool's answer,
// leave the user's catalog as it was, check its flags before it makes anything, and leave no folder behind
// when it fails or is stopped. Each run gets its own TMPDIR, so "nothing left behind" is an empty listing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { $ } from 'zx';
import { RUNTIME_CACHE_ENV } from '../../engine/cacheEnv.mjs';
import { ensureRuntimeTarball, runtimeCacheRoot } from '../../scripts/runtimeTarball.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { it, scaled } from '../helpers/timeouts.js';

/**
 * `npm run -s demo -- <args>` with its own TMPDIR (and more environment when given), where it keeps the packed runtime
 * as a user's run does (not in the test run's cache).
 */
const demo = (args: string[], tmp: string, env: Record<string, string> = {}) =>
  $({
    cwd: FACTORY_ROOT,
    quiet: true,
    nothrow: true,
    env: { ...withoutRuntimeCache(), NODE_OPTIONS: '', TMPDIR: tmp, ...env },
  })`npm run -s demo -- ${args}`;

function withoutRuntimeCache(): NodeJS.ProcessEnv {
  const { [RUNTIME_CACHE_ENV]: _cache, ...env } = process.env;
  return env;
}

/**
 * What is in a TMPDIR, caches left out: tsx's compile cache (tsx-<uid>, made by any tsx run) and the packed
 * runtime (mcp-factory-runtime/<content hash>/, scripts/runtimeTarball.ts: reused by every later run).
 */
const leftIn = (tmp: string) => fs.readdirSync(tmp).filter((name) => !/^tsx-\d+$|^mcp-factory-runtime$/.test(name));

/**
 * A TMPDIR that already holds the packed runtime, as after a user's first run. The first test starts from an empty
 * one and so packs it (its proof); the failure and Ctrl-C tests would otherwise build and pack it again in each of
 * their four runs, most of their time.
 */
async function tmpWithRuntime(): Promise<string> {
  const tmp = tempDir();
  const tarball = await ensureRuntimeTarball();
  const copy = path.join(tmp, path.relative(runtimeCacheRoot(), tarball));
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(tarball, copy);
  return tmp;
}

/** npm offline with an empty cache: `npm install` fails after the server is generated. */
const offline = () => ({ npm_config_offline: 'true', npm_config_cache: tempDir() });

describe('npm run demo', () => {
  it('generates, installs, builds and calls the tool through the MCP client, leaving the catalog untouched', async () => {
    const tmp = tempDir('mcp-factory-demo-test-');
    // The user's catalog, with a server in it: byte for byte the same afterwards, and nothing added beside it.
    const home = tempDir('mcp-factory-demo-home-test-');
    const catalog = `${JSON.stringify({ version: 1, servers: [{ name: 'mine', mcpName: 'io.github.me/mine', path: '/srv/mine', registeredAt: '2026-01-01T00:00:00.000Z' }] }, null, 2)}\n`;
    fs.writeFileSync(path.join(home, 'catalog.json'), catalog);
    const out = await demo([], tmp, { MCP_FACTORY_HOME: home });
    if (out.exitCode !== 0) process.stderr.write(out.stdout + out.stderr);
    expect(out.exitCode).toBe(0);
    for (const stepTitle of [
      'generate a perplexity server',
      'npm install',
      'npm run build',
      'fake upstream',
      'official MCP client',
      'call `ask`',
    ]) {
      expect(out.stdout).toMatch(new RegExp(`✔ \\d\\. .*${stepTitle.replace(/[.*`]/g, '\\$&')}`));
    }
    expect(out.stdout).toContain('Answer:\n  MCP is an open protocol that connects AI apps to tools and data.');
    expect(out.stdout).toContain('[1] https://modelcontextprotocol.io/');
    expect(fs.readdirSync(home)).toEqual(['catalog.json']);
    expect(fs.readFileSync(path.join(home, 'catalog.json'), 'utf8')).toBe(catalog);
    // The server's folder is kept (and printed); the demo's temporary catalog is gone.
    const [kept, ...more] = leftIn(tmp);
    expect(more).toEqual([]);
    expect(out.stdout).toContain(`The server is in ${path.join(tmp, kept, 'demo-perplexity')}\n`);
    expect(fs.existsSync(path.join(tmp, kept, 'demo-perplexity', 'dist', 'index.js'))).toBe(true);
  }, 180_000);

  it('prints its usage with --help, exit 0', async () => {
    const out = await demo(['--help'], tempDir());
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^Usage: npm run demo -- \[options\]\n/);
    expect(out.stdout).toMatch(
      /--preset <id>\s+the upstream API the server wraps \(choices: "perplexity",\s+"gemini",/,
    );
    expect(out.stdout).toContain('--dir <parent>');
    expect(out.stdout).toContain('never in\nthe `mcp-factory` catalog of your machine');
  }, 60_000);

  it('refuses a bad flag or --dir with one line before any step or folder, exit 1', async () => {
    const parent = tempDir();
    const file = path.join(parent, 'a-file');
    fs.writeFileSync(file, '');
    fs.mkdirSync(path.join(parent, 'demo-rest'));
    fs.writeFileSync(path.join(parent, 'demo-rest', 'mine.txt'), 'keep');
    const cases: Array<[string[], string]> = [
      [
        ['--preset', 'soap'],
        "[ERROR] option '--preset <id>' argument 'soap' is invalid. Allowed choices are perplexity, gemini, openai, rest. (see `npm run demo -- --help`)",
      ],
      [['--prest', 'rest'], "[ERROR] unknown option '--prest' (see `npm run demo -- --help`)"],
      [['--dir', file], `[ERROR] --dir ${file} is not a folder`],
      [
        ['--preset', 'rest', '--dir', parent],
        `[ERROR] ${path.join(parent, 'demo-rest')} already exists and is not empty: pass another --dir, or remove it`,
      ],
    ];
    for (const [args, message] of cases) {
      const tmp = tempDir();
      const out = await demo(args, tmp);
      expect(out.exitCode).toBe(1);
      expect(out.stderr.trim().split('\n')).toEqual([message]);
      expect(out.stdout).toBe('');
      expect(leftIn(tmp)).toEqual([]);
    }
    expect(fs.readdirSync(parent).sort()).toEqual(['a-file', 'demo-rest']);
    expect(fs.readFileSync(path.join(parent, 'demo-rest', 'mine.txt'), 'utf8')).toBe('keep');
  }, 60_000);

  it('removes its folder when a step fails', async () => {
    const tmp = await tmpWithRuntime();
    const out = await demo([], tmp, offline());
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/✔ 1\. generate a perplexity server/);
    expect(out.stdout).toMatch(/✖ 2\. npm install/);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\[ERROR\\] npm install \\(the generated repo's own dependencies\\): exited with 1: npm error .* \\(removed ${tmp}/mcp-factory-demo-\\w+\\)$`,
      ),
    );
    expect(leftIn(tmp)).toEqual([]);

    // With --dir: the folders the demo made, and only those.
    const parent = tempDir();
    fs.writeFileSync(path.join(parent, 'mine.txt'), 'keep');
    for (const [dir, removed] of [
      [parent, path.join(parent, 'demo-perplexity')],
      [path.join(parent, 'new'), path.join(parent, 'new')],
    ]) {
      const again = await demo(['--dir', dir], await tmpWithRuntime(), offline());
      expect(again.exitCode).toBe(1);
      expect(again.stderr).toMatch(new RegExp(`\\(removed ${removed}\\)\\n$`));
      expect(fs.readdirSync(parent)).toEqual(['mine.txt']);
    }
  }, 60_000);

  it('removes its folder on Ctrl-C', async () => {
    const tmp = await tmpWithRuntime();
    const run = $({
      cwd: FACTORY_ROOT,
      quiet: true,
      nothrow: true,
      env: { ...withoutRuntimeCache(), NODE_OPTIONS: '', TMPDIR: tmp },
    })`npm run -s demo`;
    // Ctrl-C once `npm install` runs: a terminal sends SIGINT to every process of the command.
    await new Promise<void>((resolve) => {
      let seen = '';
      run.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('… 2. npm install')) resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, scaled(1_000)));
    await run.kill('SIGINT');
    const out = await run;
    expect(out.exitCode).not.toBe(0);
    expect(out.stderr).toMatch(/^\[ERROR\] stopped by SIGINT; removed \S+mcp-factory-demo-\w+$/m);
    expect(leftIn(tmp)).toEqual([]);
    // npm was stopped too: it does not bring the folder back.
    await new Promise((resolve) => setTimeout(resolve, scaled(2_000)));
    expect(leftIn(tmp)).toEqual([]);
  }, 60_000);
});
