// An OpenAPI schema made into the JSON Schema a tool's input uses (zod's fromJSONSchema reads it in
// the generated server): 3.0's `nullable` becomes a type union, defaults and examples move into the
// description (documented, never silently sent), read-only properties leave request bodies, and a
// cycle or very deep nesting becomes an open schema so the tool list stays small.
import { accepts, FORMATS, matching } from './sample.js';
import type { Schema } from './spec.js';

const MAX_DEPTH = 6;
const DROP = new Set([
  'example',
  'examples',
  'xml',
  'externalDocs',
  'discriminator',
  'readOnly',
  'writeOnly',
  'default',
  'deprecated',
  '$schema',
  'nullable',
  // Local definitions: refs are resolved when the spec is read (a cycle left as a `$ref` becomes an open schema
  // below), so they are never used, and a real spec's can be invalid (codat.io: `itemType: { type: {…} }`).
  'definitions',
  '$defs',
]);

const JSON_TYPES: ReadonlySet<unknown> = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/**
 * The `type` keyword as JSON Schema knows it, or undefined: real specs have others (a schema object where the type
 * name goes, codat.io's `type: { type: 'string', … }`; `Number`), which no validator reads. Dropping it leaves the
 * value open (the API still checks what it receives) instead of failing the whole spec.
 */
function jsonType(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return JSON_TYPES.has(value) ? value : undefined;
  if (!Array.isArray(value)) return undefined;
  const known = value.filter((t): t is string => JSON_TYPES.has(t));
  return known.length ? known : undefined;
}

/**
 * A `pattern` no string within the length bounds is found to match (an invalid or unsatisfiable
 * regular expression, as real specs have: `.*\/^[\d]{12}$\/.*`): no input could ever pass it, so it
 * is documented instead of checked (the API still checks what it receives).
 */
function unusablePattern(schema: Schema): string | undefined {
  if (typeof schema.pattern !== 'string') return undefined;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  return matching(schema.pattern, 'pattern', min, max) === undefined ? schema.pattern : undefined;
}

/**
 * A `format` no string within the schema's length bounds and pattern is found to have (zuora.com: a uuid of at
 * least 64 characters; amadeus.com: an email whose pattern wants a backslash): no input could pass both, so the
 * format is documented instead of checked (the bounds and pattern stay; the API still checks what it receives).
 */
function unusableFormat(schema: Schema): string | undefined {
  const { format } = schema;
  if (typeof format !== 'string' || !(format in FORMATS)) return undefined;
  if (schema.pattern === undefined && schema.minLength === undefined && schema.maxLength === undefined)
    return undefined;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const pattern =
    typeof schema.pattern === 'string' && unusablePattern(schema) === undefined ? schema.pattern : undefined;
  const checked = { type: 'string', format, minLength: min, ...(max < Infinity ? { maxLength: max } : {}), pattern };
  const candidates = [
    FORMATS[format],
    pattern === undefined ? 'a'.repeat(Math.max(min, 1)) : matching(pattern, 'format', min, max),
  ];
  return candidates.some((c) => c !== undefined && accepts(checked, c)) ? undefined : format;
}

/** A value JSON Schema's enum or const can hold in a zod schema: zod compares values with `===`. */
const isPrimitive = (value: unknown) => value === null || typeof value !== 'object';

/**
 * An `enum` (or `const`) with array or object values, as real specs have (`enum: [[1], [2]]`): zod
 * compares enum values by identity, so no input could pass it; its values are documented instead of
 * checked (the API still checks what it receives).
 */
function uncheckableValues(schema: Schema): unknown[] | undefined {
  if (Array.isArray(schema.enum) && !schema.enum.every(isPrimitive)) return schema.enum;
  if (schema.const !== undefined && !isPrimitive(schema.const)) return [schema.const];
  return undefined;
}

function note(schema: Schema): string | undefined {
  const parts: string[] = [];
  if (typeof schema.description === 'string') parts.push(schema.description.trim());
  const values = uncheckableValues(schema);
  if (values) parts.push(`One of (not checked here): ${values.map((v) => JSON.stringify(v)).join(', ')}.`);
  const pattern = unusablePattern(schema);
  if (pattern !== undefined) parts.push(`Pattern (not checked here): ${pattern}.`);
  const format = unusableFormat(schema);
  if (format !== undefined) parts.push(`Format (not checked here): ${format}.`);
  if (schema.default !== undefined) parts.push(`Default: ${JSON.stringify(schema.default)}.`);
  if (schema.deprecated === true) parts.push('Deprecated.');
  const text = parts.filter(Boolean).join(' ').replace(/\s+/g, ' ');
  return text ? (text.length > 300 ? `${text.slice(0, 297)}...` : text) : undefined;
}

/** The property names a schema declares, its allOf branches' too. */
function declared(schema: Schema): string[] {
  const own = schema.properties && typeof schema.properties === 'object' ? Object.keys(schema.properties) : [];
  const branches = Array.isArray(schema.allOf) ? (schema.allOf as Schema[]) : [];
  return [...own, ...branches.flatMap(declared)];
}

/**
 * An allOf whose branch limits additional properties (`additionalProperties: {type: string}` or `false`) while a
 * sibling declares properties: read literally, the sibling's properties are "additional" to that branch, so a
 * boolean one must also be a string and no input passes (zuora.com: an account's fields beside a branch of string
 * custom fields). What the spec means is the properties it does not declare; each such branch gets the names its
 * siblings (and the schema beside the allOf) declare as open properties (they still check them).
 */
function withSiblingProperties(branches: Schema[], parent: string[]): Schema[] {
  return branches.map((branch, i) => {
    if (branch.additionalProperties === undefined || branch.additionalProperties === true) return branch;
    const own = (branch.properties ?? {}) as Record<string, Schema>;
    const names = [...parent, ...branches.flatMap((b, j) => (j === i ? [] : declared(b)))].filter((n) => !(n in own));
    if (!names.length) return branch;
    return { ...branch, properties: { ...own, ...Object.fromEntries(names.map((n) => [n, {}])) } };
  });
}

export function toInputSchema(schema: unknown, depth = 0, seen = new Set<object>()): Schema {
  if (!schema || typeof schema !== 'object') return {};
  const source = schema as Schema;
  if (typeof source.$ref === 'string' || seen.has(source) || depth > MAX_DEPTH) {
    return { description: 'Recursive or deeply nested: any JSON value (see the API documentation).' };
  }
  const inner = new Set(seen).add(source);
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (DROP.has(key) || key.startsWith('x-') || key === 'description') continue;
    if (key === 'type') {
      const type = jsonType(value);
      if (type !== undefined) out.type = type;
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      const props: Record<string, Schema> = {};
      for (const [name, prop] of Object.entries(value as Record<string, Schema>)) {
        if (prop && typeof prop === 'object' && prop.readOnly === true) continue; // the server fills it
        props[name] = toInputSchema(prop, depth + 1, inner);
      }
      out.properties = props;
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = typeof value === 'boolean' ? value : toInputSchema(value, depth + 1, inner);
    } else if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      // A tool's input check must not refuse what the upstream accepts: real specs' oneOf branches
      // overlap (with a discriminator naming the branch, or without one: 6 of GitHub's operations),
      // and a JSON Schema `oneOf` refuses every input two branches match. So it becomes an `anyOf`; the
      // upstream still enforces "exactly one" where it means it.
      const as = key === 'oneOf' ? 'anyOf' : key;
      out[as] = value.map((v) => toInputSchema(v, depth + 1, inner));
    } else {
      out[key] = value;
    }
  }
  if (Array.isArray(out.allOf))
    out.allOf = withSiblingProperties(out.allOf as Schema[], Object.keys(out.properties ?? {}));
  if (Array.isArray(out.required) && out.properties) {
    const kept = (out.required as string[]).filter((r) => r in (out.properties as object));
    if (kept.length) out.required = kept;
    else delete out.required;
  }
  if (source.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (unusablePattern(source) !== undefined) delete out.pattern;
  if (unusableFormat(source) !== undefined) delete out.format;
  if (uncheckableValues(source)) {
    delete out.enum;
    delete out.const;
  }
  const description = note(source);
  if (description) out.description = description;
  return out;
}
