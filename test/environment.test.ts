// test/environment.mjs: each test file's temp folders (tempDir()) are removed when the file ends, not at the run's
// end, and kept with the run's folder when MCP_FACTORY_KEEP_TEST_TMP is set.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import FactoryTestEnvironment from './environment.mjs';
import { KEEP_ENV } from './globalSetup.mjs';
import { tempDir } from './helpers/fsSnapshot.js';
import { TEMP_DIRS } from './tempDirs.mjs';

/** An environment as jest makes one for a file (the options it reads, with their defaults). */
function environment(): FactoryTestEnvironment {
  const projectConfig = { testEnvironmentOptions: {}, globals: {}, fakeTimers: {} };
  return new FactoryTestEnvironment(
    // Only what the node environment reads; the whole config types are jest's internal ones.
    { globalConfig: Object.create(null), projectConfig: Object.assign(Object.create(null), projectConfig) },
    { console, docblockPragmas: {}, testPath: fileURLToPath(import.meta.url) },
  );
}

describe("a test file's temp folders", () => {
  it('are listed on the global object of the file that made them', () => {
    const made: unknown = Reflect.get(globalThis, TEMP_DIRS);
    const dir = tempDir();
    expect(Array.isArray(made) && made.includes(dir)).toBe(true);
  });

  it("are removed at the file's end (kept when the run's folder is kept)", async () => {
    for (const keep of [false, true]) {
      const env = environment();
      const dirs = [tempDir(), tempDir()];
      for (const dir of dirs) fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
      env.tempDirs.push(...dirs, path.join(tempDir(), 'never-made'));
      const before = process.env[KEEP_ENV];
      if (keep) process.env[KEEP_ENV] = '1';
      else delete process.env[KEEP_ENV];
      try {
        await env.teardown();
      } finally {
        if (before === undefined) delete process.env[KEEP_ENV];
        else process.env[KEEP_ENV] = before;
      }
      expect([keep, dirs.map((dir) => fs.existsSync(dir))]).toEqual([keep, [keep, keep]]);
    }
  });
});
