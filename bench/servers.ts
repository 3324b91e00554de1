// Builds the two servers under test in one temp folder (never inside this repo):
//   generated: `plop server` with the rest preset (its ping tool GETs /health), installed and built;
//   bare:      the same SDK line with one plain server.mjs whose ping tool does the same fetch.
// Both are installed with npm, so they share the npm cache and resolve the same SDK release.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import nodePlop from 'node-plop';
import { FACTORY_ROOT } from '../engine/paths.js';
import { readManifest } from '../engine/contract/defineGenerator.js';
import { envPrefix } from '../engine/contract/vocabulary.js';
import { BARE_PING_TOOL } from './bareTool.js';
import { useLocalRuntime } from '../scripts/runtimeTarball.js';

const run = promisify(execFile);

export interface ServerBuild {
  label: string;
  /** Script to run with `node` (no shell, no npm wrapper: we time the server, not a launcher). */
  entry: string;
  /** Environment variable that points the server at the fake upstream's base URL. */
  baseUrlVar: string;
  /** Installed @modelcontextprotocol/server version, printed so readers can check both match. */
  sdkVersion: string;
  /** More environment for the process (e.g. OTEL_* variables that turn tracing on). */
  env?: Record<string, string>;
}

// The bare server: the official SDK, serveStdio and the shared ping tool (bareTool.ts), nothing else.
const BARE_SERVER = `// Bare MCP server: the official SDK and nothing else, for comparison.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';
${BARE_PING_TOOL}
serveStdio(() => {
  const server = new McpServer({ name: 'bare', version: '0.0.0' }, { capabilities: { tools: {} } });
  registerPing(server);
  return server;
});
`;

async function npm(cwd: string, args: string[]): Promise<void> {
  try {
    // NODE_OPTIONS cleared: the factory's own setting (--import tsx) must not reach the builds.
    await run('npm', args, { cwd, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(
      `npm ${args.join(' ')} failed in ${path.basename(cwd)}: ${(e.stderr || e.message).trim().split('\n').slice(-15).join('\n')}`,
    );
  }
}

const INSTALL = ['install', '--no-audit', '--no-fund', '--prefer-offline'];

function sdkVersion(repo: string): string {
  const file = path.join(repo, 'node_modules/@modelcontextprotocol/server/package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

export async function buildGenerated(parent: string, progress: (m: string) => void): Promise<ServerBuild> {
  await useLocalRuntime(); // the server depends on this checkout's runtime, packed as a user gets it
  const name = 'bench-gen';
  const repo = path.join(parent, name);
  // A throwaway server: keep it out of the user's server catalog (mcp-factory list).
  process.env.MCP_FACTORY_HOME = path.join(parent, 'factory-home');
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
  // The base URL is a placeholder: each run points the server at the fake upstream through the env.
  const { failures } = await plop
    .getGenerator('server')
    .runActions({ name, preset: 'rest', baseUrl: 'http://127.0.0.1:1', healthPath: '/health' });
  if (failures.length > 0)
    throw new Error(`plop server failed: ${String((failures[0] as { error?: string }).error ?? failures[0])}`);
  progress('generated: npm install');
  await npm(repo, INSTALL);
  progress('generated: npm run build');
  await npm(repo, ['run', 'build']);
  return generatedBuild(repo);
}

/** The generated server built in `repo`, as the measurements spawn it. */
function generatedBuild(repo: string): ServerBuild {
  // Read the prefix the generator chose (as the generators do) rather than re-deriving it.
  const prefix = envPrefix(repo, readManifest(repo));
  return {
    label: 'generated',
    entry: path.join(repo, 'dist/index.js'),
    baseUrlVar: `${prefix}_BASE_URL`,
    sdkVersion: sdkVersion(repo),
  };
}

async function buildBare(parent: string, progress: (m: string) => void): Promise<ServerBuild> {
  const repo = path.join(parent, 'bench-bare');
  fs.mkdirSync(repo);
  const pkg = {
    name: 'bench-bare',
    version: '0.0.0',
    private: true,
    type: 'module',
    dependencies: { '@modelcontextprotocol/server': '^2.4.0', zod: '^4.2.0' },
  };
  fs.writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(path.join(repo, 'server.mjs'), BARE_SERVER);
  progress('bare: npm install');
  await npm(repo, INSTALL);
  return bareBuild(repo);
}

function bareBuild(repo: string): ServerBuild {
  return {
    label: 'bare',
    entry: path.join(repo, 'server.mjs'),
    baseUrlVar: 'BARE_BASE_URL',
    sdkVersion: sdkVersion(repo),
  };
}

/** Builds both at once (the installs overlap); resolves once both are ready to spawn. */
export async function buildServers(parent: string, progress: (m: string) => void): Promise<[ServerBuild, ServerBuild]> {
  return Promise.all([buildGenerated(parent, progress), buildBare(parent, progress)]);
}

/**
 * The floor under any Node server: a process that answers its first line on stdin with an initialize result and does
 * nothing else (no SDK, no zod). What a server's cold start adds above it is its own work.
 */
const NODE_FLOOR = `// Node alone, for comparison: answers the first line on stdin, then waits for stdin to close.
process.stdin.once('data', () => process.stdout.write('{"jsonrpc":"2.0","id":0,"result":{}}\\n'));
process.stdin.resume();
`;

/** Writes the floor script into `parent` (again when it is there: --reuse of an older folder). */
export function nodeFloor(parent: string): ServerBuild {
  const entry = path.join(parent, 'node-floor.cjs');
  fs.writeFileSync(entry, NODE_FLOOR);
  return { label: 'node alone', entry, baseUrlVar: 'NODE_FLOOR_BASE_URL', sdkVersion: 'none' };
}

/** The two servers an earlier run built in `parent` (kept with --keep), to measure them again without rebuilding. */
export function reuseServers(parent: string): [ServerBuild, ServerBuild] {
  return [generatedBuild(path.join(parent, 'bench-gen')), bareBuild(path.join(parent, 'bench-bare'))];
}
