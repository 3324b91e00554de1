// The operations of an OpenAPI document as tool plans: names (sanitised, de-duplicated
// predictably), descriptions, annotations, one input schema over path, query and header parameters
// and the JSON body (clashing names kept apart), and notes for what is skipped.
import { RESERVED } from '../../engine/contract/vocabulary.js';
import { toolNames } from '../../engine/primitives/naming.js';
import type { FormSpec } from '../../runtime/src/openapi/form.js';
import type { ParamSpec } from '../../runtime/src/openapi/request.js';
import { fileProperties, withFileInputs } from './files.js';
import { JSON_MEDIA, responseOutput, type ResponseOutput } from './responses.js';
import { toInputSchema } from './schema.js';
import type { OpenApiDocument, Schema } from './spec.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Method = (typeof METHODS)[number];

export interface OperationPlan {
  name: string;
  toolName: string;
  toolVar: string;
  toolFile: string;
  operationId?: string;
  title: string;
  description: string;
  httpMethod: Uppercase<Method>;
  path: string;
  tags: string[];
  deprecated: boolean;
  params: ParamSpec[];
  /** The input key of the body, when there is one. */
  bodyKey?: string;
  /** The body is a form (urlencoded or multipart; the spec offers no JSON one): how its fields are sent. */
  form?: FormSpec;
  /** The body is text the spec offers only as this media type (application/jwt, text/plain…): sent as it is. */
  contentType?: string;
  inputSchema: Schema;
  /** The output schema from its 2xx JSON response, when it has one (responses.ts). */
  output?: ResponseOutput;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  /** An earlier run wrote this operation's tool (the name is that tool's): it is rendered again, not added. */
  existing: boolean;
}

/** The name of the tool an earlier run wrote for an operation, if any (answers.ts toolMatcher). */
export type ToolMatcher = (op: {
  operationId?: string;
  httpMethod: string;
  path: string;
  defaultName: string;
}) => string | undefined;

export interface Selection {
  operations: OperationPlan[];
  notes: string[];
}

const FORM_MEDIA = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
const isFormMedia = (media: string) => FORM_MEDIA.test(media);
type FormStyle = NonNullable<NonNullable<FormSpec['encoding']>[string]['style']>;
/**
 * Media types whose body is text a tool can take as a string and send byte for byte (openbanking.org.uk: a signed
 * event as `application/jwt`): text/*, XML, JWT/JOSE, YAML. Used only when the spec offers no JSON or form body.
 */
const TEXT_MEDIA = /^(text\/[^;\s]+|application\/([\w.+-]+\+)?(xml|jwt|jose|yaml|x-yaml))\s*(;|$)/i;
const isTextMedia = (media: string) => TEXT_MEDIA.test(media);

/** A text body's input: its schema when it is a string one (its bounds and pattern still checked), else any string. */
function textInput(media: string, schema: Schema | undefined, description: unknown): Schema {
  const stringy = schema?.type === 'string' && schema.format !== 'binary';
  const base = stringy ? toInputSchema(schema) : { type: 'string' };
  const said = typeof description === 'string' ? description.trim().replace(/[^.!?]$/, '$&.') : '';
  return { ...base, description: [said, `The body as ${media} text, sent as it is.`].filter(Boolean).join(' ') };
}

const FORM_STYLES: ReadonlySet<unknown> = new Set<FormStyle>(['form', 'spaceDelimited', 'pipeDelimited', 'deepObject']);
const isFormStyle = (style: unknown): style is FormStyle => FORM_STYLES.has(style);

/** How a form body's fields are sent: urlencoded with the spec's `encoding` styles, or multipart. */
function formSpec(media: string, content: Schema): FormSpec {
  if (/^multipart\//i.test(media)) {
    const files = fileProperties(content);
    return { type: 'multipart', ...(files ? { files } : {}) };
  }
  const encoding: NonNullable<FormSpec['encoding']> = {};
  for (const [name, e] of Object.entries((content.encoding ?? {}) as Record<string, Schema>)) {
    const style = isFormStyle(e?.style) ? e.style : undefined;
    const explode = typeof e?.explode === 'boolean' ? e.explode : undefined;
    if (style === undefined && explode === undefined) continue;
    encoding[name] = {
      ...(style ? { style } : {}),
      ...(explode !== undefined ? { explode } : {}),
    };
  }
  return { type: 'urlencoded', ...(Object.keys(encoding).length ? { encoding } : {}) };
}

/**
 * The names a tool file and its unit test declare beside the tool's own variable (files/tool): a tool
 * variable with one of them would be declared twice (seldon.local: an operation `route`, `const route` of its path).
 */
const TEMPLATE_LOCALS: ReadonlySet<string> = new Set([
  'tool',
  'inputJsonSchema',
  'params',
  'form',
  'route',
  'outputJsonSchema',
  'outputSchema',
  'toResult',
  'BASE',
  'config',
  'deps',
  'sample',
  'expected',
  'matching',
  'mismatching',
  'expectCall',
  // What they import (the runtime's OpenAPI module, jest, nock, the repo's client and fixtures).
  'buildRequest',
  'formBody',
  'inToolset',
  'lazyInputSchema',
  'structuredResult',
  'FormSpec',
  'ParamSpec',
  'nock',
  'createUpstream',
  'loadConfig',
  'credentials',
  'mockCredentialEndpoints',
  'upstreamFetch',
  'afterEach',
  'beforeAll',
  'beforeEach',
  'describe',
  'expect',
  'it',
  'jest',
]);

/** `getPetById` / `GET /pets/{id}` → `get_pet_by_id`, within 64 characters, never reserved. */
export function toolNameOf(operationId: string | undefined, method: string, path: string): string {
  const base = operationId ?? `${method}_${path.replace(/\{([^}]*)\}/g, 'by_$1')}`;
  let name = base
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) name = method;
  if (/^[0-9]/.test(name)) name = `op_${name}`;
  name = name.slice(0, 64).replace(/_+$/, '');
  const { toolVar } = toolNames(name);
  return RESERVED.has(name) || RESERVED.has(toolVar) || TEMPLATE_LOCALS.has(toolVar) ? `${name.slice(0, 61)}_op` : name;
}

/**
 * The key of a tool's files in `taken`: its file name as a case-insensitive file system sees it (intellifi.nl:
 * `getSpotsetsById` and `getSpotSetsById` would be two files that macOS and Windows, and tsc, take for one).
 */
const fileKey = (name: string) => `file:${toolNames(name).toolFile.toLowerCase()}`;

/** `name`, else `name_2`, `name_3`… kept within 64 characters, its file name unique whatever the case. */
function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  const clash = (c: string) => taken.has(c) || taken.has(toolNames(c).toolVar) || taken.has(fileKey(c));
  for (let i = 2; clash(candidate); i += 1) {
    const suffix = `_${i}`;
    candidate = `${name.slice(0, 64 - suffix.length).replace(/_+$/, '')}${suffix}`;
  }
  taken.add(candidate);
  taken.add(toolNames(candidate).toolVar);
  taken.add(fileKey(candidate));
  return candidate;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3).replace(/\s+\S*$/, '')}...` : flat;
};

/** `tag:x`, an operationId, `deprecated`, or a path glob (`/pets/*`). */
function matches(
  filter: string,
  op: { operationId?: string; path: string; tags: string[]; deprecated: boolean },
): boolean {
  if (filter.startsWith('tag:')) return op.tags.includes(filter.slice(4));
  if (filter === 'deprecated') return op.deprecated;
  if (filter.includes('/')) {
    const glob = new RegExp(
      `^${filter
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^]*')}$`,
    );
    return glob.test(op.path);
  }
  return op.operationId === filter;
}

export const parseFilters = (raw: unknown): string[] =>
  String(raw ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);

const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function selectOperations(
  doc: OpenApiDocument,
  options: { include: string[]; exclude: string[]; taken: Set<string>; claim?: ToolMatcher },
): Selection {
  const notes: string[] = [];
  const operations: OperationPlan[] = [];
  const taken = new Set(options.taken);
  for (const name of options.taken) taken.add(fileKey(name));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = ((item as Schema).parameters ?? []) as Schema[];
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method as Method)) {
        if (['head', 'options', 'trace'].includes(method))
          notes.push(`${method.toUpperCase()} ${path}: skipped (only ${METHODS.join(', ')})`);
        continue;
      }
      const op = raw as Schema;
      const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
      const tags = Array.isArray(op.tags) ? (op.tags as string[]) : [];
      const deprecated = op.deprecated === true;
      const facts = { operationId, path, tags, deprecated };
      if (options.include.length && !options.include.some((f) => matches(f, facts))) continue;
      if (options.exclude.some((f) => matches(f, facts))) continue;
      const where = `${method.toUpperCase()} ${path}`;

      // Parameters: the operation's override the path item's (same name and location).
      const byKey = new Map<string, Schema>();
      for (const p of [...shared, ...((op.parameters ?? []) as Schema[])]) byKey.set(`${p.in}:${p.name}`, p);
      const params: ParamSpec[] = [];
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      const keys = new Set<string>();
      for (const p of byKey.values()) {
        if (!['path', 'query', 'header'].includes(String(p.in))) {
          notes.push(`${where}: ${String(p.in)} parameter ${String(p.name)} skipped`);
          continue;
        }
        const name = String(p.name);
        // The OpenAPI specification: header parameters named Accept, Content-Type or Authorization
        // "SHALL be ignored" (the client sets them from the media types and the security scheme).
        if (p.in === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) continue;
        const key = keys.has(name) ? `${name}_${String(p.in)}` : name;
        keys.add(key);
        params.push({
          key,
          name,
          in: p.in as ParamSpec['in'],
          ...(p.style ? { style: p.style as ParamSpec['style'] } : {}),
          ...(typeof p.explode === 'boolean' ? { explode: p.explode } : {}),
        });
        const schema = toInputSchema({
          ...(p.schema as Schema),
          description: p.description ?? (p.schema as Schema)?.description,
          deprecated: p.deprecated,
        });
        properties[key] = schema;
        if (p.required === true || p.in === 'path') required.push(key);
      }

      let bodyKey: string | undefined;
      let form: FormSpec | undefined;
      let contentType: string | undefined;
      const body = op.requestBody as Schema | undefined;
      if (body) {
        const content = (body.content ?? {}) as Record<string, Schema>;
        const media = Object.keys(content).find((m) => JSON_MEDIA.test(m)) ?? Object.keys(content).find(isFormMedia);
        const textMedia = media ? undefined : Object.keys(content).find(isTextMedia);
        if (textMedia) {
          bodyKey = keys.has('body') ? 'request_body' : 'body';
          contentType = textMedia;
          const schema = content[textMedia].schema as Schema | undefined;
          properties[bodyKey] = textInput(textMedia, schema, body.description ?? schema?.description);
          if (body.required === true) required.push(bodyKey);
        } else if (media) {
          bodyKey = keys.has('body') ? 'request_body' : 'body';
          if (!JSON_MEDIA.test(media)) form = formSpec(media, content[media]);
          const input = toInputSchema({
            ...(content[media].schema as Schema),
            description: body.description ?? (content[media].schema as Schema)?.description,
          });
          properties[bodyKey] = withFileInputs(input, form?.files);
          if (body.required === true) required.push(bodyKey);
        } else if (body.required === true) {
          notes.push(
            `${where}: skipped (its required body is ${Object.keys(content).join(', ') || 'not JSON'}, not JSON, a form or text)`,
          );
          continue;
        } else {
          notes.push(`${where}: optional ${Object.keys(content).join(', ')} body left out (not JSON, a form or text)`);
        }
      }

      const upper = method.toUpperCase() as Uppercase<Method>;
      const defaultName = toolNameOf(operationId, method, path);
      const claimed = options.claim?.({ operationId, httpMethod: upper, path, defaultName });
      const name = claimed ?? unique(defaultName, taken);
      const summary = [op.summary, op.description].find((t) => typeof t === 'string' && t.trim()) as string | undefined;
      operations.push({
        name,
        ...toolNames(name),
        operationId,
        title: oneLine(typeof op.summary === 'string' ? op.summary : name.replace(/_/g, ' '), 80),
        description: oneLine(`${deprecated ? 'Deprecated. ' : ''}${summary ?? `${upper} ${path}`}`, 300),
        httpMethod: upper,
        path,
        tags,
        deprecated,
        params,
        bodyKey,
        form,
        contentType,
        inputSchema: { type: 'object', properties, ...(required.length ? { required } : {}) },
        output: responseOutput(op),
        annotations: {
          readOnlyHint: upper === 'GET',
          destructiveHint: upper === 'DELETE',
          idempotentHint: upper === 'GET' || upper === 'PUT' || upper === 'DELETE',
          openWorldHint: true,
        },
        existing: claimed !== undefined,
      });
    }
  }
  return { operations, notes };
}
