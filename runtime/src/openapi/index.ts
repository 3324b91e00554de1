// `@mcp-factory/runtime/openapi`: what the tools `npx plop openapi` writes (one per operation) run on:
// the request builder, form bodies, lazily built input and output schemas, structured results and toolsets. Dynamic
// tool mode's catalog and tools are `@mcp-factory/runtime/openapi/dynamic`, loaded only by such servers.
export * from './form.js';
export * from './operation.js';
export * from './request.js';
export * from './result.js';
export * from './schema.js';
export * from './toolsets.js';
