// The server's tools. `npx plop method` adds imports and entries at the markers below: keep them.
import type { Tool } from '@mcp-factory/runtime/tool';
// mcp-factory:tool-imports

export const tools: Tool[] = [
  // mcp-factory:tools
];
