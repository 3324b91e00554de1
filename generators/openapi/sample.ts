// A sample value for a JSON Schema: what the generated unit test sends, chosen to exercise the
// request building (two array items, reserved characters in free strings).
import type { Schema } from './spec.js';

const FORMATS: Record<string, string> = {
  date: '2024-01-02',
  'date-time': '2024-01-02T03:04:05Z',
  email: 'ada@example.com',
  uuid: '3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f',
  uri: 'https://example.com/a',
  url: 'https://example.com/a',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
};

/** `variant` 1 gives a second, different value (an array's second item). */
export function sampleOf(schema: Schema | undefined, hint: string, depth = 0, variant = 0): unknown {
  const s = schema ?? {};
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const values = s.enum.filter((v) => v !== null);
    return values[variant % Math.max(values.length, 1)] ?? s.enum[0];
  }
  if (s.const !== undefined) return s.const;
  const branches = (s.allOf ?? s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    if (s.allOf)
      return Object.assign(
        {},
        ...branches.map((b) => sampleOf(b, hint, depth + 1)).filter((v) => v && typeof v === 'object'),
      );
    return sampleOf(branches[0], hint, depth + 1);
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined);
  switch (type ?? (s.properties ? 'object' : 'string')) {
    case 'integer': {
      const value = (typeof s.minimum === 'number' ? Math.ceil(s.minimum) : 1) + variant;
      return typeof s.maximum === 'number' ? Math.min(value, Math.floor(s.maximum)) : value;
    }
    case 'number':
      return (typeof s.minimum === 'number' ? s.minimum : 1.5) + variant;
    case 'boolean':
      return true;
    case 'array': {
      if (depth > 3) return [];
      const item = s.items as Schema | undefined;
      const first = sampleOf(item, `${hint}1`, depth + 1, 0);
      const second = sampleOf(item, `${hint}2`, depth + 1, 1);
      return first === second ? [first] : [first, second];
    }
    case 'object': {
      if (depth > 3) return {};
      const props = (s.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleOf(v, k, depth + 1)]));
    }
    default: {
      if (typeof s.format === 'string' && FORMATS[s.format]) return FORMATS[s.format];
      if (typeof s.pattern === 'string') return undefined; // cannot guess a match: left out when optional
      const text = `${hint} a/b`;
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
      return text.padEnd(min, 'x').slice(0, max);
    }
  }
}
