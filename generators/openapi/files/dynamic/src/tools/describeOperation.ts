// Tool `describe_operation` (dynamic tool mode): one operation's method, path and input JSON Schema,
// from src/openapiCatalog.ts. Written by `npx plop openapi -- --toolMode dynamic`.
import { describeOperationTool } from '@mcp-factory/runtime/openapi/dynamic';
import { catalog } from '../openapiCatalog.js';

export const describeOperation = describeOperationTool(catalog);
