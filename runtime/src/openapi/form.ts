// Form request bodies of the tools `npx plop openapi` writes, for operations whose body is only
// `application/x-www-form-urlencoded` or `multipart/form-data`. The tool's `body` input is an object;
// each of its properties becomes form fields as the OpenAPI specification says: urlencoded fields are
// serialised like query parameters (style `form`, exploded, unless the spec's `encoding` says
// otherwise; `deepObject` nests with brackets), multipart parts are one per value (an array: one part
// per item; an object: its JSON, the default content type of an object part). The fields are sent as
// URLSearchParams or FormData, so fetch writes the exact body and its content type.
//
// A multipart property the spec declares as a file (`type: string, format: binary`, or an array of
// them) is sent as a real file part (a Blob with a file name and a content type). Its input is a string:
// a data URL (`data:image/png;base64,iVBOR…`, `data:,plain%20text`; an optional `;name=report.pdf`
// parameter names the file), or the file's bytes in base64. The part's content type is the data URL's,
// else the one the spec's `encoding` gives the property, else application/octet-stream; its file name
// is the data URL's `name`, else the property's name.

export interface FormSpec {
  type: 'urlencoded' | 'multipart';
  /** Multipart properties that are files (`format: binary`), with the content type the spec's `encoding` gives each. */
  files?: Record<string, { contentType?: string }>;
  /** The spec's `encoding` of urlencoded properties that are not style form, exploded. */
  encoding?: Record<string, { style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject'; explode?: boolean }>;
}

/** A file part of a multipart body: its name, content type and bytes (base64, so a test can print it). */
export interface FilePart {
  filename: string;
  type: string;
  base64: string;
}

type Field = [name: string, value: string];
type Part = [name: string, value: string | FilePart];

/** A file input that is neither a data URL nor base64: the tool answers with this message, nothing is sent. */
export class FileInputError extends Error {
  override name = 'FileInputError';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** RFC 2397: `data:[<media type>][;name=value]*[;base64],<data>`. */
const DATA_URL = /^data:([^,]*),(.*)$/s;

/** The bytes of a base64 (or base64url) string, re-encoded canonically; undefined when it is neither. */
function canonicalBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (BASE64.test(compact)) return Buffer.from(compact, 'base64').toString('base64');
  if (BASE64URL.test(compact)) return Buffer.from(compact, 'base64url').toString('base64');
  return undefined;
}

/**
 * A file input (a data URL or base64) as the part it becomes. Hand-written: a data URL is one regular
 * expression and a percent-decode (the platform's fetch of a `data:` URL would do it, but hides the
 * `name` parameter and reads any URL a caller passes, which a tool input must not).
 */
export function filePart(property: string, value: unknown, contentType?: string): FilePart {
  const text = typeof value === 'string' ? value : '';
  const data = DATA_URL.exec(text);
  if (data) {
    const [media = '', ...params] = data[1].split(';').map((p) => p.trim());
    const base64 = params.includes('base64');
    const named = params.find((p) => /^(file)?name=/i.test(p))?.replace(/^(file)?name=/i, '');
    let bytes: string | undefined;
    try {
      bytes = base64 ? canonicalBase64(data[2]) : Buffer.from(decodeURIComponent(data[2]), 'utf8').toString('base64');
    } catch {
      bytes = undefined; // a malformed percent-escape
    }
    if (bytes === undefined) throw new FileInputError(`${property}: the data URL's data is not valid base64 or text`);
    return {
      filename: named ? decodeURIComponent(named) : property,
      type: media || (base64 ? 'application/octet-stream' : 'text/plain;charset=US-ASCII'),
      base64: bytes,
    };
  }
  const bytes = canonicalBase64(text);
  if (bytes === undefined || typeof value !== 'string')
    throw new FileInputError(
      `${property}: a file is a data URL (data:<type>;base64,<data>) or base64, got ${typeof value}`,
    );
  return { filename: property, type: contentType ?? 'application/octet-stream', base64: bytes };
}

/** One multipart property as its parts: files as file parts, arrays as one part per item, objects as JSON. */
function multipart(name: string, value: unknown, spec: FormSpec): Part[] {
  const file = spec.files?.[name];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item): Part => [name, file ? filePart(name, item, file.contentType) : text(item)]);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const defined = (v: Record<string, unknown>) => Object.entries(v).filter(([, x]) => x !== undefined);
const text = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** `name[key][key]=value` for every leaf of a deepObject value (arrays by index). */
function deep(name: string, value: unknown): Field[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => deep(`${name}[${i}]`, item));
  if (isObject(value)) return defined(value).flatMap(([k, v]) => deep(`${name}[${k}]`, v));
  return [[name, String(value)]];
}

/** One urlencoded property as the fields it becomes. */
function urlencoded(name: string, value: unknown, encoding: FormSpec['encoding']): Field[] {
  const style = encoding?.[name]?.style ?? 'form';
  const explode = encoding?.[name]?.explode ?? style === 'form';
  if (style === 'deepObject') return deep(name, value);
  if (Array.isArray(value)) {
    if (explode) return value.map((item) => [name, text(item)]);
    const sep = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    return [[name, value.map(text).join(sep)]];
  }
  if (isObject(value)) {
    if (explode) return defined(value).map(([k, v]) => [k, text(v)]);
    return [
      [
        name,
        defined(value)
          .flatMap(([k, v]) => [k, text(v)])
          .join(','),
      ],
    ];
  }
  return [[name, String(value)]];
}

/** The fields of a urlencoded body of `value` (the tool's `body` input), in order. */
export function formFields(value: unknown, spec: FormSpec): Field[] {
  if (!isObject(value)) return [];
  return defined(value).flatMap(([name, v]) => urlencoded(name, v, spec.encoding));
}

/** The parts of a multipart body of `value` (the tool's `body` input), in order; files as file parts. */
export function formParts(value: unknown, spec: FormSpec): Part[] {
  if (!isObject(value)) return [];
  return defined(value).flatMap(([name, v]) => multipart(name, v, spec));
}

/** The body to send: URLSearchParams (urlencoded) or FormData (multipart); undefined when there is no value. */
export function formBody(value: unknown, spec: FormSpec): URLSearchParams | FormData | undefined {
  if (value === undefined) return undefined;
  if (spec.type === 'urlencoded') return new URLSearchParams(formFields(value, spec));
  const form = new FormData();
  for (const [name, v] of formParts(value, spec)) {
    if (typeof v === 'string') form.append(name, v);
    else form.append(name, new Blob([Buffer.from(v.base64, 'base64')], { type: v.type }), v.filename);
  }
  return form;
}
