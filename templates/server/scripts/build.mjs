// Bundles src/ into one ESM file, dist/index.js. One file starts markedly faster than tsc's tree of
// modules (fewer files to resolve, read and link: see the factory's bench/), which matters because
// MCP clients spawn the server on every session. Type-checking is done by tsc before this runs.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
