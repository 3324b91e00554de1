// A sample value for a JSON Schema: what the generated unit test sends, chosen to exercise the
// request building (two array items, reserved characters in free strings).
import { createRequire } from 'node:module';
import type randexp from 'randexp';
import * as z from 'zod';
import { isDeepStrictEqual } from 'node:util';
import type { Schema } from './spec.js';

export const FORMATS: Record<string, string> = {
  date: '2024-01-02',
  'date-time': '2024-01-02T03:04:05Z',
  email: 'ada@example.com',
  uuid: '3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f',
  uri: 'https://example.com/a',
  url: 'https://example.com/a',
  'uri-reference': 'https://example.com/a',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  time: '03:04:05Z',
  duration: 'PT1H30M',
  guid: '3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f',
  mac: '00:1a:2b:3c:4d:5e',
  cidr: '192.0.2.0/24',
  base64: 'c2FtcGxl',
  base64url: 'c2FtcGxl',
  binary: 'c2FtcGxl', // a multipart file input is base64 (files.ts)
  e164: '+15555550123',
  // The other formats the generated server's zod checks (its fromJSONSchema), each a value that passes.
  'cidr-v6': '2001:db8::/32',
  credit_card: '4242424242424242',
  iban: 'GB82WEST12345698765432',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzYW1wbGUifQ.c2lnbmF0dXJl', // telnyx.com: a refresh token
  emoji: '\u{1F600}',
  nanoid: 'V1StGXR8_Z5jdHi6B-myT',
  cuid: 'cjld2cjxh0000qzrmn831i7rn',
  cuid2: 'tz4a98xxat96iws9zmbrgj3a',
  ulid: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  xid: '9m4e2mr0ui3e8a215n4g',
  ksuid: '0ujtsYcgvSTl8PAuAdqWYSMnLOv',
};

// randexp is CommonJS (`module.exports = RandExp`); its types describe it as an ES default export. Required on first
// use, not with the factory (only OpenAPI generation samples patterns); synchronously, as `matching` is.
let loaded: typeof randexp.default | undefined;
const RandExp = (): typeof randexp.default =>
  (loaded ??= createRequire(import.meta.url)('randexp') as typeof randexp.default);

/** Past this depth an object gets only its required properties and an array only its required items. */
const FULL_DEPTH = 3;
/** A hard stop (input schemas are finite: schema.ts cuts cycles and deep nesting). */
const MAX_DEPTH = 24;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The schemas of an `allOf` as one: properties and required lists joined (a property in two branches
 * becomes the allOf of both), other keywords from the first branch that has them.
 */
function merged(schemas: Schema[]): Schema {
  const out: Schema = {};
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  for (const part of schemas) {
    const flat = Array.isArray(part.allOf)
      ? merged([{ ...part, allOf: undefined }, ...(part.allOf as Schema[])])
      : part;
    for (const [key, value] of Object.entries(flat)) {
      if (value === undefined || key === 'allOf') continue;
      if (key === 'properties' && value && typeof value === 'object') {
        for (const [name, prop] of Object.entries(value as Record<string, Schema>))
          properties[name] = properties[name] ? merged([properties[name], prop]) : prop;
      } else if (key === 'required' && Array.isArray(value)) for (const r of value) required.add(String(r));
      else if (key === 'items' && isSchema(value) && isSchema(out.items)) {
        // Both branches describe the items (asana.com: an open schema in one, an object in the other): the item
        // must satisfy both, as zod checks the intersection.
        out.items = merged([out.items, value]);
      } else if (key === 'enum' && Array.isArray(value) && Array.isArray(out.enum)) {
        const both = (out.enum as unknown[]).filter((v) => value.some((w) => isDeepStrictEqual(v, w)));
        if (both.length) out.enum = both; // a narrower branch (a discriminator's value)
      } else if (!(key in out)) out[key] = value;
    }
  }
  if (Object.keys(properties).length) out.properties = properties;
  if (required.size) out.required = [...required];
  return out;
}

/** Whether `schema` (a tool's input JSON Schema) accepts `value`, as the generated server checks it. */
export function accepts(schema: Schema, value: unknown): boolean {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value).success;
  } catch {
    return false;
  }
}

/** `variant` 1 gives a second, different value (an array's second item). */
export function sampleOf(schema: Schema | undefined, hint: string, depth = 0, variant = 0): unknown {
  const s = schema ?? {};
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const values = s.enum.filter((v) => v !== null);
    return values[variant % Math.max(values.length, 1)] ?? s.enum[0];
  }
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return sampleOf(merged([s]), hint, depth, variant);
  const branches = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    // Each branch with the keywords beside it; the first whose sample the whole schema accepts (a
    // oneOf sample that two branches match is refused).
    const rest: Schema = { ...s, oneOf: undefined, anyOf: undefined };
    const candidates = branches.map((b) => sampleOf(merged([rest, b]), hint, depth, variant));
    return candidates.find((c) => c !== undefined && accepts(s, c)) ?? candidates[0];
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined);
  switch (type ?? (s.properties ? 'object' : 'string')) {
    case 'integer':
    case 'number': {
      // Within minimum / maximum (exclusive ones too, as 3.1 and 3.0 write them) and multipleOf.
      const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : type === 'integer' ? 1 : 0;
      const exclusiveMin = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
      const low = typeof s.minimum === 'number' ? s.minimum : exclusiveMin;
      let value = (low ?? (type === 'integer' ? 1 : 1.5)) + variant * (step || 1);
      if (step) value = Math.ceil(value / step) * step;
      if (value === exclusiveMin || (s.exclusiveMinimum === true && value === s.minimum)) value += step || 1;
      const exclusiveMax = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
      const high = typeof s.maximum === 'number' ? s.maximum : exclusiveMax;
      if (high !== undefined && value >= high) {
        value = step ? Math.floor(high / step) * step : high;
        if (value === exclusiveMax || (s.exclusiveMaximum === true && value === s.maximum)) value -= step || 0.5;
      }
      return value;
    }
    case 'boolean':
      return true;
    case 'array': {
      const minItems = typeof s.minItems === 'number' ? s.minItems : 0;
      if ((depth > FULL_DEPTH && minItems === 0) || depth > MAX_DEPTH) return [];
      const item = s.items as Schema | undefined;
      const first = sampleOf(item, `${hint}1`, depth + 1, 0);
      const second = sampleOf(item, `${hint}2`, depth + 1, 1);
      if (first === undefined) return [];
      const maxItems = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
      const items =
        second === undefined || isDeepStrictEqual(first, second) || maxItems < 2 ? [first] : [first, second];
      // More items when the schema asks for more (repeats are fine unless they must be unique).
      for (let i = items.length; i < minItems && s.uniqueItems !== true; i += 1) items.push(items[i % items.length]);
      return items.slice(0, maxItems); // appveyor.com: `maxItems: 0`, an array that must stay empty
    }
    case 'object': {
      if (depth > MAX_DEPTH) return {};
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      const props = Object.entries((s.properties ?? {}) as Record<string, Schema>).filter(
        ([k]) => depth <= FULL_DEPTH || required.has(k),
      );
      const out = Object.fromEntries(
        props.map(([k, v]) => [k, sampleOf(v, k, depth + 1)]).filter(([, v]) => v !== undefined),
      );
      // A map (`additionalProperties: {schema}`) gets one entry, or as many as minProperties asks.
      const extra = s.additionalProperties;
      const minProperties = typeof s.minProperties === 'number' ? s.minProperties : 0;
      if (extra && typeof extra === 'object' && (props.length === 0 || minProperties > props.length)) {
        for (let i = Object.keys(out).length; i < Math.max(1, minProperties); i += 1) {
          const value = sampleOf(extra as Schema, `${hint}${i + 1}`, depth + 1, i);
          if (value !== undefined) out[`${hint}${i + 1}`] = value;
        }
      }
      return out;
    }
    default: {
      if (typeof s.format === 'string' && FORMATS[s.format]) return FORMATS[s.format];
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
      if (typeof s.pattern === 'string') return matching(s.pattern, hint, min, max);
      const text = `${hint} a/b`;
      return text.padEnd(min, 'x').slice(0, max);
    }
  }
}

/** A small deterministic generator (the same sample on every run: generated files stay stable). */
function seeded(text: string): (a: number, b: number) => number {
  let state = [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
  return (a, b) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return a + (state % (b - a + 1));
  };
}

/**
 * A string that matches `pattern` within the length bounds (randexp, seeded by the property name),
 * or undefined when none is found in a few tries (the pattern is then left to the reader: an
 * optional property is left out of the sample).
 */
export function matching(pattern: string, hint: string, min = 0, max = Infinity): string | undefined {
  let check: RegExp;
  try {
    check = new RegExp(pattern); // as zod's fromJSONSchema reads it (no flags)
  } catch {
    return undefined;
  }
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      const generator = new (RandExp())(pattern);
      generator.max = Math.min(Math.max(min, 8), max);
      generator.defaultRange.subtract(0, 31).subtract(127, Infinity); // printable ASCII
      // The last try is the shortest string (every repetition at its least: `.*^arn:…` needs `.*` empty).
      generator.randInt = attempt === 19 ? (a) => a : seeded(`${hint}:${attempt}`);
      const value = generator.gen();
      // As generated, or fitted to the length bounds (an unanchored pattern matches a longer text).
      const fitted = value.padEnd(min, value.slice(-1) || 'a').slice(0, max);
      const fit = [value, fitted].find((v) => v.length >= min && v.length <= max && check.test(v));
      if (fit !== undefined) return fit;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
