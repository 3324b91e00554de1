// Starting servers that misbehave: one that never answers gets a timeout naming it (and is stopped,
// so the command ends); one that is not built or whose folder vanished is refused before anything runs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { registerServer } from '../../cli/catalog.js';
import { factoryCli, writeFakeServer } from '../helpers/factoryCli.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { it, scaled } from '../helpers/timeouts.js';

describe('starting a server', () => {
  // 4 s: on a loaded machine the fake server may need more than a second to print its stderr line.
  it('times out with one line naming the server and its last stderr line, exit 1', async () => {
    const root = tempDir();
    const dir = writeFakeServer(path.join(root, 'silent-mcp'), { name: 'silent-mcp' });
    fs.writeFileSync(
      path.join(dir, 'dist', 'index.js'),
      "console.error('listening, never answering');\nsetInterval(() => {}, 1000);\n",
    );
    const started = Date.now();
    const out = await factoryCli(['tools', 'silent-mcp', '--timeout', '4000', '--path', dir], { cwd: root });
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(
      'mcp-factory: silent-mcp did not answer initialize within 4 s (its last stderr line: listening, never answering)\n',
    );
    expect(Date.now() - started).toBeLessThan(scaled(15_000)); // the hung server was stopped
  }, 30_000);

  it('refuses a server that is not built, or whose folder is gone, saying what to do', async () => {
    const root = tempDir();
    const dir = writeFakeServer(path.join(root, 'raw-mcp'), { name: 'raw-mcp', built: false });
    const notBuilt = await factoryCli(['call', 'raw-mcp', 'ping', '--path', dir], { cwd: root });
    expect(notBuilt.exitCode).toBe(1);
    expect(notBuilt.stderr).toBe(
      `mcp-factory: raw-mcp is not built: ${path.join(fs.realpathSync(dir), 'dist', 'index.js')} is missing (run \`npm run build\` in ${fs.realpathSync(dir)})\n`,
    );

    const home = tempDir();
    await registerServer({ name: 'gone-mcp', mcpName: 'io.github.test/gone-mcp', path: path.join(root, 'gone') }, home);
    const gone = await factoryCli(['tools', 'gone-mcp'], { cwd: root, env: { MCP_FACTORY_HOME: home } });
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toBe(`mcp-factory: gone-mcp: its folder ${path.join(root, 'gone')} no longer exists\n`);
  }, 30_000);

  it('rejects a bad --timeout as usage (exit 2)', async () => {
    const out = await factoryCli(['tools', 'x', '--timeout', 'soon'], { cwd: tempDir() });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(
      `mcp-factory: option '--timeout <ms>' argument 'soon' is invalid. It must be a positive whole number of milliseconds.\n`,
    );
  }, 30_000);
});
