// Tool `search_operations` (dynamic tool mode): finds the API's operations by words, ranked, one
// page at a time. Written by `npx plop openapi -- --toolMode dynamic`; see src/openapiDynamic.ts.
import * as z from 'zod';
import { defineTool } from '@mcp-factory/runtime/tool';
import { searchOperations as search, servedToolsets } from '../openapiDynamic.js';
import { checkingToolsets } from '../openapiToolsets.js';

export const searchOperations = checkingToolsets(
  defineTool({
    name: 'search_operations',
    title: 'Search the API operations',
    description:
      'Find API operations by words (what it does, a resource, a path segment). Returns operation names with one-line summaries, best first; then describe_operation gives one its input schema and call_operation calls it.',
    inputSchema: z.object({
      query: z.string().min(1).describe('words to look for, e.g. "create issue comment"'),
      toolset: z.string().optional().describe('only operations of this toolset'),
      offset: z.number().int().min(0).optional().describe('skip this many results (the previous page gives it)'),
      limit: z.number().int().min(1).max(50).optional().describe('results per page (default 10)'),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run({ query, toolset, offset, limit }) {
      const page = search(query, { toolset, offset, limit });
      const lines = page.operations.map((op) => `${op.name}: ${op.title} (${op.method} ${op.path}) [${op.toolset}]`);
      const first = offset ?? 0;
      const head = page.total
        ? `${page.total} operation(s) match; ${first + 1}-${first + page.operations.length} shown${page.next !== undefined ? `, offset ${page.next} for more` : ''}:`
        : `no operation matches; toolsets: ${[...servedToolsets()].map(([name, n]) => `${name} (${n})`).join(', ')}`;
      return { content: [{ type: 'text', text: [head, ...lines].join('\n') }] };
    },
  }),
);
