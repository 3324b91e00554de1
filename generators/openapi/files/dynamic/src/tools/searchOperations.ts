// Tool `search_operations` (dynamic tool mode): finds the API's operations (src/openapiCatalog.ts) by
// words, ranked, one page at a time. Written by `npx plop openapi -- --toolMode dynamic`.
import { searchOperationsTool } from '@mcp-factory/runtime/openapi/dynamic';
import { catalog } from '../openapiCatalog.js';

export const searchOperations = searchOperationsTool(catalog);
