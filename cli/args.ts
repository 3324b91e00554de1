// A tool's arguments from the command line, typed by its input schema: `key=value` pairs become
// numbers, booleans, arrays and objects where the schema says so (never strings standing in for them),
// `--args` gives JSON, and the result is validated against the schema with ajv, so an error names
// the field and the type it expects.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { UsageError } from './errors.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  [key: string]: unknown;
}

const typesOf = (schema: JsonSchema | undefined): string[] =>
  schema?.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

const describeType = (schema: JsonSchema | undefined): string => {
  const types = typesOf(schema);
  if (types.includes('array')) return `array of ${describeType(schema?.items) || 'values'}`;
  return types.join(' or ');
};

function parseJson(field: string, text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`argument "${field}" must be ${expected} (JSON), got ${JSON.stringify(text)}`);
  }
}

/** One command-line value as the schema's type. */
export function coerce(field: string, text: string, schema: JsonSchema | undefined): unknown {
  const types = typesOf(schema);
  if (types.length === 0) {
    // The schema does not say: JSON when it parses (numbers, true, [..]), else the text.
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (types.includes('string') && !types.some((t) => ['number', 'integer', 'boolean', 'array', 'object'].includes(t))) {
    return text;
  }
  if (types.includes('array')) {
    if (text.trim().startsWith('[')) return parseJson(field, text, describeType(schema));
    // a,b,c: each item as the items' type
    return text === '' ? [] : text.split(',').map((item, i) => coerce(`${field}[${i}]`, item.trim(), schema?.items));
  }
  if (types.includes('object')) return parseJson(field, text, 'an object');
  if (types.includes('number') || types.includes('integer')) {
    const value = Number(text);
    if (text.trim() !== '' && Number.isFinite(value)) return value;
    if (!types.includes('string'))
      throw new UsageError(`argument "${field}" must be ${describeType(schema)}, got ${JSON.stringify(text)}`);
  }
  if (types.includes('boolean')) {
    if (text === 'true' || text === 'false') return text === 'true';
    if (!types.includes('string'))
      throw new UsageError(`argument "${field}" must be boolean (true or false), got ${JSON.stringify(text)}`);
  }
  if (types.includes('null') && text === 'null') return null;
  return text;
}

/** `--args` JSON and key=value pairs (pairs win), typed by the schema, then validated against it. */
export function buildArguments(
  tool: string,
  schema: JsonSchema,
  { json, pairs }: { json?: string; pairs: string[] },
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (json !== undefined) {
    const parsed = parseJson('--args', json, 'an object');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError(`--args must be a JSON object, got ${json}`);
    }
    Object.assign(args, parsed);
  }
  const properties = schema.properties ?? {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`argument "${pair}" must be key=value`);
    const key = pair.slice(0, eq);
    if (!(key in properties) && schema.additionalProperties === false) {
      const known = Object.keys(properties);
      throw new UsageError(`${tool} has no argument "${key}" (it takes: ${known.length ? known.join(', ') : 'none'})`);
    }
    args[key] = coerce(key, pair.slice(eq + 1), properties[key]);
  }
  validate(tool, schema, args);
  return args;
}

function validate(tool: string, schema: JsonSchema, args: Record<string, unknown>): void {
  const { $schema: _ignored, ...rest } = schema;
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  let check;
  try {
    check = ajv.compile(rest);
  } catch {
    return; // a schema ajv cannot compile: the server validates the arguments itself
  }
  if (check(args)) return;
  const [error] = check.errors ?? [];
  if (!error) throw new UsageError(`${tool}: the arguments do not match its input schema`);
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    const prefix = field ? `${field}.` : '';
    throw new UsageError(
      `${tool} needs argument "${prefix}${missing}" (${describeType(schema.properties?.[missing]) || 'any type'})`,
    );
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty);
    throw new UsageError(
      `${tool} has no argument "${extra}" (it takes: ${Object.keys(schema.properties ?? {}).join(', ') || 'none'})`,
    );
  }
  throw new UsageError(`argument "${field || '(arguments)'}" ${error.message ?? 'is invalid'}`);
}
