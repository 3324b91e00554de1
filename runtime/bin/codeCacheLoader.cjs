#!/usr/bin/env node
// dist/index.js of a built server (mcp-factory-build copies this file there): it runs the bundle dist/server.js
// with V8's code cache, dist/server.js.cache, which the build wrote after one initialize and tools/list of that
// very bundle. With it V8 compiles neither the half-megabyte bundle nor the functions a start runs (figures: the
// factory's bench/coldStart.ts). Node 22 has module.enableCompileCache for this; Node 20 (our floor) does not,
// hence this loader on node:vm, as v8-compile-cache does, with the cache made at build time rather than in a
// folder at run time.
// The cache file starts with the length and the bytes of the source it was made from, and is used only when
// they equal dist/server.js (V8 itself checks only the source's length); V8 rejects it for another Node or other
// V8 flags. Any mismatch, or no cache at all, compiles as usual: never an error. The comparison is a memcmp of
// 0.5 MB, far cheaper than loading node:crypto to hash it.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, 'server.js');
const cacheFile = `${file}.cache`;
const LENGTH_BYTES = 4;
const sourceBytes = fs.readFileSync(file);

let cachedData;
try {
  const cache = fs.readFileSync(cacheFile);
  const length = cache.readUInt32LE(0);
  const madeFrom = cache.subarray(LENGTH_BYTES, LENGTH_BYTES + length);
  if (length === sourceBytes.length && madeFrom.equals(sourceBytes)) cachedData = cache.subarray(LENGTH_BYTES + length);
} catch {
  // no cache (e.g. the build could not make one) or a truncated one: compile as usual
}

// The bundle keeps its shebang (it still runs on its own); a function body cannot start with one.
const source = sourceBytes.toString('utf8').replace(/^#!.*/, '');
const script = new vm.Script(Module.wrap(source), {
  filename: file,
  cachedData,
  // Only for a compile without the cache: on Node 20 a script compiled from a code cache loses this callback, so
  // the build leaves no import() in the bundle (it require()s dist/http.js and the tracer).
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const bundle = new Module(file, module);
bundle.filename = file;
bundle.loaded = true;

// The build starts the server once with this variable naming the cache file; as it exits, the cache of everything
// compiled by then is written.
if (process.env.MCP_FACTORY_WRITE_CODE_CACHE === cacheFile) {
  process.once('exit', () => {
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32LE(sourceBytes.length);
    // Written whole or not at all: V8 rejects a cache cut short, but does not check the bytes of a damaged one.
    fs.writeFileSync(`${cacheFile}.tmp`, Buffer.concat([length, sourceBytes, script.createCachedData()]));
    fs.renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, __dirname);
