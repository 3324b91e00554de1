// The output schema of a tool `npx plop openapi` writes: the JSON Schema of its operation's
// successful JSON response (the lowest 2xx status with an application/json or +json schema), as
// the generated tool declares it and the unit test it gets exercises it.
//
// The shape a client sees is `{ result?: <the response> }`, for every response. MCP wants
// structuredContent to be an object, and real responses are often arrays or primitives; and a
// client (the SDK's among them) refuses a call whose structuredContent is missing or does not match
// the declared schema. A response that does not match the spec must still reach the model, as text,
// never as a failure: with `result` optional, `{}` is a valid structuredContent for it. One shape,
// whatever the response, the same key the SDK itself wraps non-object results in.
//
// The schema describes the shape, not every value: formats, patterns, enums, bounds and
// `additionalProperties: false` are left out, since upstreams add fields and enum values without
// notice, and clients check formats and patterns with their own engines (a pattern valid for one
// may not compile in another, which would fail every call of the tool at that client). It is also
// kept small (no descriptions, three levels below the response's root): every tools/list carries it.
import * as z from 'zod';
import { toInputSchema } from './schema.js';
import type { Schema } from './spec.js';

/** The media types read as JSON: application/json and application/<anything>+json. */
export const JSON_MEDIA = /^application\/(.+\+)?json/;

/** The key of structuredContent that holds a response matching the spec. */
export const RESULT_KEY = 'result';

/** Value constraints left out of output schemas (see above). */
const VALUE_CONSTRAINTS = new Set([
  'format',
  'pattern',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A response schema seen as toInputSchema (schema.ts) expects a request's: read-only properties are
 * what a response has (their flag is dropped so they stay), write-only ones it never has (dropped).
 * A dereferenced spec keeps cycles as `$ref`s, so this walk ends; `depth` bounds it anyway.
 */
function asResponse(node: unknown, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((item) => asResponse(item, depth + 1));
  if (!isObject(node) || depth > 40) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'readOnly') continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value)
          .filter(([, prop]) => !(isObject(prop) && prop.writeOnly === true))
          .map(([name, prop]) => [name, asResponse(prop, depth + 1)]),
      );
    } else out[key] = asResponse(value, depth + 1);
  }
  return out;
}

/**
 * How many levels below the response's root an output schema describes; deeper values are any JSON. With descriptions
 * left out (the model reads the response itself, as text), this keeps tools/list within about 1.3 to
 * 3 times its size without output schemas on real specs, against 1.9 to 4.4 times for whole schemas.
 */
const MAX_DEPTH = 3;

/** The schema without value constraints, descriptions or deep parts (see above); `properties` keeps every name. */
function shapeOnly(node: unknown, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((item) => shapeOnly(item, depth));
  if (!isObject(node)) return node;
  if (depth > MAX_DEPTH) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALUE_CONSTRAINTS.has(key) || (key === 'additionalProperties' && value === false)) continue;
    if (key === 'description' || key === 'title') continue;
    out[key] =
      key === 'properties' && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, prop]) => [name, shapeOnly(prop, depth + 1)]))
        : shapeOnly(value, depth + 1);
  }
  return out;
}

/** True when a schema says something about its value (a type, properties, items or branches). */
const constrains = (s: Schema): boolean =>
  ['type', 'properties', 'items', 'allOf', 'oneOf', 'anyOf'].some((key) => s[key] !== undefined);

export interface ResponseOutput {
  /** The status whose response it is, as the spec writes it (`200`, `201`, `2XX`). */
  status: string;
  /** The tool's output schema: `{ type: 'object', properties: { result: <the response's schema> } }`. */
  schema: Schema;
}

/** The output schema of an operation (its raw, dereferenced object), if a 2xx response has a JSON schema. */
export function responseOutput(op: Schema): ResponseOutput | undefined {
  const responses = isObject(op.responses) ? op.responses : {};
  const statuses = Object.keys(responses)
    .filter((status) => /^2(\d\d|XX)$/i.test(status))
    .sort((a, b) => a.localeCompare(b)); // 200 … 299, then 2XX
  for (const status of statuses) {
    const content = (responses[status] as Schema | undefined)?.content;
    if (!isObject(content)) continue;
    const media = Object.keys(content).find((m) => JSON_MEDIA.test(m.toLowerCase()));
    const schema = media ? (content[media] as Schema | undefined)?.schema : undefined;
    if (!isObject(schema)) continue;
    const result = shapeOnly(toInputSchema(asResponse(schema))) as Schema;
    // An open schema ("any JSON") tells a client nothing: no output schema then.
    if (!constrains(result)) return undefined;
    return { status, schema: { type: 'object', properties: { [RESULT_KEY]: result } } };
  }
  return undefined;
}

/**
 * Responses for the generated unit test, checked here against the output schema with the same zod
 * conversion the generated server runs: one that matches (built by `sample`), and one that does not.
 * Either is absent when none could be found (its test is then not written).
 */
export function responseSamples(
  output: Schema,
  sample: (schema: Schema) => unknown,
): { matching?: unknown; mismatching?: unknown } {
  const zod = z.fromJSONSchema(output as Parameters<typeof z.fromJSONSchema>[0]);
  // Jitless: each schema is parsed two or three times here, and zod's compiled fast path (built on a
  // schema's first parse) costs far more than that; the result is the same either way.
  const fits = (value: unknown) =>
    value !== undefined && zod.safeParse({ [RESULT_KEY]: value }, { jitless: true }).success;
  const result = (output.properties as Record<string, Schema>)[RESULT_KEY];
  const matching = sample(result);
  const mismatching = [['unexpected'], { unexpected: ['a'] }].find((value) => !fits(value));
  // A JSON string response (`{ "type": "string" }` under application/json: royalmail.com's label, a
  // SAS URI on azure.com) has no matching reply here: the test's mock sends a string body as it is,
  // not as JSON text, so the tool rightly reports a body that is not JSON.
  const usable = fits(matching) && typeof matching !== 'string';
  return { ...(usable ? { matching } : {}), ...(mismatching ? { mismatching } : {}) };
}
