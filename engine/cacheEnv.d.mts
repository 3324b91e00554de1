// Types of engine/cacheEnv.mjs.
/** Names the folder the packed runtimes are kept in (scripts/runtimeTarball.ts). */
export const RUNTIME_CACHE_ENV: 'MCP_FACTORY_RUNTIME_CACHE';
/** Names the folder prettier's output is kept in for every process of a run (engine/format.ts). */
export const FORMAT_CACHE_ENV: 'MCP_FACTORY_FORMAT_CACHE';
