#!/usr/bin/env node
// The `mcp-factory` command. The CLI is TypeScript (cli/), loaded compiled (dist/cli.js, engine/compiled.mjs:
// built on first use and whenever a source changes), or where it cannot be built through tsx's scoped loader,
// which compiles it on the fly without leaking into the servers it starts.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiled } from '../engine/compiled.mjs';

const file = await compiled(path.dirname(import.meta.dirname), 'cli');
const { run } = file
  ? await import(pathToFileURL(file).href)
  : await (await import('tsx/esm/api')).tsImport('../cli/main.ts', import.meta.url);
process.exitCode = await run(process.argv);
