// A built server's dist/index.js is bin/codeCacheLoader.cjs: it runs dist/server.js with the V8 code cache the
// build wrote. Prove on a small stand-in bundle that the cache it writes is one V8 accepts, that a bundle edited
// after the build (even keeping its length, which is all V8 checks) runs as edited, and that a missing, short or
// foreign cache only means compiling as usual. The build's warm-up itself runs in every e2e test that builds a server.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { describe, expect } from '@jest/globals';
import { afterEach, beforeEach, it, scaled } from '../../../test/helpers/timeouts.js';

const loader = path.resolve(import.meta.dirname, '../../bin/codeCacheLoader.cjs');
const LENGTH_BYTES = 4;
const WRITE_VARIABLE = 'MCP_FACTORY_WRITE_CODE_CACHE';

/**
 * A bundle like the build's: a shebang, CommonJS, __filename, require of a builtin, a sibling loaded on demand
 * (the build turns import() into this: a script compiled from a code cache cannot import() on Node 20).
 */
const bundle = (word: string) => `#!/usr/bin/env node
"use strict";
const path = require("node:path");
const greet = (name) => "${word} " + name + " from " + path.basename(__filename);
Promise.resolve().then(() => require("./sibling.cjs")).then((m) => process.stdout.write(greet(m.name) + "\\n"));
`;

let dist: string;
const cacheFile = () => path.join(dist, 'server.js.cache');

async function run(env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(dist, 'index.js')], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    timeout: scaled(10_000),
  });
  return stdout;
}

/** Whether V8 takes the cache part of the file for this source, as the loader hands it over. */
function v8Accepts(source: string, cache: Buffer): boolean {
  const length = cache.readUInt32LE(0);
  const script = new vm.Script(Module.wrap(source.replace(/^#!.*/, '')), {
    filename: path.join(dist, 'server.js'),
    cachedData: cache.subarray(LENGTH_BYTES + length),
  });
  return !script.cachedDataRejected;
}

describe('the code cache loader (dist/index.js)', () => {
  beforeEach(() => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    fs.copyFileSync(loader, path.join(dist, 'index.js'));
    fs.writeFileSync(path.join(dist, 'server.js'), bundle('hello'));
    fs.writeFileSync(path.join(dist, 'sibling.cjs'), 'exports.name = "sibling";\n');
  });
  afterEach(() => fs.rmSync(dist, { recursive: true, force: true }));

  it('runs the bundle without a cache and writes none unless asked', async () => {
    expect(await run()).toBe('hello sibling from server.js\n');
    expect(fs.existsSync(cacheFile())).toBe(false);
    // Another file named in the variable is not this bundle's cache: nothing is written.
    expect(await run({ [WRITE_VARIABLE]: path.join(dist, 'other.cache') })).toBe('hello sibling from server.js\n');
    expect(fs.readdirSync(dist).sort()).toEqual(['index.js', 'server.js', 'sibling.cjs']);
  });

  it('writes a cache of the source it ran, which V8 accepts, and runs the same with it', async () => {
    expect(await run({ [WRITE_VARIABLE]: cacheFile() })).toBe('hello sibling from server.js\n');
    const source = fs.readFileSync(path.join(dist, 'server.js'));
    const cache = fs.readFileSync(cacheFile());
    expect(cache.readUInt32LE(0)).toBe(source.length);
    expect(cache.subarray(LENGTH_BYTES, LENGTH_BYTES + source.length).equals(source)).toBe(true);
    expect(cache.length).toBeGreaterThan(LENGTH_BYTES + source.length);
    expect(v8Accepts(source.toString('utf8'), cache)).toBe(true);
    expect(await run()).toBe('hello sibling from server.js\n');
  });

  it('runs a bundle edited after the build as edited, even at the same length', async () => {
    await run({ [WRITE_VARIABLE]: cacheFile() });
    const edited = bundle('howdy');
    expect(edited.length).toBe(bundle('hello').length);
    fs.writeFileSync(path.join(dist, 'server.js'), edited);
    // V8 alone would take the old cache for the new source: the loader must not hand it over.
    expect(v8Accepts(edited, fs.readFileSync(cacheFile()))).toBe(true);
    expect(await run()).toBe('howdy sibling from server.js\n');
  });

  it('compiles as usual when the cache is cut short or made from another source', async () => {
    await run({ [WRITE_VARIABLE]: cacheFile() });
    const cache = fs.readFileSync(cacheFile());
    fs.writeFileSync(cacheFile(), cache.subarray(0, 2));
    expect(await run()).toBe('hello sibling from server.js\n');
    fs.writeFileSync(cacheFile(), cache.subarray(0, cache.length - 64));
    expect(await run()).toBe('hello sibling from server.js\n');
    // A longer bundle: its cache header names another length.
    fs.appendFileSync(path.join(dist, 'server.js'), 'process.stdout.write("more\\n");\n');
    fs.writeFileSync(cacheFile(), cache);
    expect(await run()).toBe('more\nhello sibling from server.js\n');
  });
});
