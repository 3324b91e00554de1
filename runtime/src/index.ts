// Everything in one import, for code that does not mind loading it all. A server's start imports the
// subpaths (`@mcp-factory/runtime/stdio`, `/tool`, ...) so that it loads only what it uses; the stdout
// guard (`@mcp-factory/runtime/stdout-guard`) is never part of this entry: it must be imported first.
export * from './config.js';
export * from './definePrompt.js';
export * from './defineResource.js';
export * from './defineTool.js';
export * from './errors.js';
export * from './jsonSchemaCache.js';
export * from './log.js';
export * from './persistence/index.js';
export * from './resilience.js';
export * from './resourceList.js';
export * from './resultLimit.js';
export * from './secrets.js';
export * from './tracing/index.js';
export * from './transport/exactStdio.js';
export * from './upstream.js';
export * from './userCredential.js';
