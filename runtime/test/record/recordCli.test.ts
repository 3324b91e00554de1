// `mcp-factory-record` (a server's `npm run record`): it starts the server with <PREFIX>_RECORD set (./recordings
// unless already set), writes nothing to stdout (the protocol's), and exits as the server does; bad usage is one
// [ERROR] line and exit 1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { it, scaled } from '../../../test/helpers/timeouts.js';
import { bundledFixture } from '../helpers/bundledFixture.js';

/** Started from its bundle (helpers/bundledFixture.ts): it needs no node_modules where it runs, nor tsx's CPU. */
const CLI = bundledFixture(path.resolve('runtime/src/record/recordCli.ts'));
const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: scaled(20_000),
  });

describe('mcp-factory-record', () => {
  it('starts the entry with <PREFIX>_RECORD set, passes flags and exit code, and writes nothing to stdout', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-record-cli-'));
    try {
      const entry = path.join(dir, 'entry.mjs');
      fs.writeFileSync(
        entry,
        'process.stderr.write(JSON.stringify([process.env.ACME_RECORD, process.argv.slice(2)])); process.exit(3);\n',
      );
      const defaulted = run(['ACME', 'entry.mjs', '--http'], dir);
      expect(defaulted.status).toBe(3);
      expect(defaulted.stdout).toBe('');
      expect(JSON.parse(defaulted.stderr)).toEqual([path.join(fs.realpathSync(dir), 'recordings'), ['--http']]);
      const given = run(['ACME', 'entry.mjs'], dir, { ACME_RECORD: 'elsewhere' });
      expect(JSON.parse(given.stderr)[0]).toBe(path.join(fs.realpathSync(dir), 'elsewhere'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([[[]], [['acme', 'dist/index.js']], [['ACME']]])('refuses %j with one [ERROR] line, exit 1', (args) => {
    const result = run(args, os.tmpdir());
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      '[ERROR] usage: mcp-factory-record <ENV_PREFIX> <server entry, e.g. dist/index.js> [flags]\n',
    );
  });
});
