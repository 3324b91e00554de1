// One resource = one file in src/resources that calls defineResource: its URI (fixed, or a URI
// template such as items://{id}), its metadata, and a thin `read` that fetches it through the shared
// upstream client, so auth, retries and error mapping are inherited. Upstream failures become
// JSON-RPC errors with the words a tool would show; an upstream 404 becomes "resource not found".
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  ResourceTemplate,
  UriTemplate,
  type McpServer,
  type ReadResourceResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { ToolDeps } from './defineTool.js';
import { describe, UpstreamError } from './errors.js';
import { log } from './log.js';
import { activePrimitiveRecorder } from './record/active.js';
import { redact } from './secrets.js';
import { activeTracer, callInfoOf } from './tracing/active.js';

export type ResourceDeps = ToolDeps;

export interface ResourceContext extends ResourceDeps {
  /** Aborted when the client cancels the read or the connection closes. */
  signal: AbortSignal;
}

/** One instance of a template, as resources/list shows it. */
export interface ListedResource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface ResourceSpec {
  name: string;
  title?: string;
  description?: string;
  mimeType: string;
  /** A fixed URI (docs://readme) or a URI template with {variable}s (items://{id}). */
  uri: string;
  /** The content: a string as it is, anything else as JSON. `vars` are percent-decoded. */
  read(vars: Record<string, string>, context: ResourceContext): Promise<unknown>;
  /** Enumerates the instances of a template (shown by resources/list). */
  list?(context: ResourceContext): Promise<ListedResource[]>;
}

export interface Resource {
  name: string;
  uri: string;
  title?: string;
  description?: string;
  mimeType: string;
  isTemplate: boolean;
  register(server: McpServer, deps: ResourceDeps): void;
  /** Reads a URI as the server would (failures are thrown as JSON-RPC errors): handy in unit tests. */
  read(uri: string, deps: ResourceDeps, signal?: AbortSignal): Promise<ReadResourceResult>;
  /** The template's instances, when it can enumerate them. */
  list?(deps: ResourceDeps, signal?: AbortSignal): Promise<ListedResource[]>;
}

const TEMPLATE_VARIABLE = /\{[^}]*\}/;

/** `items://a%20b%2F42` → { id: 'a b/42' }; the client encodes, the upstream path encodes again. */
function decodeVariables(uri: string, variables: Record<string, string | string[]>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const raw = Array.isArray(value) ? value.join(',') : value;
    try {
      decoded[name] = decodeURIComponent(raw);
    } catch {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `resource URI ${uri}: ${name} is not valid percent-encoding`,
      );
    }
  }
  return decoded;
}

/** Maps a failed read to the JSON-RPC error the client gets. */
function toReadError(uri: string, error: unknown, deps: ResourceDeps): Error {
  if (error instanceof ProtocolError) return error;
  if (error instanceof UpstreamError && error.kind === 'not_found') return new ResourceNotFoundError(uri);
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    redact(`reading ${uri} failed: ${describe(error, deps.config)}`),
  );
}

export function defineResource(spec: ResourceSpec): Resource {
  const isTemplate = TEMPLATE_VARIABLE.test(spec.uri);
  const template = new UriTemplate(spec.uri);

  async function readNow(uri: string, deps: ResourceDeps, signal: AbortSignal): Promise<ReadResourceResult> {
    const variables = isTemplate ? template.match(uri) : uri === spec.uri ? {} : null;
    if (!variables) throw new ResourceNotFoundError(uri);
    try {
      const data = await spec.read(decodeVariables(uri, variables), { ...deps, signal });
      const text = typeof data === 'string' ? data : JSON.stringify(data ?? null); // compact: tokens cost
      return { contents: [{ uri, mimeType: spec.mimeType, text }] };
    } catch (error) {
      log.warn(`resource ${spec.name} (${uri}) failed: ${error instanceof Error ? error.message : String(error)}`);
      throw toReadError(uri, error, deps);
    }
  }

  // The one path every read takes: recorded or replayed (`<PREFIX>_RECORD`, `_REPLAY`) when the hook is set.
  async function read(
    uri: string,
    deps: ResourceDeps,
    signal = new AbortController().signal,
  ): Promise<ReadResourceResult> {
    const recorder = activePrimitiveRecorder();
    if (!recorder) return readNow(uri, deps, signal);
    try {
      return await recorder.read({ name: spec.name, input: { uri }, signal }, () => readNow(uri, deps, signal));
    } catch (error) {
      throw toReadError(uri, error, deps); // a replay's miss, with the words of a failed read
    }
  }

  const listAll = spec.list;
  const list = listAll
    ? (deps: ResourceDeps, signal = new AbortController().signal) => listAll.call(spec, { ...deps, signal })
    : undefined;

  return {
    name: spec.name,
    uri: spec.uri,
    title: spec.title,
    description: spec.description,
    mimeType: spec.mimeType,
    isTemplate,
    read,
    list,
    register(server, deps) {
      const { name, title, description, mimeType } = spec;
      const metadata = { title, description, mimeType };
      const signalOf = (ctx: { mcpReq: { signal: AbortSignal } }) => ctx.mcpReq.signal;
      // In a span when tracing is on (OTEL_* variables), else straight through.
      const readTraced = (url: URL, ctx: ServerContext) => {
        const tracer = activeTracer();
        const answer = () => read(url.href, deps, signalOf(ctx));
        return tracer ? tracer.call(callInfoOf('resources/read', name, ctx, url.href), answer) : answer();
      };
      if (!isTemplate) {
        server.registerResource(name, spec.uri, metadata, readTraced);
        return;
      }
      const listing = list
        ? async (ctx: { mcpReq: { signal: AbortSignal } }) => ({
            resources: (await list(deps, signalOf(ctx))).map((r) => ({ mimeType, ...r })),
          })
        : undefined;
      server.registerResource(name, new ResourceTemplate(spec.uri, { list: listing }), metadata, (url, _vars, ctx) =>
        readTraced(url, ctx),
      );
    },
  };
}

const isObject = (value: unknown): value is { [key: string]: unknown } => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * The usual shapes of an upstream list: an array, or an object holding one (`items`, `data`,
 * `results`, or its first array). Each entry is an id, or an object with the variable (or `id`).
 */
export function listedFrom(
  data: unknown,
  variable: string,
  toUri: (id: string) => string,
  mimeType: string,
): ListedResource[] {
  const record = isObject(data) ? data : {};
  const entries: unknown[] = Array.isArray(data)
    ? data
    : (['items', 'data', 'results'].map((k) => record[k]).find(Array.isArray) ??
      Object.values(record).find(Array.isArray) ??
      []);
  const listed: ListedResource[] = [];
  for (const entry of entries) {
    const item = isObject(entry) ? entry : { [variable]: entry };
    const id = item[variable] ?? item.id;
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const uri = toUri(String(id));
    const label = [item.name, item.title].find(isString);
    listed.push({ uri, name: label ?? uri, mimeType });
  }
  return listed;
}
