// TypeScript literals for JSON values, printed the way prettier prints them in a generated repo's
// default style (printWidth 120, single quotes, trailing commas), so the files `npx plop openapi`
// writes per operation need no formatting pass: prettier took most of the generation time of a large
// spec (tens of ms per file, two files per operation). Only the few layouts these literals use are
// reproduced (objects and arrays inline when they fit, broken one entry per line otherwise; arrays of
// several multi-entry objects or arrays always broken; a long string moved under a long key); where
// prettier does something else (number arrays that wrap, non-ASCII widths), `exact` turns false and
// the file is formatted by prettier as before. test/generators/openapiLiteral.test.ts checks the
// output against prettier itself.

import { FACTORY_STYLE } from '../../engine/format.js';

/** The prettier options these literals are printed for (FACTORY_STYLE: what a new server repo gets). */
export const LITERAL_STYLE = FACTORY_STYLE;

const WIDTH = LITERAL_STYLE.printWidth;
/** prettier breaks after a property's colon only when the key is at least this wide (tabWidth 2 + 3). */
const BREAKABLE_KEY = 5;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal as prettier writes it: single quotes unless the text has more of them than double quotes. */
export function tsString(value: string): string {
  const singles = value.split("'").length - 1;
  const doubles = value.split('"').length - 1;
  const quote = singles > doubles ? '"' : "'";
  // JSON's escapes (\\, \n, \uXXXX, …) are ones prettier keeps; only the quotes need changing.
  const body = JSON.stringify(value)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${body}${quote}`;
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;
const entriesOf = (v: object): Array<[string, unknown]> =>
  Array.isArray(v) ? v.map((item, i) => [String(i), item]) : Object.entries(v).filter(([, x]) => x !== undefined);

export class LiteralPrinter {
  /** False once something was printed that prettier may lay out differently (then format the file). */
  exact = true;

  /**
   * `json`: a .json file's layout instead (prettier's json parser: the same breaking rules, keys and
   * strings kept as JSON writes them, no trailing commas).
   */
  constructor(private readonly json = false) {}

  /** After a broken value's last entry: a comma, but not in JSON. */
  private get last(): string {
    return this.json ? '' : ',';
  }

  private key(name: string): string {
    const key = this.json ? JSON.stringify(name) : IDENTIFIER.test(name) ? name : tsString(name);
    if (/[^\x20-\x7e]/.test(key)) this.exact = false; // prettier measures wide characters differently
    return key;
  }

  private scalar(value: unknown): string {
    if (typeof value === 'string') {
      const text = this.json ? JSON.stringify(value) : tsString(value);
      if (/[^\x20-\x7e]/.test(text)) this.exact = false;
      return text;
    }
    if (typeof value === 'number' && this.json) {
      if (/e/.test(String(value))) this.exact = false; // as JSON.stringify writes it; prettier's may differ
      return Number.isFinite(value) ? String(value) : 'null';
    }
    if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('e+', 'e') : 'null';
    if (typeof value === 'boolean' || value === null) return String(value);
    this.exact = false;
    return 'null';
  }

  /** prettier always breaks an array of two or more objects (or arrays) that each have more than one entry. */
  private forcedBreak(value: object): boolean {
    if (!Array.isArray(value) || value.length < 2) return false;
    const kind = (v: unknown) => (Array.isArray(v) ? 'array' : isContainer(v) ? 'object' : 'other');
    const first = kind(value[0]);
    return first !== 'other' && value.every((v) => kind(v) === first && entriesOf(v as object).length > 1);
  }

  /**
   * The value on one line, or undefined when prettier would break it wherever it stands or (a
   * container) when it is longer than `budget`: only a line that fits is used, and giving up early
   * keeps printing a deep schema linear (value() asks again at every level of a broken value).
   */
  private flat(value: unknown, budget: number): string | undefined {
    if (!isContainer(value)) return this.scalar(value);
    if (this.forcedBreak(value)) return undefined;
    const parts: string[] = [];
    let length = 2; // `[]`, or `{ ` and ` }`
    for (const [k, v] of entriesOf(value)) {
      const inner = this.flat(v, budget - length);
      if (inner === undefined) return undefined;
      const part = Array.isArray(value) ? inner : `${this.key(k)}: ${inner}`;
      length += part.length + 2;
      if (length > budget + 2) return undefined;
      parts.push(part);
    }
    if (Array.isArray(value)) return `[${parts.join(', ')}]`;
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }

  /** `value` starting at column `column` (after what precedes it on its line), followed by `suffix`. */
  value(value: unknown, indent: number, column: number, suffix: string): string {
    const flat = this.flat(value, WIDTH - column - suffix.length);
    if (flat !== undefined && column + flat.length + suffix.length <= WIDTH) return flat;
    if (!isContainer(value)) return this.scalar(value); // a scalar too long for its line stays on it
    const entries = entriesOf(value);
    const pad = ' '.repeat(indent + 2);
    if (Array.isArray(value)) {
      if (value.length > 1 && value.every((v) => typeof v === 'number')) this.exact = false; // prettier fills these
      const items = entries.map(([, v], i) => {
        const comma = i < entries.length - 1 ? ',' : this.last;
        return `${pad}${this.value(v, indent + 2, indent + 2, comma)}${comma}`;
      });
      return `[\n${items.join('\n')}\n${' '.repeat(indent)}]`;
    }
    const props = entries.map(([k, v], i) => this.property(k, v, indent + 2, i < entries.length - 1 ? ',' : this.last));
    return `{\n${props.join('\n')}\n${' '.repeat(indent)}}`;
  }

  /** One property of a broken object, with its indentation and trailing comma (`comma`: what follows it). */
  property(name: string, value: unknown, indent: number, comma = ','): string {
    const key = this.key(name);
    const head = `${' '.repeat(indent)}${key}:`;
    // (A long string is moved under its key in TypeScript only: prettier's json parser leaves it beside.)
    if (!this.json && !isContainer(value) && typeof value === 'string' && key.length >= BREAKABLE_KEY) {
      const text = this.scalar(value);
      if (head.length + 1 + text.length + comma.length > WIDTH)
        return `${head}\n${' '.repeat(indent + 2)}${text}${comma}`;
    }
    return `${head} ${this.value(value, indent, head.length + 1, comma)}${comma}`;
  }

  /** A whole .json file holding `value` (with `json` set). */
  file(value: unknown): string {
    return `${this.value(value, 0, 0, '')}\n`;
  }

  /** `const <name> = (): <type> => (<value>);` at the top level: a constant built when first asked for. */
  thunk(name: string, type: string, value: unknown): string {
    const head = `const ${name} = (): ${type} => (`;
    return `${head}${this.value(value, 0, head.length, ');')});`;
  }

  /** `<head> = <value>;` at the top level (head: `const x: T`). */
  assignment(head: string, value: unknown): string {
    if (typeof value === 'string') {
      const text = this.scalar(value);
      if (head.length + 3 + text.length + 1 > WIDTH) return `${head} =\n  ${text};`;
    }
    return `${head} = ${this.value(value, 0, head.length + 3, ';')};`;
  }
}
