// A server as its author defines it (src/index.ts of a generated server), and the one McpServer built from it
// for either transport. Free of side effects: tests build servers from it in memory (`createServer`), while
// `@mcp-factory/runtime/main` serves them.
import { McpServer } from '@modelcontextprotocol/server';
import type { ServerConfig } from './config.js';
import type { Prompt } from './definePrompt.js';
import type { Resource } from './defineResource.js';
import type { CallRecorder, Tool, ToolDeps } from './defineTool.js';
import { verifyRequestState } from './requestState.js';
import { paginateResourceList } from './resourceList.js';
import type { Upstream, UpstreamObserver } from './upstream.js';

/**
 * Optional parts a generator wires in at src/index.ts's `mcp-factory:server-extras` marker (persistence: a call
 * recorder, the `history` tool and `history://{id}` resource). A server without them passes nothing and pays nothing.
 */
export interface ServerExtras {
  recorder?: CallRecorder;
  register?(server: McpServer, deps: ToolDeps): void;
  /** Given to createUpstream: sees every upstream attempt. */
  observeUpstream?: UpstreamObserver;
  /** Awaited before the process exits. */
  close?(): Promise<void>;
}

export interface ServerDefinition {
  /** The name and version the server reports in the MCP handshake. */
  name: string;
  version: string;
  /** The prefix of its variables: `<PREFIX>_LOG_LEVEL`, `<PREFIX>_TRANSPORT`, `<PREFIX>_HTTP_*`. */
  envPrefix: string;
  /** Reads the environment; a ConfigError it throws ends the start with one line and exit 1. */
  loadConfig(): ServerConfig;
  /** The one upstream client every tool calls, bound to the server's auth scheme. */
  createUpstream(config: ServerConfig, fetchImpl?: typeof fetch, observe?: UpstreamObserver): Upstream;
  /** The credential variables not set: tools are listed, but calling one returns an error until set. */
  missingCredentials(config: ServerConfig): string[];
  tools: readonly Tool[];
  resources?: readonly Resource[];
  prompts?: readonly Prompt[];
  /** What generators wired in (persistence, for example), set up once per process. */
  extras?(): ServerExtras;
}

/** The definition as given, typed: `export default defineServer({...})` reads well and checks every field. */
export const defineServer = (definition: ServerDefinition): ServerDefinition => definition;

/** Present only under `npm run dev` (the runtime's mcp-factory-dev): it keeps each tool's handle to swap edited tools in place. */
interface DevTools {
  registerTools(server: McpServer, tools: readonly Tool[], deps: ToolDeps): void;
}
const devTools = (): DevTools | undefined =>
  (globalThis as { [key: symbol]: DevTools | undefined })[Symbol.for('mcp-factory.dev-tools')];

/**
 * One McpServer with every tool, resource and prompt of `definition`. The SDK declares the resources and prompts
 * capabilities when the first one is registered.
 */
export function createServer(
  definition: ServerDefinition,
  config: ServerConfig,
  upstream: Upstream = definition.createUpstream(config),
  extras: ServerExtras = {},
): McpServer {
  const server = new McpServer(
    { name: definition.name, version: definition.version },
    // Every echoed requestState is checked before a handler runs (the runtime's input-required module).
    { capabilities: { tools: {} }, requestState: { verify: verifyRequestState } },
  );
  const deps: ToolDeps = { config, upstream, recorder: extras.recorder };
  const dev = devTools();
  if (dev) dev.registerTools(server, definition.tools, deps);
  else for (const tool of definition.tools) tool.register(server, deps);
  const resources = definition.resources ?? [];
  for (const resource of resources) resource.register(server, deps);
  paginateResourceList(server, resources, deps);
  for (const prompt of definition.prompts ?? []) prompt.register(server);
  extras.register?.(server, deps); // the one hook for generator-added registrations (see ServerExtras)
  return server;
}
