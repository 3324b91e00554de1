// test/globalSetup.mjs: every process of a run works in the run's own temp folder, removed at its end; the folders
// of killed runs are found by their process id.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FORMAT_CACHE_ENV } from '../engine/cacheEnv.mjs';
import { removeFolder, staleRunFolders, tsxCacheName } from './globalSetup.mjs';

describe('the test run temp folder', () => {
  it("is this worker's and its children's TMPDIR", () => {
    expect(path.basename(os.tmpdir())).toMatch(/^mcp-factory-run-\d+-\w+$/);
    expect(fs.statSync(os.tmpdir()).isDirectory()).toBe(true);
    expect(fs.statSync(os.tmpdir()).mode & 0o777).toBe(0o711); // the tests' PostgreSQL (another user) enters it
    const child = spawnSync(process.execPath, ['-p', 'require("node:os").tmpdir()'], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe(os.tmpdir());
  });

  it("keeps tsx's compile cache in the outer temp folder, for the next run", () => {
    const cache = path.join(os.tmpdir(), tsxCacheName());
    expect(fs.lstatSync(cache).isSymbolicLink()).toBe(true);
    expect(path.dirname(fs.realpathSync(cache))).toBe(fs.realpathSync(path.dirname(os.tmpdir())));
  });

  it("holds the run's cache of prettier's output, named for every process", () => {
    expect(process.env[FORMAT_CACHE_ENV]).toBe(path.join(os.tmpdir(), 'format-cache'));
  });

  it('of a run whose process is gone is stale; of a live run (this one) or another name is not', () => {
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'outer-'));
    const ended = spawnSync(process.execPath, ['-p', 'process.pid'], { encoding: 'utf8' });
    const deadPid = Number(ended.stdout.trim());
    for (const name of [`mcp-factory-run-${deadPid}-abc123`, `mcp-factory-run-${process.pid}-def456`, 'other-1']) {
      fs.mkdirSync(path.join(outer, name));
    }
    expect(staleRunFolders(outer)).toEqual([path.join(outer, `mcp-factory-run-${deadPid}-abc123`)]);
  });

  it('is removed whole at the end: by a few rm processes, or by node where rm cannot start', async () => {
    for (const command of ['rm', 'no-such-command-here']) {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'removed-'));
      for (let repo = 0; repo < 7; repo++) {
        const deep = path.join(folder, `repo-${repo}`, 'node_modules', 'pkg', 'lib');
        fs.mkdirSync(deep, { recursive: true });
        for (let file = 0; file < 20; file++) fs.writeFileSync(path.join(deep, `f${file}.js`), 'x');
        fs.symlinkSync(deep, path.join(folder, `repo-${repo}`, 'link'));
      }
      fs.writeFileSync(path.join(folder, '-rf'), 'a name rm must not take for a flag');
      fs.mkdirSync(path.join(folder, 'read-only'));
      fs.writeFileSync(path.join(folder, 'read-only', 'file'), 'x');
      fs.chmodSync(path.join(folder, 'read-only'), 0o555);
      await removeFolder(folder, { command });
      expect([command, fs.existsSync(folder)]).toEqual([command, false]);
    }
    await expect(removeFolder(path.join(os.tmpdir(), 'never-made'))).resolves.toBeUndefined();
  });
});
