// A recording: one tool call and the upstream exchanges it caused, as one JSON file, redacted before it is
// written. Its file name holds a hash of the tool and its (redacted) input, so recording the same input again
// replaces it, and a replay finds it by the input it is given.
import { createHash } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/server';

export const RECORDING_FORMAT = 'mcp-factory-recording/1';

export interface RecordedRequest {
  method: string;
  /** The path below the base URL, without the query. */
  path: string;
  /** The query's parameters in order; a credential's value is `[redacted]`. */
  query: Array<[string, string]>;
  /** The headers sent (names in lower case), a credential's value `[redacted]`; trace headers left out. */
  headers: Record<string, string>;
  /** The JSON body sent; a form body is `{ form: [[name, value], …] }` under `form`. */
  body?: unknown;
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

export interface Recording {
  format: typeof RECORDING_FORMAT;
  kind: 'tool';
  name: string;
  /** The server's base URL when it recorded (a result may quote it; a test replaces it with its own). */
  baseUrl?: string;
  input: unknown;
  exchanges: RecordedExchange[];
  result: CallToolResult;
}

/** JSON with object keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The recording's key: the tool and its redacted input. */
export function recordingKey(kind: string, name: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ kind, name, input })).digest('hex').slice(0, 12);
}

export const recordingFile = (kind: string, name: string, key: string): string => `${kind}-${name}-${key}.json`;

/** A file's content as a recording, or why it is not one. */
export function parseRecording(text: string): Recording | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const r = value as Partial<Recording> | null;
  if (!r || r.format !== RECORDING_FORMAT) return `not a recording (no "format": "${RECORDING_FORMAT}")`;
  if (r.kind !== 'tool' || typeof r.name !== 'string' || !Array.isArray(r.exchanges) || !r.result) {
    return 'a recording without kind "tool", a name, exchanges or a result';
  }
  return r as Recording;
}

/** The request's path below the base URL (`/v1/items/42` under `https://x/v1` → `/items/42`). */
export function pathBelow(baseUrl: string, url: URL): string {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
}
