// Builds the MCP server: one McpServer with every tool listed in tools/index.ts.
import { McpServer } from '@modelcontextprotocol/server';
import { createUpstream, type Upstream, type UpstreamObserver } from './client.js';
import type { Config } from './config.js';
import type { CallRecorder, ToolDeps } from './defineTool.js';
import { SERVER_NAME, SERVER_VERSION } from './meta.js';
import { tools } from './tools/index.js';

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
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { capabilities: { tools: {} } });
  const deps: ToolDeps = { config, upstream, recorder: extras.recorder };
  for (const tool of tools) tool.register(server, deps);
  extras.register?.(server, deps); // the one hook for generator-added registrations (see ServerExtras)
  return server;
}
