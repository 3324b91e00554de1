// Running the `mcp-factory` bin as a user does (a subprocess), and fake installed server packages
// for discovery tests: folders with a package.json (mcpName, bin) and a server.json, nothing to run.
import fs from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { FACTORY_ROOT } from './fsSnapshot.js';

export const BIN = path.join(FACTORY_ROOT, 'bin', 'mcp-factory.js');

/** `mcp-factory <args>` in `cwd`; jest's NODE_OPTIONS must not leak into it. No global npm root unless given. */
export const factoryCli = (args: string[], { cwd, env = {} }: { cwd: string; env?: Record<string, string> }) =>
  $({
    cwd,
    quiet: true,
    nothrow: true,
    env: { ...process.env, NODE_OPTIONS: '', npm_config_prefix: path.join(cwd, '.no-global'), ...env },
  })`node ${BIN} ${args}`;

export interface FakeServer {
  name: string;
  mcpName?: string;
  version?: string;
  /** Write the bin file (status ok) or not (status not built). */
  built?: boolean;
  /** Leave out server.json (then it is not an MCP server). */
  serverJson?: boolean;
}

/** A fake server package in `dir` (created); returns its folder. */
export function writeFakeServer(dir: string, server: FakeServer): string {
  fs.mkdirSync(dir, { recursive: true });
  const mcpName = server.mcpName ?? `io.github.test/${server.name.replace(/^@[^/]+\//, '')}`;
  const pkg = {
    name: server.name,
    version: server.version ?? '1.0.0',
    mcpName,
    bin: { [server.name]: 'dist/index.js' },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  if (server.serverJson !== false) {
    fs.writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ name: mcpName, version: pkg.version }));
  }
  if (server.built !== false) {
    fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'index.js'), '');
  }
  return dir;
}
