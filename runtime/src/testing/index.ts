// `@mcp-factory/runtime/testing`: what a generated server's tests use and its author did not write. Never
// imported by a server itself, only by its tests:
//   spawnServer        a server as a subprocess, spoken to in newline-delimited JSON-RPC over its real stdio
//   startFakeUpstream  a recording HTTP upstream on 127.0.0.1 (no real network)
//   captureLog         the stderr lines a test expects, captured instead of printed; also alone as
//                      `@mcp-factory/runtime/testing/log`, for a unit test that need not load zx (~40 ms a file)
// zx (the subprocess) is an optional peer dependency, not a dependency: a server's users install the runtime as a
// production dependency and have no use for it; the tests that import this entry run in the server's repo, which
// has zx as a devDependency.
export * from './fakeUpstream.js';
export * from './log.js';
export * from './stdioServer.js';
