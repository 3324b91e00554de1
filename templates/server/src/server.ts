// Builds the MCP server: one McpServer with every tool, resource and prompt listed in the index
// files. The SDK declares the resources and prompts capabilities when the first one is registered.
import { paginateResourceList } from '@mcp-factory/runtime/resource-list';
import type { CallRecorder, Tool, ToolDeps } from '@mcp-factory/runtime/tool';
import type { Upstream, UpstreamObserver } from '@mcp-factory/runtime/upstream';
import { McpServer } from '@modelcontextprotocol/server';
import { createUpstream } from './client.js';
import type { Config } from './config.js';
import { verifyRequestState } from '@mcp-factory/runtime/input-required';
import { SERVER_NAME, SERVER_VERSION } from './meta.js';
import { prompts } from './prompts/index.js';
import { resources } from './resources/index.js';
import { tools } from './tools/index.js';

/** Present only under `npm run dev` (the runtime's mcp-factory-dev): it keeps each tool's handle to swap edited tools in place. */
type DevTools = { registerTools(server: McpServer, tools: Tool[], deps: ToolDeps): void };
const devTools = (globalThis as { [key: symbol]: DevTools | undefined })[Symbol.for('mcp-factory.dev-tools')];

/**
 * Optional parts a generator wires in at src/index.ts's `mcp-factory:server-extras` marker
 * (persistence: a call recorder, plus the `history` tool and `history://{id}` resource). A server
 * without them passes `{}` and pays nothing.
 */
export interface ServerExtras {
  recorder?: CallRecorder;
  register?(server: McpServer, deps: ToolDeps): void;
  /** Given to createUpstream: sees every upstream attempt. */
  observeUpstream?: UpstreamObserver;
  /** Awaited before the process exits. */
  close?(): Promise<void>;
}

export function createServer(
  config: Config,
  upstream: Upstream = createUpstream(config),
  extras: ServerExtras = {},
): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    // Every echoed requestState is checked before a handler runs (the runtime's input-required module).
    { capabilities: { tools: {} }, requestState: { verify: verifyRequestState } },
  );
  const deps: ToolDeps = { config, upstream, recorder: extras.recorder };
  if (devTools) devTools.registerTools(server, tools, deps);
  else for (const tool of tools) tool.register(server, deps);
  for (const resource of resources) resource.register(server, deps);
  paginateResourceList(server, resources, deps);
  for (const prompt of prompts) prompt.register(server);
  extras.register?.(server, deps); // the one hook for generator-added registrations (see ServerExtras)
  return server;
}
