#!/usr/bin/env node
// The `mcp-factory` command. The CLI is TypeScript (cli/); tsx's scoped loader compiles it on the fly,
// as index.js does for the generators, without leaking into the servers it starts.
import { tsImport } from 'tsx/esm/api';

const { run } = await tsImport('../cli/main.ts', import.meta.url);
process.exitCode = await run(process.argv);
