// What the tests of mcp-factory-dev (bin/dev.mjs) share: the supervisor started in a folder, spoken to through the
// runtime's own stdio harness, and a small server repo in a temp folder (src/index.ts, src/server.ts, src/tools/
// with the markers a generated server has) whose tools use the runtime's defineTool from source.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { spawnServer, type StdioServer } from '../../src/testing/stdioServer.js';
import { scaled } from '../../../test/helpers/timeouts.js';

const RUNTIME = path.resolve(import.meta.dirname, '../..');
/** The factory's node_modules: tsx, zod and the SDK for the temp repos (linked, as a repo's own would be). */
const NODE_MODULES = path.resolve(RUNTIME, '../node_modules');
export const DEV_BIN = path.join(RUNTIME, 'bin/dev.mjs');

/**
 * A folder to run the supervisor in with stand-in servers (MCP_DEV_ENTRY): it starts each with `--import tsx`,
 * found in the folder's node_modules as in a server repo. Watch another folder: chokidar follows the link.
 */
export function linkedFolder(): string {
  const dir = tempFolder('dev-cwd-');
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "dependencies": {} }\n');
  fs.symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'));
  return dir;
}

/** mcp-factory-dev in `cwd`, as `npm run dev` starts it there. */
export function startDev(cwd: string, env: Record<string, string> = {}): StdioServer {
  const server = spawnServer({ args: [DEV_BIN], cwd, env });
  started.push(server);
  return server;
}

const folders: string[] = [];
export function tempFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
}
const started: StdioServer[] = [];
/**
 * For afterAll: every supervisor still running is killed (a test that timed out never reached its own kill), then
 * the temp folders go (a repo's node_modules is a link: only the link goes).
 */
export async function cleanUp(): Promise<void> {
  await Promise.all(started.splice(0).map((server) => server.kill('SIGKILL')));
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** How often waitFor checks (a pace, not a limit: never scaled). */
const POLL_MS = 20;

export async function waitFor(check: () => boolean, timeoutMs = 10_000, between?: () => Promise<void>) {
  for (const until = Date.now() + scaled(timeoutMs); !check(); await new Promise((r) => setTimeout(r, POLL_MS))) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await between?.();
  }
}

type Answer = { result?: { isError?: boolean; content: Array<{ text: string }> } };

/** Sends `count` calls of `tool`, one every `everyMs`, running `during(i)` before call i; resolves with the answers. */
export async function stream(server: StdioServer, count: number, everyMs: number, during: (i: number) => void) {
  const answers: Array<Promise<Answer>> = [];
  for (let i = 0; i < count; i += 1) {
    during(i);
    answers.push(server.request('tools/call', { name: 'echo', arguments: {} }) as Promise<Answer>);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Promise.all(answers);
}

/** Every response line is for a distinct id (nothing answered twice), and stdout held only JSON-RPC. */
export function expectAnsweredOnce(server: StdioServer): void {
  const messages = server.lines.map((l) => JSON.parse(l) as { jsonrpc: string; id?: unknown; method?: string });
  for (const message of messages) expect(message.jsonrpc).toBe('2.0');
  const ids = messages.filter((m) => m.id !== undefined && m.method === undefined).map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
}

export const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

const source = (file: string) => JSON.stringify(path.join(RUNTIME, 'src', file));
const INDEX = `import type { Tool } from ${source('defineTool.ts')};
// mcp-factory:tool-imports

export const tools: Tool[] = [
  // mcp-factory:tools
];
`;
// As a generated server's src/server.ts: under the supervisor, tools register through its dev registry.
const SERVER = `import { McpServer } from '@modelcontextprotocol/server';
import { testConfig, testUpstream } from ${JSON.stringify(path.join(RUNTIME, 'test/helpers/config.ts'))};
import { tools } from './tools/index.js';

const devTools = globalThis[Symbol.for('mcp-factory.dev-tools')];
const config = testConfig();
const deps = { config, upstream: testUpstream(config) };

export function createServer() {
  const server = new McpServer({ name: 'dev-fixture', version: '1.0.0' }, { capabilities: { tools: {} } });
  if (devTools) devTools.registerTools(server, tools, deps);
  else for (const tool of tools) tool.register(server, deps);
  return server;
}
`;
const ENTRY = `import { ExactStdioTransport } from ${source('transport/exactStdio.ts')};
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createServer } from './server.js';

const transport = new ExactStdioTransport(process.stdin, process.stdout);
serveStdio(() => createServer(), { transport });
void transport.finished.then(() => process.exit(0));
`;

// As a generated server since the runtime's entry: src/primitives.ts lists the tools, src/index.ts serves them.
const MAIN_ENTRY = `import { serve } from ${source('main.ts')};
import { testConfig, testUpstream } from ${JSON.stringify(path.join(RUNTIME, 'test/helpers/config.ts'))};
import { tools } from './primitives.js';

serve({
  name: 'dev-fixture',
  version: '1.0.0',
  envPrefix: 'DEV_FIXTURE',
  loadConfig: () => testConfig(),
  createUpstream: (config) => testUpstream(config),
  missingCredentials: () => [],
  tools,
});
`;

export interface DevRepo {
  dir: string;
  /** src/tools/<name> in the repo. */
  file(name: string): string;
  /** A tool `name` answering `text` after `delayMs`; `input` is the source of its zod input shape. */
  writeTool(name: string, text: string, options?: { description?: string; input?: string; delayMs?: number }): void;
  /** The tools list (src/tools/index.ts, or src/primitives.ts with the runtime's entry) as `npx plop method` leaves it: the markers plus `names`. */
  writeIndex(...names: string[]): void;
  /** The supervisor in the repo, once it has answered initialize. */
  start(): Promise<StdioServer>;
}

/** Writes as generators (write-file-atomic) and many editors do: a temporary file, renamed over the target. */
function save(target: string, content: string) {
  fs.writeFileSync(`${target}.${process.pid}`, content);
  fs.renameSync(`${target}.${process.pid}`, target);
}

/**
 * A small server repo in a temp folder with one tool, echo (answers "v1"): by default laid out as servers were
 * before the runtime's entry (src/server.ts, src/tools/index.ts); `entry: true` as they are now (src/index.ts
 * calls the runtime's `serve`, src/primitives.ts lists the tools).
 */
export function devRepo({ entry = false }: { entry?: boolean } = {}): DevRepo {
  const dir = tempFolder('dev-repo-');
  fs.mkdirSync(path.join(dir, 'src/tools'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "dependencies": {} }\n');
  fs.symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'src/index.ts'), entry ? MAIN_ENTRY : ENTRY);
  if (!entry) fs.writeFileSync(path.join(dir, 'src/server.ts'), SERVER);
  fs.writeFileSync(path.join(dir, 'src/meta.ts'), "export const SERVER_NAME = 'dev-fixture';\n");
  const file = (name: string) => path.join(dir, 'src', 'tools', name);
  const repo: DevRepo = {
    dir,
    file,
    writeTool: (name, text, { description = 'test tool', input = '', delayMs = 20 } = {}) =>
      save(
        file(`${name}.ts`),
        `import * as z from 'zod';
import { defineTool } from ${source('defineTool.ts')};
export const ${name} = defineTool({
  name: '${name}',
  description: ${JSON.stringify(description)},
  inputSchema: z.object({ ${input} }),
  annotations: { readOnlyHint: true },
  async run() {
    await new Promise((resolve) => setTimeout(resolve, ${delayMs}));
    return { content: [{ type: 'text', text: ${JSON.stringify(text)} }] };
  },
});
`,
      ),
    writeIndex: (...names) =>
      save(
        entry ? path.join(dir, 'src', 'primitives.ts') : file('index.ts'),
        names.reduce(
          (index, name) =>
            index
              .replace(
                '// mcp-factory:tool-imports',
                `import { ${name} } from './${entry ? 'tools/' : ''}${name}.js';\n// mcp-factory:tool-imports`,
              )
              .replace('// mcp-factory:tools', `${name},\n  // mcp-factory:tools`),
          INDEX,
        ),
      ),
    async start() {
      const server = startDev(dir);
      await server.initialize();
      return server;
    },
  };
  repo.writeTool('echo', 'v1');
  repo.writeIndex('echo');
  return repo;
}
