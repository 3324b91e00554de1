// esbuild plugin: lets the bundle leave out the SDK's protocol schemas that a server never uses.
// The SDK's core package defines every MCP type as a top-level zod schema (about 190, plus the OAuth ones), and
// building them was the largest part of a start: the bundler keeps them all because a call such as `z.object(…)`
// might have side effects, and the server package registers every one of them in `specTypeSchemas` at load.
// Here, inside the bundle only:
//   - in the core package's schema modules (nothing but `const X = <zod builder chain>` declarations), each
//     declaration is marked pure, so a schema nothing references is dropped;
//   - in the server package, the `specTypeSchemas` / `isSpecType` tables register the schemas when one of the two
//     tables is first imported rather than at load, so they no longer keep every schema alive;
//   - and the wire schemas it builds at the first message are built one by one as first read (lazyWireSchemas.mjs).
// A zod builder only makes a new schema object, so dropping an unused one changes nothing else (zod's registries
// hold only schemas given metadata, and only a schema kept can be looked up). Each rewrite
// applies only to code of the exact shape it expects; anything else (another SDK release) is bundled as is, with
// a warning: a slower start, never a different behaviour. Figures: the factory's bench/coldStart.ts.
import fs from 'node:fs';
import { transform } from 'esbuild';
import { buildWireSchemasLazily } from './lazyWireSchemas.mjs';

const CORE_MODULE = /[\\/]@modelcontextprotocol[\\/]core[\\/]dist[\\/][^\\/]+\.mjs$/;
const SERVER_MODULE = /[\\/]@modelcontextprotocol[\\/]server[\\/]dist[\\/][^\\/]+\.mjs$/;

/** `import * as z from "zod/v4"` and then only top-level `const` declarations, comments and the export list. */
const ZOD_IMPORT = /^import \* as z from "zod(?:\/v4)?";$/m;
const TOP_LEVEL_LINE = /^(?:$|import |const \w+ = |export \{|\/\/|\/\*|\*|[\t })\]])/;
/** A line that starts a top-level statement or comment, so ends the declaration before it. */
const STATEMENT_START = /^(?:import |const |export |\/\/|\/\*)/;
const DECLARATION = /^const (\w+) = ([^]*);\s*$/;

/**
 * A module of the core package made only of schema declarations, with each initialiser that calls something
 * (`const X = z.object({ ...Y.shape, … })`) wrapped in an arrow function called at once and marked pure: the same
 * value, built at the same point, but a declaration nothing references can be dropped. (Marking the builder calls
 * alone is not enough: esbuild keeps `...Y.shape`, as reading a property may run a getter.) Undefined for a module
 * of any other shape.
 */
export function markSchemaBuildersPure(source) {
  const lines = source.split('\n');
  if (!ZOD_IMPORT.test(source) || !lines.every((line) => TOP_LEVEL_LINE.test(line))) return undefined;
  const out = [];
  let declaration = [];
  const flush = () => {
    if (declaration.length === 0) return true;
    const match = DECLARATION.exec(declaration.join('\n'));
    if (!match) return false;
    const [, name, init] = match;
    out.push(init.includes('(') ? `const ${name} = /* @__PURE__ */ (() => ${init})();` : declaration.join('\n'));
    declaration = [];
    return true;
  };
  for (const line of lines) {
    if (STATEMENT_START.test(line) && !flush()) return undefined;
    if (line.startsWith('const ')) declaration.push(line);
    else if (declaration.length > 0) declaration.push(line);
    else out.push(line);
  }
  return flush() ? out.join('\n') : undefined;
}

const EAGER_REGISTRATION =
  'for (const key of SPEC_SCHEMA_KEYS) register(key, schemas_exports[key]);\n' +
  'for (const [key, schema] of Object.entries(authSchemas)) register(key, schema);\n';
const LAZY_REGISTRATION =
  'let registeredAll = false;\n' +
  'function registerAll() {\n' +
  '\tif (registeredAll) return;\n' +
  '\tregisteredAll = true;\n' +
  '\tfor (const key of SPEC_SCHEMA_KEYS) register(key, schemas_exports[key]);\n' +
  '\tfor (const [key, schema] of Object.entries(authSchemas)) register(key, schema);\n' +
  '}\n';
const TABLES = [
  ['const specTypeSchemas = Object.freeze(_specTypeSchemas);', '_specTypeSchemas'],
  ['const isSpecType = Object.freeze(_isSpecType);', '_isSpecType'],
];

/**
 * The server module that fills `specTypeSchemas` and `isSpecType` at load, rewritten to fill them when either table
 * is first needed (a pure initialiser each: dropped when the server imports neither); undefined for any other module
 * or another shape of this one.
 */
export function registerSpecTypesLazily(source) {
  if (!source.includes(EAGER_REGISTRATION) || !TABLES.every(([line]) => source.includes(line))) return undefined;
  let out = source.replace(EAGER_REGISTRATION, LAZY_REGISTRATION);
  for (const [line, table] of TABLES) {
    const name = line.slice('const '.length, line.indexOf(' ='));
    out = out.replace(line, `const ${name} = /* @__PURE__ */ (() => (registerAll(), Object.freeze(${table})))();`);
  }
  return out;
}

/** A rewritten module that esbuild can still parse, or undefined: a rewrite must never break the build. */
async function parsable(contents) {
  if (contents === undefined) return undefined;
  try {
    await transform(contents, { loader: 'js', format: 'esm', logLevel: 'silent' });
    return contents;
  } catch {
    return undefined;
  }
}

/** What each rewrite of the server module did not find, warned once per build process. */
const warnings = new Set();
const warned = new Set();

export const sdkSchemaShaking = {
  name: 'sdk-schema-shaking',
  setup(build) {
    build.onLoad({ filter: CORE_MODULE }, async (args) => {
      const contents = await parsable(markSchemaBuildersPure(await fs.promises.readFile(args.path, 'utf8')));
      return contents === undefined ? undefined : { contents, loader: 'js' };
    });
    build.onLoad({ filter: SERVER_MODULE }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('SPEC_SCHEMA_KEYS')) return undefined;
      const specTypes = await parsable(registerSpecTypesLazily(source));
      if (specTypes === undefined) warnings.add("the SDK's spec type registration has another shape");
      const wire = await parsable(buildWireSchemasLazily(specTypes ?? source));
      if (wire === undefined) warnings.add("the SDK's wire schema builder has another shape");
      const contents = wire ?? specTypes;
      return contents === undefined ? undefined : { contents, loader: 'js' };
    });
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      for (const warning of warnings) {
        if (warned.has(warning)) continue;
        warned.add(warning);
        process.stderr.write(`build: ${warning}; bundled as is (slower start)\n`);
      }
    });
  },
};
