// The environment variables that name the caches shared by the processes of a run (plain JavaScript: the tests'
// globalSetup, which jest loads before any transform, sets them; the TypeScript that reads them imports them too).

/**
 * The folder the packed runtimes are kept in, between runs too (scripts/runtimeTarball.ts): the factory's test run
 * (test/globalSetup.mjs) gives its processes a TMPDIR of their own, removed at its end, and names the outer temp
 * folder here.
 */
export const RUNTIME_CACHE_ENV = 'MCP_FACTORY_RUNTIME_CACHE';

/**
 * A folder where prettier's output is kept for every process to reuse (engine/format.ts); unset, each process
 * formats for itself. The factory's test run names a folder inside its own temp folder.
 */
export const FORMAT_CACHE_ENV = 'MCP_FACTORY_FORMAT_CACHE';
