// The three tools of dynamic tool mode (`npx plop openapi -- --toolMode dynamic`) over a server's
// operation catalog (./catalog.ts): search_operations, describe_operation and call_operation. A server's
// src/tools/<name>.ts is one line that makes its tool from its own catalog (src/openapiCatalog.ts).
// A server in static mode (a tool per operation) never loads this entry.
import * as z from 'zod';
import { defineTool, type Tool } from '../defineTool.js';
import { describeOperation, isOperation, type OperationCatalog } from './catalog.js';
import { checkingToolsets } from './toolsets.js';

export * from './catalog.js';
export type { CatalogOperation } from './operation.js';

/** search_operations: finds the API's operations by words, ranked, one page at a time. */
export const searchOperationsTool = (catalog: OperationCatalog): Tool =>
  checkingToolsets(
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
      async run({ query, toolset, offset, limit }, { config }) {
        const page = catalog.search(query, { toolset, offset, limit }, config.envPrefix);
        const lines = page.operations.map((op) => `${op.name}: ${op.title} (${op.method} ${op.path}) [${op.toolset}]`);
        const first = offset ?? 0;
        const toolsets = [...catalog.servedToolsets(config.envPrefix)].map(([name, n]) => `${name} (${n})`);
        const head = page.total
          ? `${page.total} operation(s) match; ${first + 1}-${first + page.operations.length} shown${page.next !== undefined ? `, offset ${page.next} for more` : ''}:`
          : `no operation matches; toolsets: ${toolsets.join(', ')}`;
        return { content: [{ type: 'text', text: [head, ...lines].join('\n') }] };
      },
    }),
  );

/** describe_operation: one operation's method, path and input JSON Schema. */
export const describeOperationTool = (catalog: OperationCatalog): Tool =>
  checkingToolsets(
    defineTool({
      name: 'describe_operation',
      title: 'Describe an API operation',
      description:
        "One API operation (a name search_operations returned): its method, path, description and the JSON Schema of call_operation's arguments.",
      inputSchema: z.object({ operation: z.string().min(1).describe('the operation name') }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      async run({ operation }, { config }) {
        const found = catalog.find(operation, config.envPrefix);
        if (!isOperation(found)) return found;
        return { content: [{ type: 'text', text: JSON.stringify(describeOperation(found)) }] };
      },
    }),
  );

/**
 * call_operation: calls one operation with arguments validated against its input schema, through the same
 * request builder and upstream client (auth, retries, limits) as a tool per operation.
 */
export const callOperationTool = (catalog: OperationCatalog): Tool =>
  checkingToolsets(
    defineTool({
      name: 'call_operation',
      title: 'Call an API operation',
      description:
        'Calls one API operation (a name search_operations returned) with arguments matching its input schema (describe_operation gives it) and returns the response.',
      inputSchema: z.object({
        operation: z.string().min(1).describe('the operation name'),
        arguments: z
          .record(z.string(), z.unknown())
          .optional()
          .describe("the operation's input (its schema: describe_operation)"),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
      async run({ operation, arguments: input }, context) {
        const found = catalog.find(operation, context.config.envPrefix);
        if (!isOperation(found)) return found;
        return catalog.call(found, input ?? {}, context);
      },
    }),
  );
