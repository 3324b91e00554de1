// The command line a user types: `npx plop server --dest <dir> -- <flags>`, as a subprocess.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { $ } from 'zx';
import { errorLines, plainOutput } from '../helpers/cliOutput.js';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { it } from '../helpers/timeouts.js';

const plop = (dest: string, args: string[]) =>
  $({
    cwd: FACTORY_ROOT,
    quiet: true,
    nothrow: true,
    env: { ...process.env, NODE_OPTIONS: '' },
  })`npx plop server --dest ${dest} -- ${args}`;

describe('npx plop server', () => {
  it('generates non-interactively and prints the next commands', async () => {
    const dest = tempDir();
    const out = await plop(dest, ['--name', 'acme-search', '--preset', 'perplexity']);
    expect(out.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dest, 'acme-search', 'src', 'tools', 'ask.ts'))).toBe(true);
    expect(plainOutput(out)).toContain('npm install && npm test');
  }, 60_000);

  it('refuses bad input with one clear line, exit 1, and leaves no file behind', async () => {
    const dest = tempDir();
    const out = await plop(dest, ['--name', 'Acme Search']);
    expect(out.exitCode).toBe(1);
    expect(errorLines(out)).toEqual([
      '[ERROR] --name must be kebab-case (lowercase letters, digits, single dashes), got "Acme Search"',
    ]);
    expect(snapshot(dest)).toEqual({});
  }, 60_000);

  it('rejects an unknown flag', async () => {
    const out = await plop(tempDir(), ['--name', 'x', '--colour', 'red']);
    expect(out.exitCode).toBe(1);
    expect(plainOutput(out)).toContain("Unknown option '--colour'");
  }, 60_000);

  it('--help lists every flag', async () => {
    const out = await plop(tempDir(), ['--help']);
    expect(out.exitCode).toBe(0);
    for (const flag of ['--name', '--preset', '--baseUrl', '--healthPath', '--model', '--factory', '--dry-run'])
      expect(plainOutput(out)).toContain(flag);
  }, 60_000);
});
