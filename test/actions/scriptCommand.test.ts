// The command line of the checkout's npm scripts (scripts/scriptCommand.ts): every script package.json runs from a
// TypeScript file answers `-- --help` with its usage and starts nothing (a script that ignored the flag would start
// its benchmark and overrun the time limit), and a flag it does not know is one `[ERROR]` line, exit 1.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { CommanderError } from 'commander';
import { $ } from 'zx';
import { RUNTIME_CACHE_ENV } from '../../engine/cacheEnv.mjs';
import { scriptCommand, wholeNumber } from '../../scripts/scriptCommand.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { it } from '../helpers/timeouts.js';

/** The npm scripts that run a TypeScript file with `node --import tsx <file>`, and that file. */
function tsScripts(): Array<[string, string]> {
  const manifest: { scripts: { [name: string]: string } } = JSON.parse(
    fs.readFileSync(path.join(FACTORY_ROOT, 'package.json'), 'utf8'),
  );
  return Object.entries(manifest.scripts).flatMap(([name, line]): Array<[string, string]> => {
    const file = /^node --import tsx (\S+\.ts)$/.exec(line)?.[1];
    return file ? [[name, file]] : [];
  });
}

/** What `command` does with `argv`: its options, or the CommanderError it threw, with what it printed. */
function parse(command: ReturnType<typeof scriptCommand>, argv: string[]) {
  let out = '';
  let err = '';
  command.configureOutput({ ...command.configureOutput(), writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  try {
    command.parse(argv, { from: 'user' });
    return { options: command.opts(), out, err };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { exitCode: error.exitCode, out, err };
  }
}

describe('scriptCommand', () => {
  const command = () =>
    scriptCommand('bench:x', 'Measures x.')
      .option('--quick', 'a smoke run')
      .option('--runs <n>', 'runs', wholeNumber(1), 20);

  it('parses its flags, with defaults', () => {
    expect(parse(command(), [])).toEqual({ options: { runs: 20 }, out: '', err: '' });
    expect(parse(command(), ['--quick', '--runs', '3']).options).toEqual({ quick: true, runs: 3 });
  });

  it('prints its usage on --help, exit 0', () => {
    const { exitCode, out, err } = parse(command(), ['--help']);
    expect(exitCode).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^Usage: npm run bench:x -- \[options\]\n\nMeasures x\.\n/);
    expect(out).toMatch(/--runs <n>\s+runs \(default: 20\)/);
  });

  it.each([
    [['--qick'], "unknown option '--qick'"],
    [['--runs', '0'], "option '--runs <n>' argument '0' is invalid. a whole number of at least 1 is needed"],
    [['--runs', '2.5'], "option '--runs <n>' argument '2.5' is invalid. a whole number of at least 1 is needed"],
    [['extra'], 'too many arguments. Expected 0 arguments but got 1.'],
  ])('refuses %j in one line naming --help, exit 1', (argv, message) => {
    const { exitCode, out, err } = parse(command(), argv);
    expect(exitCode).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(`[ERROR] ${message} (see \`npm run bench:x -- --help\`)\n`);
  });
});

describe("the checkout's npm scripts", () => {
  it('covers the benches and the scripts package.json runs from TypeScript', () => {
    const names = tsScripts().map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['bench', 'bench:openapi', 'runtime:pack', 'count:types', 'demo']));
  });

  it('each answers -- --help with its usage and makes nothing, exit 0', async () => {
    // A temp folder of their own, where a script (or a module it imports) that packed the runtime or made a build
    // folder before reading its flags would leave it; tsx keeps its compile cache there too (tsx-<uid>).
    const tmp = tempDir();
    const { [RUNTIME_CACHE_ENV]: _cache, ...env } = process.env;
    const node = $({ cwd: FACTORY_ROOT, quiet: true, nothrow: true, env: { ...env, NODE_OPTIONS: '', TMPDIR: tmp } });
    for (const [name, file] of tsScripts()) {
      const run = await node`${process.execPath} --import tsx ${file} --help`;
      expect({ name, exitCode: run.exitCode, stderr: run.stderr }).toEqual({ name, exitCode: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Usage: npm run ${name} -- (\\[options\\])?`));
      expect({ name, made: fs.readdirSync(tmp).filter((entry) => !/^tsx-\d+$/.test(entry)) }).toEqual({
        name,
        made: [],
      });
    }
  }, 120_000);

  it('refuses a flag it does not know in one line, through npm as a user runs it', async () => {
    const run = await $({ cwd: FACTORY_ROOT, quiet: true, nothrow: true })`npm run -s bench -- --qick`;
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("[ERROR] unknown option '--qick' (see `npm run bench -- --help`)\n");
  }, 60_000);
});
