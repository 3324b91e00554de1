// The server's resources. `npx plop resource` adds imports and entries at the markers below: keep them.
import type { Resource } from '@mcp-factory/runtime/resource';
// mcp-factory:resource-imports

export const resources: Resource[] = [
  // mcp-factory:resources
];
