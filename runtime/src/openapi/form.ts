// Form request bodies of the tools `npx plop openapi` writes, for operations whose body is only
// `application/x-www-form-urlencoded` or `multipart/form-data`. The tool's `body` input is an object;
// each of its properties becomes form fields as the OpenAPI specification says: urlencoded fields are
// serialised like query parameters (style `form`, exploded, unless the spec's `encoding` says
// otherwise; `deepObject` nests with brackets), multipart parts are one per value (an array: one part
// per item; an object: its JSON, the default content type of an object part). The fields are sent as
// URLSearchParams or FormData, so fetch writes the exact body and its content type.

export interface FormSpec {
  type: 'urlencoded' | 'multipart';
  /** The spec's `encoding` of urlencoded properties that are not style form, exploded. */
  encoding?: Record<string, { style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject'; explode?: boolean }>;
}

type Field = [name: string, value: string];

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

/** The fields a form body of `value` (the tool's `body` input) becomes, in order. */
export function formFields(value: unknown, spec: FormSpec): Field[] {
  if (!isObject(value)) return [];
  return defined(value).flatMap(([name, v]): Field[] =>
    spec.type === 'urlencoded'
      ? urlencoded(name, v, spec.encoding)
      : Array.isArray(v)
        ? v.map((item) => [name, text(item)])
        : [[name, text(v)]],
  );
}

/** The body to send: URLSearchParams (urlencoded) or FormData (multipart); undefined when there is no value. */
export function formBody(value: unknown, spec: FormSpec): URLSearchParams | FormData | undefined {
  if (value === undefined) return undefined;
  const fields = formFields(value, spec);
  if (spec.type === 'urlencoded') return new URLSearchParams(fields);
  const form = new FormData();
  for (const [name, v] of fields) form.append(name, v);
  return form;
}
