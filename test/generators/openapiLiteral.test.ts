// The literal printer against prettier itself: random JSON values (nested objects and arrays, long
// and short strings, quotes, keys that need quoting, numbers) printed as top-level constants and as
// properties must come out of prettier unchanged whenever the printer says it printed them exactly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import * as prettier from 'prettier';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';
import { LITERAL_STYLE, LiteralPrinter, tsString } from '../../generators/openapi/literal.js';

const options = { ...LITERAL_STYLE, parser: 'typescript' } as const;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: T[]) => items[int(items.length)];
  const text = (max: number) =>
    Array.from({ length: int(max) }, () => pick(['a', 'b', 'x', ' ', "'", '"', '\\', '/', '{', '\n', '-', '7'])).join(
      '',
    );
  const key = () =>
    pick(['type', 'description', 'id', 'x-rate', '$ref', 'a_b', '2fa', 'items', 'enum', text(12) || 'k']);
  const value = (depth: number): unknown => {
    const kind = int(depth > 3 ? 4 : 7);
    if (kind === 0) return text(pick([5, 40, 140]));
    if (kind === 1) return pick([0, -1, 2.5, 1e21, 123456789, 1e-7]);
    if (kind === 2) return pick([true, false, null]);
    if (kind === 3) return pick(['string', 'integer', 'object']);
    if (kind === 4) return Array.from({ length: int(5) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: int(6) }, () => [key(), value(depth + 1)]));
  };
  return { value };
}

describe('literal printer', () => {
  it('prints what prettier prints, for 400 random values as constants and as properties', async () => {
    const { value } = random(14);
    let exact = 0;
    for (let i = 0; i < 400; i += 1) {
      const printer = new LiteralPrinter();
      const v = value(0);
      const source = [
        printer.assignment('const inputJsonSchema: Parameters<typeof z.fromJSONSchema>[0]', v),
        printer.thunk('outputJsonSchema', 'Parameters<typeof z.fromJSONSchema>[0]', { type: 'object', properties: v }),
        'export const tool = defineTool({',
        printer.property('description', v, 2),
        printer.property('name', v, 2),
        '});',
        '',
      ].join('\n');
      if (!printer.exact) continue;
      exact += 1;
      expect(await prettier.format(source, options)).toBe(source);
    }
    expect(exact).toBeGreaterThan(380); // the fallback (prettier) stays the exception
  });

  it("prints a .json file as prettier's json parser does, for 400 random values", async () => {
    const { value } = random(27);
    let exact = 0;
    for (let i = 0; i < 400; i += 1) {
      const printer = new LiteralPrinter(true);
      const source = printer.file([value(0), value(1)]);
      expect(JSON.parse(source)).toBeDefined();
      if (!printer.exact) continue;
      exact += 1;
      expect(await prettier.format(source, { ...LITERAL_STYLE, parser: 'json' })).toBe(source);
    }
    expect(exact).toBeGreaterThan(250); // the rest hold exponents or number arrays, which prettier lays out itself
  });

  it('quotes strings as prettier does', async () => {
    for (const text of ["it's", 'say "hi"', `a'b"c'`, 'back\\slash', 'line\nbreak', '']) {
      const source = `const s = ${tsString(text)};\n`;
      expect(await prettier.format(source, options)).toBe(source);
      expect(eval(tsString(text))).toBe(text);
    }
  });

  it("targets the prettier style a new server repo gets, the factory's own", () => {
    const config = JSON.parse(fs.readFileSync(path.join(FACTORY_ROOT, '.prettierrc.json'), 'utf8'));
    expect(config).toEqual(LITERAL_STYLE);
  });
});
