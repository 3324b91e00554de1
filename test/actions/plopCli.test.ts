// plop's real command line around a generator run: what it prints when stdout is not a terminal,
// Ctrl-C at a prompt (under a pseudo-terminal, through `script`), and a generator flag that is also a
// Node option (`--title`), which plop's launcher hands to Node.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { plainOutput } from '../helpers/cliOutput.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { it, scaled } from '../helpers/timeouts.js';

const PLOP = path.join(FACTORY_ROOT, 'node_modules/plop/bin/plop.js');
/**
 * As a user's shell runs plop: not jest's NODE_ENV=test (plop hides its spinner under it), a temp
 * factory home (the catalog stays out of the user's); NODE_OPTIONS as this checkout's .npmrc sets it for npx.
 */
function userEnv(nodeOptions?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', MCP_FACTORY_HOME: tempDir('mcp-factory-home-') };
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  return env;
}
const env = () => userEnv('--import tsx');

/** The plop command line under a pseudo-terminal: Ctrl-C once `prompt` is shown; the exit code and what was shown. */
function ctrlCAt(args: string[], prompt: string): Promise<{ code: number | null; shown: string }> {
  // `script` gives the command a terminal; stty gives that terminal a size (the spinner divides by its width).
  const command = `stty cols 120 rows 40; exec node ${[PLOP, ...args].map((a) => `'${a}'`).join(' ')}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: FACTORY_ROOT, env: env() });
  let shown = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
    if (!sent && shown.includes(prompt)) {
      sent = true;
      child.stdin.write('\x03'); // the Ctrl-C key, as the terminal delivers it to a prompt in raw mode
    }
  });
  const timer = setTimeout(() => child.kill(), scaled(30_000));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, shown });
    });
  });
}

describe('plop command line', () => {
  it('prints clean lines, no spinner residue, when stdout is not a terminal', () => {
    const dest = tempDir();
    const result = spawnSync(
      process.execPath,
      [PLOP, 'server', '--dest', dest, '--', '--name', 'piped', '--preset', 'openai', '--no-git'],
      { cwd: FACTORY_ROOT, env: env(), encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    const lines = plainOutput(result).split('\n');
    expect(lines.some((line) => line.includes('wrote') && line.includes('file(s)'))).toBe(true);
    expect(lines.filter((line) => /^\s*[-\\|/⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s*$/.test(line))).toEqual([]);
  });

  it.each([
    ['at the first question of a generator', ['server', '--dest'], 'Server name'],
    ['at the generator list', ['--dest'], 'Please choose a generator'],
  ])('exits 130 on Ctrl-C %s, writing nothing', async (_where, args, prompt) => {
    const dest = tempDir();
    const { code, shown } = await ctrlCAt([...args, dest], prompt);
    expect(shown).toContain(prompt);
    expect(code).toBe(130);
    expect(fs.readdirSync(dest)).toEqual([]);
  });

  it('refuses --title (a Node option) in one line naming --displayTitle, no stack trace', () => {
    const dest = tempDir();
    // npx, as a user types it: the checkout's .npmrc gives node its options
    const result = spawnSync('npx', ['plop', 'resource', '--dest', dest, '--', '--title', 'Order'], {
      cwd: FACTORY_ROOT,
      env: userEnv(),
      encoding: 'utf8',
    });
    const lines = plainOutput(result)
      .split('\n')
      .filter((line) => line.trim());
    expect(lines).toEqual([expect.stringMatching(/^\[ERROR\] --title .*use --displayTitle/)]);
    expect(result.status).toBe(1);
    expect(fs.readdirSync(dest)).toEqual([]);
  });

  it("leaves node alone in folders outside the checkout, where npm passes the checkout's node-options on", () => {
    // npm hands its node-options to every npm it starts (npm test → a generated repo's npm install, a
    // dependency's install script): outside the checkout the guard cannot be resolved and must be skipped.
    const options = spawnSync('npm', ['config', 'get', 'node-options'], { cwd: FACTORY_ROOT, encoding: 'utf8' });
    expect(options.stdout).toContain('@mcp-factory/plop-launcher-guard');
    const elsewhere = tempDir();
    fs.mkdirSync(path.join(elsewhere, 'node_modules'));
    fs.symlinkSync(path.join(FACTORY_ROOT, 'node_modules', 'tsx'), path.join(elsewhere, 'node_modules', 'tsx'));
    const run = spawnSync('node', ['-e', 'console.log("ran")'], {
      cwd: elsewhere,
      env: { ...userEnv(), NODE_OPTIONS: options.stdout.trim() },
      encoding: 'utf8',
    });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: 'ran\n',
      stderr: '',
    });
  });
});
