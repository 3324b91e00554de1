// Tool `describe_operation` (dynamic tool mode): one operation's method, path and input JSON Schema.
// Written by `npx plop openapi -- --toolMode dynamic`; see src/openapiDynamic.ts.
import * as z from 'zod';
import { defineTool } from '@mcp-factory/runtime/tool';
import { describeOperation as describe, findOperation, isOperation } from '../openapiDynamic.js';
import { checkingToolsets } from '../openapiToolsets.js';

export const describeOperation = checkingToolsets(
  defineTool({
    name: 'describe_operation',
    title: 'Describe an API operation',
    description:
      "One API operation (a name search_operations returned): its method, path, description and the JSON Schema of call_operation's arguments.",
    inputSchema: z.object({ operation: z.string().min(1).describe('the operation name') }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run({ operation }) {
      const found = findOperation(operation);
      if (!isOperation(found)) return found;
      return { content: [{ type: 'text', text: JSON.stringify(describe(found)) }] };
    },
  }),
);
