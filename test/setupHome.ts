// Every test file gets its own factory home in the OS temp folder, so the generators' catalog
// registration (and the CLI's catalog reads) never touch the user's real config folder. Subprocesses
// that tests start with `{ ...process.env }` inherit it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.MCP_FACTORY_HOME ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-home-'));
