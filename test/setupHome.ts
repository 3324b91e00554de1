// Every test file gets its own factory home in the OS temp folder (even when MCP_FACTORY_HOME is set
// in the shell), so the generators' catalog registration and the CLI's catalog reads never touch the
// user's. This is jest's copy of the environment: start subprocesses with `{ ...process.env }`, as
// the helpers do, so that they get it too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.MCP_FACTORY_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-home-'));
