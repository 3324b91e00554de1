// Builds the MCP server: one McpServer with every tool listed in tools/index.ts.
import { McpServer } from '@modelcontextprotocol/server';
import { createUpstream, type Upstream } from './client.js';
import type { Config } from './config.js';
import { SERVER_NAME, SERVER_VERSION } from './meta.js';
import { tools } from './tools/index.js';

export function createServer(config: Config, upstream: Upstream = createUpstream(config)): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { capabilities: { tools: {} } });
  for (const tool of tools) tool.register(server, { config, upstream });
  return server;
}
