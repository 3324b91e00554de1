// The SDK turns a tool's zod schemas into JSON Schema whenever it needs them: for every tools/list,
// and on every tools/call of a tool with an output schema. Its own caches live on the McpServer, and
// HTTP mode (stateless) builds a fresh McpServer for each request, so every request paid the full
// conversion again (for 97 tools, most of a tools/list). withCachedJsonSchema wraps a schema so that
// each conversion runs once per schema object and process. A tool edited under `npm run dev` is a
// new module with new schema objects, so its new JSON Schema is computed then: the cache can never
// serve a stale shape. Validation still goes to zod unchanged.
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type * as z from 'zod';

type JsonSchema = Record<string, unknown>;
type Convert = StandardSchemaWithJSON['~standard']['jsonSchema']['input'];

/** Frozen so that no caller can alter what every later request will be served. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

const wrappers = new WeakMap<z.ZodType, StandardSchemaWithJSON>();

/**
 * A schema built lazily from a JSON Schema (openapi/schema.ts, tools from an OpenAPI spec) carries
 * that JSON Schema under this key: listings serve it as it is, and the zod schema is built only when a
 * call is validated.
 */
export const JSON_SOURCE = Symbol.for('mcp-factory.jsonSchemaSource');

function fromJsonSource(schema: z.ZodType): StandardSchemaWithJSON {
  // Read (and frozen) when first listed, not when the tool is defined: a server of a few hundred
  // OpenAPI tools would otherwise build every schema literal at start-up (openapi/schema.ts).
  let json: JsonSchema | undefined;
  const frozen = () => (json ??= deepFreeze((schema as unknown as Record<symbol, JsonSchema>)[JSON_SOURCE]));
  const standard = () => schema['~standard'] as StandardSchemaWithJSON['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: 'zod',
      validate: (value) => standard().validate(value),
      jsonSchema: { input: frozen, output: frozen },
    },
  };
}

/** The same schema for the SDK (a Standard Schema with JSON Schema), converting once per process. */
export function withCachedJsonSchema(schema: z.ZodType): StandardSchemaWithJSON {
  const known = wrappers.get(schema);
  if (known) return known;
  if (JSON_SOURCE in schema) {
    const wrapper = fromJsonSource(schema);
    wrappers.set(schema, wrapper);
    return wrapper;
  }
  const standard = schema['~standard'] as StandardSchemaWithJSON['~standard'];
  const converted = new Map<string, JsonSchema>();
  const once =
    (io: 'input' | 'output'): Convert =>
    (options) => {
      // The SDK asks for one target; the key covers every option so a different request is never mixed up.
      const key = `${io} ${JSON.stringify(options)}`;
      let json = converted.get(key);
      if (!json) converted.set(key, (json = deepFreeze(standard.jsonSchema[io](options))));
      return json;
    };
  const wrapper: StandardSchemaWithJSON = {
    '~standard': {
      version: standard.version,
      vendor: standard.vendor,
      validate: standard.validate,
      types: standard.types,
      jsonSchema: { input: once('input'), output: once('output') },
    },
  };
  wrappers.set(schema, wrapper);
  return wrapper;
}
