// The server's prompts. `npx plop prompt` adds imports and entries at the markers below: keep them.
// Each prompt's message is the template file beside its module (src/prompts/<name>.md): edit it freely.
import type { Prompt } from '@mcp-factory/runtime/prompt';
// mcp-factory:prompt-imports

export const prompts: Prompt[] = [
  // mcp-factory:prompts
];
