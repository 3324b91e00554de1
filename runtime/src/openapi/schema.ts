// The input schema of the tools `npx plop openapi` writes. Each tool knows its input as JSON Schema
// (from the spec); a server grown from a large spec registers ~100 of them at start-up, and building
// every zod schema there (z.fromJSONSchema) was most of what those tools added to its cold start.
// So the zod schema that validates a tool's input is built on the tool's first use, and listings
// (tools/list) serve the JSON Schema itself, which is what the spec describes (../jsonSchemaCache.ts
// reads it through JSON_SOURCE without building the zod schema). Output schemas (a tool whose
// spec describes its JSON response) are built the same way.
import * as z from 'zod';
import { JSON_SOURCE } from '../jsonSchemaCache.js';

type JsonSchema = Parameters<typeof z.fromJSONSchema>[0];

/**
 * A zod object schema built from `json` when first used; until then only its JSON Schema is read. `json`
 * may be a function that returns it (what generated tools pass): the object literal is then not even
 * built at start-up, when a server of a few hundred tools spends most of its extra time parsing them.
 */
export function lazyInputSchema(source: JsonSchema | (() => JsonSchema)): z.ZodObject {
  let built: z.ZodObject | undefined;
  let read: JsonSchema | undefined;
  const json = () => (read ??= typeof source === 'function' ? source() : source);
  const schema = () => (built ??= z.fromJSONSchema(json()) as z.ZodObject);
  // A Proxy, not a subclass: zod builds its schemas through factories, and every property a caller
  // reads (shape, safeParse, ~standard, ...) must behave exactly as the built schema's own.
  return new Proxy({} as z.ZodObject, {
    get(_target, key) {
      if (key === JSON_SOURCE) return json();
      const target = schema();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (_target, key) => key === JSON_SOURCE || key in schema(),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Object.getPrototypeOf(schema()),
  });
}
