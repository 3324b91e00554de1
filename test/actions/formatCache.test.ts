// engine/format.ts's cache of prettier's output on disk (FORMAT_CACHE_ENV): a hit is read back as it was kept, an
// entry is named by everything the output depends on, and without the variable or a writable folder nothing is kept.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as prettier from 'prettier';
import { FORMAT_CACHE_ENV } from '../../engine/cacheEnv.mjs';
import { FACTORY_STYLE, formatCached } from '../../engine/format.js';
import { tempDir } from '../helpers/fsSnapshot.js';

const SOURCE = 'const a = {b:"c"}\n';
const entries = (folder: string): string[] =>
  fs.existsSync(folder)
    ? fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('/'))
    : [];

let before: string | undefined;
beforeEach(() => {
  before = process.env[FORMAT_CACHE_ENV];
});
afterEach(() => {
  if (before === undefined) delete process.env[FORMAT_CACHE_ENV];
  else process.env[FORMAT_CACHE_ENV] = before;
});

describe("the cache of prettier's output", () => {
  it("keeps prettier's output and reads it back on the next call", async () => {
    const folder = path.join(tempDir(), 'cache');
    process.env[FORMAT_CACHE_ENV] = folder;
    const output = await formatCached(SOURCE, FACTORY_STYLE, '/repo/src/a.ts');
    expect(output).toBe(await prettier.format(SOURCE, { ...FACTORY_STYLE, filepath: '/repo/src/a.ts' }));
    expect(output).toBe("const a = { b: 'c' };\n");
    const [entry, ...more] = entries(folder);
    expect(more).toEqual([]);
    expect(fs.readFileSync(path.join(folder, entry), 'utf8')).toBe(output);
    // What the next call returns is what the entry holds (changed here to see it is read, not formatted again).
    fs.writeFileSync(path.join(folder, entry), 'kept\n');
    expect(await formatCached(SOURCE, FACTORY_STYLE, '/other/a.ts')).toBe('kept\n');
  });

  it('names an entry by the options, the file name that picks the parser and the content', async () => {
    const folder = path.join(tempDir(), 'cache');
    process.env[FORMAT_CACHE_ENV] = folder;
    await formatCached(SOURCE, FACTORY_STYLE, '/repo/a.ts');
    expect(await formatCached(SOURCE, { ...FACTORY_STYLE, singleQuote: false }, '/repo/a.ts')).toBe(
      'const a = { b: "c" };\n',
    );
    await formatCached(SOURCE, FACTORY_STYLE, '/repo/b.ts');
    await formatCached(`${SOURCE}\n`, FACTORY_STYLE, '/repo/a.ts');
    // package.json and other JSON files have parsers of their own.
    expect(await formatCached('{"a":[1,2]}', FACTORY_STYLE, '/repo/package.json')).toBe(
      `${JSON.stringify({ a: [1, 2] }, null, 2)}\n`,
    );
    expect(await formatCached('{"a":[1,2]}', FACTORY_STYLE, '/repo/x.json')).toBe('{ "a": [1, 2] }\n');
    expect(entries(folder)).toHaveLength(6);
  });

  it("names an entry by prettier's version (read from its package.json, prettier's own), file name, options, content", async () => {
    const folder = path.join(tempDir(), 'cache');
    process.env[FORMAT_CACHE_ENV] = folder;
    await formatCached(SOURCE, FACTORY_STYLE, '/repo/src/a.ts');
    const key = crypto
      .createHash('sha256')
      .update(JSON.stringify([prettier.version, 'a.ts', FACTORY_STYLE, SOURCE]))
      .digest('hex');
    expect(entries(folder)).toEqual([path.join(key.slice(0, 2), key)]);
  });

  it('keeps nothing for content prettier cannot parse (it fails, as prettier does)', async () => {
    const folder = path.join(tempDir(), 'cache');
    process.env[FORMAT_CACHE_ENV] = folder;
    await expect(formatCached('const = ;', FACTORY_STYLE, '/repo/a.ts')).rejects.toThrow();
    expect(entries(folder)).toEqual([]);
  });

  it('keeps nothing without the variable, and still formats when the folder cannot be written', async () => {
    delete process.env[FORMAT_CACHE_ENV];
    expect(await formatCached(SOURCE, FACTORY_STYLE, '/repo/a.ts')).toBe("const a = { b: 'c' };\n");
    const blocked = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocked, '');
    process.env[FORMAT_CACHE_ENV] = blocked;
    expect(await formatCached(SOURCE, FACTORY_STYLE, '/repo/a.ts')).toBe("const a = { b: 'c' };\n");
    expect(fs.readFileSync(blocked, 'utf8')).toBe('');
  });
});
