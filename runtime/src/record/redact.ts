// What keeps secrets and personal data out of recordings, applied before anything touches the disk:
// - the values of the headers and query parameters the auth scheme set (found by the upstream client), anywhere;
// - every secret the server registered (the log redaction, secrets.ts);
// - the fields of a user-editable deny-list (`redact.json` in the recording folder), at any depth of the
//   input, bodies and result, and as query parameters and headers.
import fs from 'node:fs';
import path from 'node:path';
import { redact } from '../secrets.js';

export const REDACTED = '[redacted]';
export const DENY_LIST_FILE = 'redact.json';

/** Written into a new recording folder; the user edits it (field names, case-insensitive). */
export const DEFAULT_DENY_LIST = [
  'password',
  'secret',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'apikey',
  'authorization',
  'cookie',
  'set-cookie',
  'email',
  'phone',
];

/** The folder's deny-list, created with the defaults when it has none (record mode only). */
export function loadDenyList(dir: string, create: boolean): Set<string> {
  const file = path.join(dir, DENY_LIST_FILE);
  if (!fs.existsSync(file)) {
    if (create) {
      const note = 'Fields never recorded (any depth, case-insensitive): edit this list before recording.';
      fs.writeFileSync(file, `${JSON.stringify({ note, fields: DEFAULT_DENY_LIST }, null, 2)}\n`);
    }
    return new Set(DEFAULT_DENY_LIST);
  }
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { fields?: unknown };
  if (!Array.isArray(parsed.fields) || !parsed.fields.every((f) => typeof f === 'string')) {
    throw new Error(`${file}: "fields" must be a list of field names`);
  }
  return new Set(parsed.fields.map((f: string) => f.toLowerCase()));
}

export interface Redactor {
  /** A string with every known secret value replaced. */
  text(value: string): string;
  /** A JSON value with secret strings replaced and deny-listed fields' values redacted. */
  value<T>(value: T): T;
  /** A text that may be JSON: its deny-listed fields redacted (re-serialised only when one was found). */
  jsonText(value: string): string;
  denied(name: string): boolean;
  /**
   * Notes the values of deny-listed fields in `value` (JSON texts inside it too), so that they are redacted
   * wherever else they appear: an upstream that echoes a request, a result that quotes a field.
   */
  learn(value: unknown): void;
}

export function createRedactor(deny: Set<string>, authValues: string[] = []): Redactor {
  // A credential such as `Bearer abc` is also hidden as `abc` (an upstream may echo the token alone).
  let values: string[] = [];
  const known = (more: string[]) => {
    values = [...new Set([...values, ...more.filter((v) => v.length >= 4)])].sort((a, b) => b.length - a.length);
  };
  known(authValues.flatMap((v) => [v, v.replace(/^(Bearer|Basic|Token)\s+/i, '')]));
  const text = (s: string) => {
    let out = s;
    for (const v of values) out = out.split(v).join(REDACTED);
    return redact(out);
  };
  const denied = (name: string) => deny.has(name.toLowerCase());
  const learned: string[] = [];
  const collect = (v: unknown, under: boolean): void => {
    if (typeof v === 'string') {
      if (under) learned.push(v);
      else if (/^\s*[[{]/.test(v)) {
        try {
          collect(JSON.parse(v), false);
        } catch {
          // not JSON: nothing inside to learn
        }
      }
    } else if (typeof v === 'number' && under) learned.push(String(v));
    else if (Array.isArray(v)) v.forEach((item) => collect(item, under));
    else if (v && typeof v === 'object') for (const [k, inner] of Object.entries(v)) collect(inner, under || denied(k));
  };
  let found = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => {
          if (!denied(k) || inner === undefined) return [k, walk(inner)];
          found = true;
          return [k, REDACTED];
        }),
      );
    }
    return v;
  };
  return {
    text,
    denied,
    learn(value) {
      learned.length = 0;
      collect(value, false);
      known(learned);
    },
    value: <T>(v: T) => walk(v) as T,
    jsonText(s) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(s);
      } catch {
        return text(s);
      }
      found = false;
      const cleaned = walk(parsed);
      return found ? JSON.stringify(cleaned) : text(s);
    },
  };
}
