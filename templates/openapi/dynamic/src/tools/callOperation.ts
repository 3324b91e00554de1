// Tool `call_operation` (dynamic tool mode): calls one operation with arguments validated against its
// input schema, through the same request builder and upstream client (auth, retries, limits) as a
// tool per operation. Written by `npx plop openapi -- --toolMode dynamic`; see src/openapiDynamic.ts.
import * as z from 'zod';
import { defineTool } from '@mcp-factory/runtime/tool';
import { callOperation as call, findOperation, isOperation } from '../openapiDynamic.js';
import { checkingToolsets } from '../openapiToolsets.js';

export const callOperation = checkingToolsets(
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
      const found = findOperation(operation);
      if (!isOperation(found)) return found;
      return call(found, input ?? {}, context);
    },
  }),
);
