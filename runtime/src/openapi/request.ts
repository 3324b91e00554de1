// Request building for the tools `npx plop openapi` writes: each parameter is serialised as its
// OpenAPI description says (style and explode, for arrays and objects), path parameters are always
// percent-encoded (never a path injection), header parameters become headers. Hand-written: no
// maintained library serialises OpenAPI 3 parameters for a plain fetch without bringing a whole
// generated client; this covers every style OpenAPI 3 defines for path, query and header.

/** What the upstream client's `query` accepts (../upstream.ts); repeated for arrays. */
type QueryValue = string | number | boolean | Array<string | number | boolean>;

export interface ParamSpec {
  /** The tool's input property. */
  key: string;
  /** The parameter's name in the API. */
  name: string;
  in: 'path' | 'query' | 'header';
  style?: 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode?: boolean;
}

export interface BuiltRequest {
  path: string;
  /** The spec's path template, for traces (the upstream client names an attempt's span by it). */
  route: string;
  query: Record<string, QueryValue>;
  headers: Record<string, string>;
}

type Scalar = string | number | boolean;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const enc = (v: unknown) => encodeURIComponent(String(v));
const entries = (v: Record<string, unknown>) => Object.entries(v).filter(([, x]) => x !== undefined);

/** A path parameter: simple (default), label (`.a.b`) or matrix (`;id=a,b`), always encoded. */
function pathValue(spec: ParamSpec, value: unknown): string {
  const style = spec.style ?? 'simple';
  const explode = spec.explode ?? false;
  const prefix = style === 'label' ? '.' : style === 'matrix' ? `;${enc(spec.name)}=` : '';
  const join = style === 'label' && explode ? '.' : style === 'matrix' && explode ? `;${enc(spec.name)}=` : ',';
  if (Array.isArray(value)) return prefix + value.map(enc).join(join);
  if (isObject(value)) {
    const pairs = entries(value);
    if (explode) {
      const sep = style === 'label' ? '.' : style === 'matrix' ? ';' : ',';
      return (style === 'matrix' ? ';' : prefix) + pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join(sep);
    }
    return prefix + pairs.flatMap(([k, v]) => [enc(k), enc(v)]).join(',');
  }
  return prefix + enc(value);
}

/** A query parameter, as the query keys and values it becomes (the client encodes them). */
function queryValue(spec: ParamSpec, value: unknown): Array<[string, QueryValue]> {
  const style = spec.style ?? 'form';
  const explode = spec.explode ?? style === 'form';
  if (style === 'deepObject' && isObject(value))
    return entries(value).map(([k, v]) => [`${spec.name}[${k}]`, String(v)]);
  if (Array.isArray(value)) {
    if (explode) return [[spec.name, value as Scalar[]]];
    const sep = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    return [[spec.name, value.map(String).join(sep)]];
  }
  if (isObject(value)) {
    if (explode) return entries(value).map(([k, v]) => [k, String(v)]);
    return [
      [
        spec.name,
        entries(value)
          .flatMap(([k, v]) => [k, String(v)])
          .join(','),
      ],
    ];
  }
  return [[spec.name, value as Scalar]];
}

function headerValue(value: unknown, explode = false): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (isObject(value))
    return entries(value)
      .map(([k, v]) => (explode ? `${k}=${v}` : `${k},${v}`))
      .join(',');
  return String(value);
}

export function buildRequest(
  template: string,
  params: readonly ParamSpec[],
  input: Record<string, unknown>,
): BuiltRequest {
  const query: Record<string, QueryValue> = {};
  const headers: Record<string, string> = {};
  let path = template;
  for (const spec of params) {
    const value = input[spec.key];
    if (spec.in === 'path') path = path.split(`{${spec.name}}`).join(pathValue(spec, value));
    else if (value === undefined) continue;
    else if (spec.in === 'query') for (const [k, v] of queryValue(spec, value)) query[k] = v;
    else headers[spec.name.toLowerCase()] = headerValue(value, spec.explode);
  }
  return { path, route: template, query, headers };
}
