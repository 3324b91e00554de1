// Files in multipart bodies: a property the spec declares as `type: string, format: binary` (or an
// array of them) is sent by the runtime as a real file part (runtime/src/openapi/form.ts). Its input
// stays a string, documented and checked here: a data URL, or the file's bytes in base64.
import type { FormSpec } from '../../runtime/src/openapi/form.js';
import type { Schema } from './spec.js';

/** What a file input accepts: a data URL (RFC 2397), or base64 / base64url (whitespace allowed). */
export const FILE_INPUT_PATTERN = '^(data:[^,]*,[\\s\\S]*|[A-Za-z0-9+/_\\s-]*={0,2}\\s*)$';

export const FILE_INPUT_NOTE =
  'A file, sent as a file part: a data URL (data:<type>;base64,<data>, or data:,<text>; add ;name=<file name> ' +
  'before ;base64 to name it) or the file in base64.';

const isBinary = (schema: unknown): boolean =>
  typeof schema === 'object' && schema !== null && (schema as Schema).format === 'binary';

/** A single concrete content type (`image/png`), not a list or a wildcard. */
const concrete = (type: unknown): string | undefined =>
  typeof type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(type.trim()) ? type.trim() : undefined;

/** The multipart body's file properties (top level, or arrays of files) and the content type its `encoding` gives each. */
export function fileProperties(content: Schema): FormSpec['files'] {
  const schema = (content.schema ?? {}) as Schema;
  const encoding = (content.encoding ?? {}) as Record<string, Schema | undefined>;
  const files: NonNullable<FormSpec['files']> = {};
  for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    if (!isBinary(prop) && !(prop?.type === 'array' && isBinary(prop.items))) continue;
    const contentType = concrete(encoding[name]?.contentType);
    files[name] = contentType ? { contentType } : {};
  }
  return Object.keys(files).length ? files : undefined;
}

/** The body's input schema with each file property documented and checked as a file input. */
export function withFileInputs(body: Schema, files: FormSpec['files']): Schema {
  const properties = body.properties as Record<string, Schema> | undefined;
  if (!files || !properties) return body;
  const asFile = (s: Schema): Schema => ({
    ...s,
    type: 'string',
    pattern: FILE_INPUT_PATTERN,
    description: [s.description, FILE_INPUT_NOTE].filter(Boolean).join(' '),
  });
  const out: Record<string, Schema> = { ...properties };
  for (const name of Object.keys(files)) {
    const prop = out[name];
    if (!prop) continue;
    out[name] = prop.type === 'array' && prop.items ? { ...prop, items: asFile(prop.items as Schema) } : asFile(prop);
  }
  return { ...body, properties: out };
}
