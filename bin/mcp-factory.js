#!/usr/bin/env node
// The `mcp-factory` command. The CLI is TypeScript (cli/), loaded compiled (dist/cli.js, engine/compiled.mjs:
// built on first use and whenever a source changes), or where it cannot be built through tsx's scoped loader,
// which compiles it on the fly without leaking into the servers it starts.
import path from 'node:path';
import { loadEntry } from '../engine/compiled.mjs';

const { run } = await loadEntry(path.dirname(import.meta.dirname), 'cli');
process.exitCode = await run(process.argv);
