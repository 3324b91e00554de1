// A recording: one tool call, resource read or prompt get and the upstream exchanges it caused, as one JSON file,
// redacted before it is written. Its file name holds a hash of the kind, the name and the (redacted) input, so
// recording the same input again replaces it, and a replay finds it by the input it is given.
import { createHash } from 'node:crypto';
import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/server';
import { messageOf } from '../errors.js';

export const RECORDING_FORMAT = 'mcp-factory-recording/1';

/** Where `npm run record` records (relative to the server's folder), and where `npx plop fixtures` reads. */
export const DEFAULT_RECORDING_DIR = 'recordings';

export interface RecordedRequest {
  method: string;
  /** The path below the base URL, without the query. */
  path: string;
  /** The query's parameters in order; a credential's value is `[redacted]`. */
  query: Array<[string, string]>;
  /** The headers sent (names in lower case), a credential's value `[redacted]`; trace headers left out. */
  headers: Record<string, string>;
  /** The JSON body sent. */
  body?: unknown;
  /** A form body's fields instead. */
  form?: Array<[string, string]>;
  /** Set when the body was cut at the limit: its full length in characters (as JSON). */
  bodyLength?: number;
}

export interface RecordedResponse {
  status?: number;
  /** content-type, retry-after, location, link: what a tool or the client's error mapping reads. */
  headers: Record<string, string>;
  body?: string;
  /** Set when the body was cut at the limit: its full length in characters. */
  bodyLength?: number;
  /** No answer: why (a network error, a timeout, a body over the size limit). */
  error?: string;
}

export interface RecordedExchange {
  request: RecordedRequest;
  /** The header names and query parameters that carried credentials (their values are redacted). */
  auth: { headers: string[]; query: string[] };
  response: RecordedResponse;
}

/** What every kind of recording has. */
export interface RecordingBase {
  format: typeof RECORDING_FORMAT;
  name: string;
  /** The server's base URL when it recorded (a result may quote it; a test replaces it with its own). */
  baseUrl?: string;
  exchanges: RecordedExchange[];
}

export interface ToolRecording extends RecordingBase {
  kind: 'tool';
  input: unknown;
  /** The tool's result, as a client got it (redacted). */
  result: CallToolResult;
}

/** A resource read or prompt get that failed: the JSON-RPC error the client got (redacted). */
export interface RecordedError {
  code?: number;
  message: string;
}

export interface ResourceRecording extends RecordingBase {
  kind: 'resource';
  /** The URI read (redacted). */
  input: { uri: string };
  /** The contents as the client got them, or the error it got instead. */
  result?: ReadResourceResult;
  error?: RecordedError;
}

export interface PromptRecording extends RecordingBase {
  kind: 'prompt';
  /** The prompt's arguments (redacted). */
  input: Record<string, string>;
  /** The messages as the client got them, or the error it got instead. */
  result?: GetPromptResult;
  error?: RecordedError;
}

export type Recording = ToolRecording | ResourceRecording | PromptRecording;
export type RecordingKind = Recording['kind'];
export const RECORDING_KINDS: readonly RecordingKind[] = ['tool', 'resource', 'prompt'];

/** JSON with object keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The recording's key: the kind, the tool's (resource's, prompt's) name and its redacted input. */
export function recordingKey(kind: string, name: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ kind, name, input })).digest('hex').slice(0, 12);
}

export const recordingFile = (kind: string, name: string, key: string): string => `${kind}-${name}-${key}.json`;

// Checked by hand, not with zod: the record modules are imported on demand, and zod in that lazily loaded part of
// a server's esbuild bundle breaks its start (zod's classes used before their module is initialised).
const isObject = (v: unknown): v is { [key: string]: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const pairs = (v: unknown) => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && strings(p));
const stringMap = (v: unknown) => isObject(v) && Object.values(v).every((s) => typeof s === 'string');

/** The first field of `v` that a recording cannot have, as `path: what it must be`; undefined when it is one. */
function problem(v: { [key: string]: unknown }): string | undefined {
  if (!RECORDING_KINDS.some((kind) => kind === v.kind)) return `kind: must be one of ${RECORDING_KINDS.join(', ')}`;
  if (typeof v.name !== 'string') return 'name: must be a string';
  if (v.baseUrl !== undefined && typeof v.baseUrl !== 'string') return 'baseUrl: must be a string';
  if (!Array.isArray(v.exchanges)) return 'exchanges: must be a list';
  for (const [i, e] of v.exchanges.entries()) {
    const at = `exchanges.${i}`;
    if (!isObject(e) || !isObject(e.request) || !isObject(e.auth) || !isObject(e.response)) {
      return `${at}: must have a request, auth and response`;
    }
    const { request, auth, response } = e;
    if (typeof request.method !== 'string' || typeof request.path !== 'string') {
      return `${at}.request: must have a method and a path`;
    }
    if (!pairs(request.query) || !stringMap(request.headers)) return `${at}.request: query and headers of strings`;
    if (!strings(auth.headers) || !strings(auth.query)) return `${at}.auth: lists of names`;
    if (!stringMap(response.headers)) return `${at}.response.headers: must be strings`;
  }
  return v.kind === 'tool' ? listIn(v.result, 'content', 'result') : primitiveProblem(v);
}

/** `result.<field>` must be a list of objects. */
function listIn(result: unknown, field: string, at: string): string | undefined {
  const list = isObject(result) ? result[field] : undefined;
  return Array.isArray(list) && list.every((item) => isObject(item)) ? undefined : `${at}: must have a ${field} list`;
}

/** A resource read or prompt get: its input, and a result or an error. */
function primitiveProblem(v: { [key: string]: unknown }): string | undefined {
  if (!stringMap(v.input)) return 'input: must map names to strings';
  if (v.kind === 'resource' && !(isObject(v.input) && typeof v.input.uri === 'string')) return 'input: must have a uri';
  if (v.error !== undefined) {
    const e = v.error;
    const valid = isObject(e) && typeof e.message === 'string' && (e.code === undefined || typeof e.code === 'number');
    return valid ? undefined : 'error: must have a message';
  }
  return listIn(v.result, v.kind === 'resource' ? 'contents' : 'messages', 'result');
}

function isRecording(v: { [key: string]: unknown }): v is { [key: string]: unknown } & Recording {
  return problem(v) === undefined;
}

/** A file's content as a recording, or why it is not one. */
export function parseRecording(text: string): Recording | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${messageOf(error)})`;
  }
  if (!isObject(value) || value.format !== RECORDING_FORMAT)
    return `not a recording (no "format": "${RECORDING_FORMAT}")`;
  return isRecording(value) ? value : `not a valid recording (${problem(value)})`;
}

/** The request's path below the base URL (`/v1/items/42` under `https://x/v1` → `/items/42`). */
export function pathBelow(baseUrl: string, url: URL): string {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
}
