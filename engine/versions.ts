// Every dependency version a generated server gets, in one typed map (checked on Node 20:
// see CONTRIBUTING.md "Versions"). Generators never write a version that is not listed here.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const factoryVersion: string = require('../package.json').version;

/**
 * The runtime package (runtime/, published as @mcp-factory/runtime) a generated server depends on, exactly. What
 * only the runtime imports comes with it as its own dependencies (runtime/package.json), not from this map: e.g.
 * HTTP mode's @modelcontextprotocol/node and jose.
 */
export const runtimeVersion = '0.1.0';

export const versions = {
  '@mcp-factory/runtime': runtimeVersion,
  '@modelcontextprotocol/server': '^2.4.0',
  '@modelcontextprotocol/client': '^2.4.0',
  // `npm run inspect` (npx): the newest whose engines allow Node 20 (0.16-1.x need Node 22.7.5, 2.x Node 22.19)
  '@modelcontextprotocol/inspector': '0.15.0',
  zod: '^4.6.0', // z.fromJSONSchema (tools from an OpenAPI spec)
  '@jest/globals': '^30.0.0',
  '@types/jest': '^30.0.0',
  '@types/node': '^20.19.0',
  jest: '^30.0.0',
  'ts-jest': '~29.4.15',
  typescript: '~6.0.0', // ts-jest 29.4 supports TypeScript < 7
  tsx: '^4.20.0',
  nock: '15.0.0', // exactly: 15.0.1-15.0.2 break fetch on Node 20, 15.0.6 needs Node 22
  zx: '^8.8.0',
  esbuild: '^0.28.0',
  chokidar: '^5.0.0', // 6.x needs Node 22
  plop: '4.0.5',
  prettier: '^3.10.1',
  pg: '^8.23.1', // persistence --backend postgres: the driver, an optional peer of the runtime
} as const satisfies Record<string, string>;

export type DependencyName = keyof typeof versions;

/**
 * package.json's "allowScripts" of a generated server: npm from 11.19 runs a dependency's install scripts only when
 * this names it, and ends every install with a warning about the others. These are the two a server's
 * devDependencies have, run as npm ran them before: esbuild's postinstall (checks the platform binary of the build)
 * and @parcel/watcher's (jest's file watcher: builds from source only where no prebuilt binary fits). Older npm
 * ignores the key.
 */
export const INSTALL_SCRIPTS = { esbuild: true, '@parcel/watcher': true } as const;

/**
 * MCP_FACTORY_RUNTIME_TARBALL: an `npm pack` of runtime/ (scripts/runtimeTarball.ts, `npm run -s runtime:pack`).
 * While it is set, the servers generated depend on that tarball (`file:`) instead of the published version: the
 * factory's own tests, `npm run demo` and the benches set it, and so can a user while the version is unpublished.
 */
export const RUNTIME_TARBALL_ENV = 'MCP_FACTORY_RUNTIME_TARBALL';

function versionOf(name: DependencyName): string {
  const tarball = process.env[RUNTIME_TARBALL_ENV];
  return name === '@mcp-factory/runtime' && tarball ? `file:${tarball}` : versions[name];
}

export function pick(names: readonly DependencyName[]): Record<string, string> {
  return Object.fromEntries([...names].sort().map((n) => [n, versionOf(n)]));
}
