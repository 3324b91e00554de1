// The server's tools, resources and prompts: `npx plop method`, `resource` and `prompt` add them at the
// markers (keep them). A prompt's message is the .md file beside its module: edit it freely.
import type { Prompt } from '@mcp-factory/runtime/prompt';
import type { Resource } from '@mcp-factory/runtime/resource';
import type { Tool } from '@mcp-factory/runtime/tool';
// mcp-factory:tool-imports
// mcp-factory:resource-imports
// mcp-factory:prompt-imports

export const tools: Tool[] = [
  // mcp-factory:tools
];

export const resources: Resource[] = [
  // mcp-factory:resources
];

export const prompts: Prompt[] = [
  // mcp-factory:prompts
];
