// The unit tests of the tools written from OpenAPI specs (`npx plop openapi`): one module per tool in
// test/unit/openapi/, all run by this one jest file. Jest sets up each test file on its own (a fresh environment,
// and jest, nock and the runtime compiled again: about half a second of CPU per file), so a spec's hundred tools
// take seconds here and a minute as a hundred files. One tool: npx jest test/unit/openapi.test.ts -t <tool_name>.
// Written by `npx plop openapi` when missing; yours to edit.
import fs from 'node:fs';

const modules = fs
  .readdirSync(new URL('./openapi/', import.meta.url))
  .filter((file) => file.endsWith('.ts'))
  .sort();
for (const file of modules) await import(`./openapi/${file.replace(/\.ts$/, '.js')}`);
