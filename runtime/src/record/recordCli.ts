#!/usr/bin/env node
// `mcp-factory-record <PREFIX> <entry> [server flags]`: a server's `npm run record`. Starts the built server
// (`node <entry>`) with `<PREFIX>_RECORD` set (default: ./recordings, unless the variable is already set), so a
// client configured with `npm run -s record` records every tool call, resource read and prompt get. stdin, stdout
// and stderr are the server's: this process writes nothing to stdout (it is the protocol's), and exits as the
// server does.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_RECORDING_DIR } from './format.js';

const [prefix, entry, ...rest] = process.argv.slice(2);
if (!prefix || !/^[A-Z][A-Z0-9_]*$/.test(prefix) || !entry) {
  process.stderr.write('[ERROR] usage: mcp-factory-record <ENV_PREFIX> <server entry, e.g. dist/index.js> [flags]\n');
  process.exit(1);
}
const variable = `${prefix}_RECORD`;
const dir = path.resolve(process.env[variable]?.trim() || DEFAULT_RECORDING_DIR);
const child = spawn(process.execPath, [entry, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, [variable]: dir },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
