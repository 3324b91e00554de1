// Tool `call_operation` (dynamic tool mode): calls one operation of src/openapiCatalog.ts with arguments
// validated against its input schema, through the same request builder and upstream client (auth,
// retries, limits) as a tool per operation. Written by `npx plop openapi -- --toolMode dynamic`.
import { callOperationTool } from '@mcp-factory/runtime/openapi/dynamic';
import { catalog } from '../openapiCatalog.js';

export const callOperation = callOperationTool(catalog);
