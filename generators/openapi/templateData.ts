// What the openapi templates need for one operation: the input schema and parameter list as
// literals, and a sample input with the exact request it must produce (path, query string, headers,
// body), computed with the same request builder the generated server runs.
import { formFields, formParts } from '../../runtime/src/openapi/form.js';
import { buildRequest } from '../../runtime/src/openapi/request.js';
import { q } from '../../engine/contract/literals.js';
import { LITERAL_STYLE, LiteralPrinter, tsString } from './literal.js';
import type { OperationPlan } from './operations.js';
import { responseSamples } from './responses.js';
import { sampleOf } from './sample.js';
import type { Schema } from './spec.js';
import { toolsetOf } from './toolsets.js';

/**
 * The path and query string exactly as the generated client sends them (client.ts buildUrl: the
 * path joined to the base URL, then each query value appended), so a fixed query in the spec's
 * path key (`/jobs?op=LIST`) is followed by `&`, and a fragment (`/#X-Amz-Target=…`) is not sent.
 */
export function sentUri(path: string, query: Record<string, unknown>): string {
  const url = new URL(`https://upstream.test${path.startsWith('/') ? path : `/${path}`}`);
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return `${url.pathname}${url.search}`;
}

/**
 * The body the upstream must receive for a sample body input: the JSON value; a text body as it is, with its
 * media type; for a form, the exact
 * urlencoded text (its content type joins the expected headers) or the multipart parts in order (a
 * file part as its file name, content type and bytes in base64).
 */
export function expectedBody(op: OperationPlan, body: unknown): { body: unknown; headers: Record<string, string> } {
  if (op.contentType && body !== undefined) return { body, headers: { 'content-type': op.contentType } }; // text, as it is
  if (!op.form || body === undefined) return { body, headers: {} };
  if (op.form.type === 'multipart') return { body: formParts(body, op.form), headers: {} };
  return {
    body: new URLSearchParams(formFields(body, op.form)).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
  };
}

/** The tool file's import of the runtime's OpenAPI module, as prettier lays it out. */
function runtimeImport(op: OperationPlan): string {
  const names = [
    'buildRequest',
    ...(op.form ? ['formBody'] : []),
    'inToolset',
    'lazyInputSchema',
    ...(op.output ? ['structuredResult'] : []),
    ...(op.form ? ['type FormSpec'] : []),
    'type ParamSpec',
  ];
  const from = "from '@mcp-factory/runtime/openapi';";
  const line = `import { ${names.join(', ')} } ${from}`;
  return line.length <= LITERAL_STYLE.printWidth
    ? line
    : `import {\n${names.map((n) => `  ${n},\n`).join('')}} ${from}`;
}

export function sampleInput(op: OperationPlan): Record<string, unknown> {
  const props = (op.inputSchema.properties ?? {}) as Record<string, Schema>;
  const input: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(props)) {
    const value = sampleOf(schema, key);
    if (value !== undefined) input[key] = value;
  }
  return input;
}

/** `const config = loadConfig({ ... });` as prettier lays it out (an expanded object stays expanded). */
export function configLine(prefix: string): string {
  const entries = ['...credentials', `${prefix}_BASE_URL: BASE`, `${prefix}_MAX_ATTEMPTS: '1'`];
  const line = `const config = loadConfig({ ${entries.join(', ')} });`;
  return line.length <= LITERAL_STYLE.printWidth
    ? line
    : `const config = loadConfig({\n${entries.map((e) => `  ${e},\n`).join('')}});`;
}

/**
 * The upstream responses of output schemas already seen in this run, by the schema's JSON: a large spec
 * repeats them (GitHub: 926 output schemas, 443 different), and checking one builds its zod schema.
 */
export type ResponseSampleCache = Map<string, ReturnType<typeof responseSamples>>;

function responsesFor(schema: Schema, cache?: ResponseSampleCache): ReturnType<typeof responseSamples> {
  const key = cache && JSON.stringify(schema);
  const known = key === undefined ? undefined : cache?.get(key);
  if (known) return known;
  const found = responseSamples(schema, (s) => sampleOf(s, 'result'));
  if (key !== undefined) cache?.set(key, found);
  return found;
}

export function operationTemplateData(op: OperationPlan, prefix: string, cache?: ResponseSampleCache) {
  const input = sampleInput(op);
  const built = buildRequest(op.path, op.params, input);
  const uri = sentUri(built.path, built.query);
  const body = op.bodyKey ? input[op.bodyKey] : undefined;
  const sent = expectedBody(op, body);
  // The parts of the tool and its test that vary, printed in the repo's prettier style (see literal.ts).
  const printer = new LiteralPrinter();
  const responses = op.output ? responsesFor(op.output.schema, cache) : {};
  const toolset = toolsetOf(op);
  const exported = `export const ${op.toolVar} = inToolset(${tsString(toolset)}, tool);`;
  const itTitle = tsString(`sends ${op.httpMethod} ${op.path} with its parameters serialised as the spec says`);
  const printed = {
    schema: printer.thunk('inputJsonSchema', 'Parameters<typeof z.fromJSONSchema>[0]', op.inputSchema),
    imports: runtimeImport(op),
    params: printer.assignment('const params: ParamSpec[]', op.params),
    form: op.form && printer.assignment('const form: FormSpec', op.form),
    route: printer.assignment('const route', op.path),
    name: printer.property('name', op.name, 2),
    title: printer.property('title', op.title, 2),
    description: printer.property('description', op.description, 2),
    annotations: printer.property('annotations', op.annotations, 2),
    config: configLine(prefix),
    exported:
      exported.length <= LITERAL_STYLE.printWidth
        ? exported
        : `export const ${op.toolVar} = inToolset(\n  ${tsString(toolset)},\n  tool,\n);`,
    sample: printer.assignment('const sample', input),
    expected: printer.assignment('const expected: { uri: string; headers: Record<string, string>; body?: unknown }', {
      uri,
      headers: { ...built.headers, ...sent.headers },
      body: sent.body,
    }),
    itTitle,
    // The output schema and the upstream responses its tests reply with (responses.ts).
    output: op.output && printer.thunk('outputJsonSchema', 'Parameters<typeof z.fromJSONSchema>[0]', op.output.schema),
    matching: responses.matching !== undefined && printer.assignment('const matching', responses.matching),
    mismatching: responses.mismatching !== undefined && printer.assignment('const mismatching', responses.mismatching),
  };
  return {
    /** True when the rendered files are in prettier's layout already: no formatting pass needed. */
    preformatted: printer.exact && /^[\x20-\x7e]*$/.test(itTitle + op.description + op.path),
    printed,
    ...op,
    toolset,
    prefix,
    q,
    sample: {
      input,
      uri,
      /** The path the upstream sees (without the query string the path key may fix, or a fragment). */
      path: uri.replace(/\?.*$/, ''),
      headers: built.headers,
      body,
    },
    readmeLine: `${op.description} (\`${op.httpMethod} ${op.path}\`, from the OpenAPI spec)`,
  };
}

export type OperationTemplateData = ReturnType<typeof operationTemplateData>;
