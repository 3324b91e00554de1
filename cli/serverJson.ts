// Checking a server's server.json against the official MCP registry schema (vendored byte for byte in
// cli/schemas/, provenance in cli/schemas/README.md) with ajv, as the registry and mcp-publisher do.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ServerInfo } from './discover.js';
import { FACTORY_ROOT } from '../engine/paths.js';
import { CliError, oneLine } from './errors.js';

// ajv-formats is CommonJS: under Node's ESM loader its function is the module's `default`.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

/** The official server.json schema this factory validates against (and generated server.json files name). */
export const OFFICIAL_SCHEMA = {
  /** From the factory's root, not from beside this module: the CLI also runs compiled, from dist/. */
  file: path.join(FACTORY_ROOT, 'cli', 'schemas', 'server.schema.2025-12-11.json'),
  /** SHA-256 of the file as published (test/cli/serverJson.test.ts checks the vendored copy against it). */
  sha256: '3fba09590c99f61735d234822279f4223fab9e300c0a81e81c91ab62a4114de0',
};

interface JsonSchema {
  $id?: string;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  properties?: Record<string, JsonSchema>;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
}

let loaded: { schema: JsonSchema; validate: ValidateFunction } | undefined;
function official(): { schema: JsonSchema; validate: ValidateFunction } {
  if (!loaded) {
    const schema = JSON.parse(fs.readFileSync(OFFICIAL_SCHEMA.file, 'utf8')) as JsonSchema;
    // The schema is draft-07 (ajv's default class). strict off: it carries `example` annotations and
    // `required` lists inside anyOf branches that ajv's strict mode refuses, neither changes what is valid.
    // verbose: each error carries its data and schema, which `problemLine` uses to name the real problem.
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addFormats(ajv);
    loaded = { schema, validate: ajv.compile(schema) };
  }
  return loaded;
}

/** The URL generated server.json files put in `$schema`: the official schema's own `$id`. */
export function officialSchemaUrl(): string {
  const id = official().schema.$id;
  if (!id) throw new CliError(`${OFFICIAL_SCHEMA.file} has no $id: reinstall mcp-factory`);
  return id;
}

/** Every `type` value the branches of an anyOf accept (through $refs to the schema's definitions and allOf). */
function typeValues(branch: JsonSchema, root: JsonSchema): unknown[] {
  if (branch.$ref) return typeValues(root.definitions?.[branch.$ref.replace('#/definitions/', '')] ?? {}, root);
  const type = branch.properties?.type;
  const own = type ? [...(type.enum ?? []), ...('const' in type ? [type.const] : [])] : [];
  return [...own, ...[...(branch.allOf ?? []), ...(branch.anyOf ?? [])].flatMap((s) => typeValues(s, root))];
}

/** Keywords whose error is clearer with the value beside it. */
const SHOWN_FOR = new Set(['enum', 'const', 'not', 'pattern', 'format', 'minLength']);

const depth = (pointer: string) => (pointer ? pointer.split('/').length : 0);

/**
 * One line for ajv's errors: ajv reports every anyOf branch's failure, so a streamable-http transport
 * missing its url would also read "type must be stdio". Hand-written (no error-formatting library is a dependency, and
 * the ones published print code frames, not one line): when the object's `type` is one a branch
 * accepts, the other branches' complaints about `type` are dropped; the enums left at one place are
 * merged; the deepest problem wins (it is the most specific).
 */
function problemLine(errors: ErrorObject[], root: JsonSchema): string {
  const dropped = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' || !Array.isArray(e.schema)) continue;
    const { data } = e;
    const type = typeof data === 'object' && data !== null && 'type' in data ? data.type : undefined;
    const accepted = (e.schema as JsonSchema[]).flatMap((branch) => typeValues(branch, root));
    if (type !== undefined && accepted.includes(type)) dropped.add(`${e.instancePath}/type`);
  }
  const kept = errors.filter((e) => !(dropped.has(e.instancePath) && (e.keyword === 'enum' || e.keyword === 'const')));
  const specific = kept.filter((e) => e.keyword !== 'anyOf');
  const candidates = specific.length ? specific : kept.length ? kept : errors;
  const worst = candidates.reduce((best, e) => (depth(e.instancePath) > depth(best.instancePath) ? e : best));
  let message = worst.message ?? 'is invalid';
  if (worst.keyword === 'enum') {
    const allowed = candidates
      .filter((e) => e.keyword === 'enum' && e.instancePath === worst.instancePath)
      .flatMap((e) => (e.params as { allowedValues: unknown[] }).allowedValues);
    message = `must be one of ${[...new Set(allowed)].map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (worst.keyword === 'not' && worst.schema && typeof worst.schema === 'object' && 'const' in worst.schema) {
    message = `must not be ${JSON.stringify(worst.schema.const)}`;
  }
  // The value itself when it is the point (a wrong choice or spelling), short, and not where a secret may be.
  const shown = JSON.stringify(worst.data);
  const given =
    SHOWN_FOR.has(worst.keyword) &&
    typeof worst.data === 'string' &&
    shown.length <= 60 &&
    !/secret|value|default/i.test(worst.instancePath)
      ? `, got ${shown}`
      : '';
  return `server.json ${worst.instancePath || '(top level)'}: ${message}${given}`;
}

/** undefined when `doc` is a valid server.json under the official schema, else one line: where (JSON pointer) and what. */
export function serverJsonProblem(doc: unknown): string | undefined {
  const { schema, validate } = official();
  return validate(doc) ? undefined : problemLine(validate.errors ?? [], schema);
}

/** undefined when valid, else one line saying what is wrong and where. */
export function checkServerJson(server: ServerInfo): string | undefined {
  const file = path.join(server.path, 'server.json');
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return `server.json: ${oneLine(error)}`;
  }
  const problem = serverJsonProblem(doc);
  if (problem) return problem;
  // The registry accepts an npm package only when its mcpName is the server.json name.
  const name = typeof doc === 'object' && doc !== null && 'name' in doc ? doc.name : undefined;
  if (name !== server.mcpName)
    return `server.json name "${String(name)}" differs from package.json mcpName "${server.mcpName}"`;
  return undefined;
}
