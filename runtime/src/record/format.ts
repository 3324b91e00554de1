// A recording: one tool call and the upstream exchanges it caused, as one JSON file, redacted before it is
// written. Its file name holds a hash of the tool and its (redacted) input, so recording the same input again
// replaces it, and a replay finds it by the input it is given.
import { createHash } from 'node:crypto';
import * as z from 'zod';

export const RECORDING_FORMAT = 'mcp-factory-recording/1';

/** Where `npm run record` records (relative to the server's folder), and where `npx plop fixtures` reads. */
export const DEFAULT_RECORDING_DIR = 'recordings';

const pair = z.tuple([z.string(), z.string()]);

const recordedRequest = z.object({
  method: z.string(),
  /** The path below the base URL, without the query. */
  path: z.string(),
  /** The query's parameters in order; a credential's value is `[redacted]`. */
  query: z.array(pair),
  /** The headers sent (names in lower case), a credential's value `[redacted]`; trace headers left out. */
  headers: z.record(z.string(), z.string()),
  /** The JSON body sent. */
  body: z.unknown().optional(),
  /** A form body's fields instead. */
  form: z.array(pair).optional(),
  /** Set when the body was cut at the limit: its full length in characters (as JSON). */
  bodyLength: z.number().optional(),
});

const recordedResponse = z.object({
  status: z.number().optional(),
  /** content-type, retry-after, location, link: what a tool or the client's error mapping reads. */
  headers: z.record(z.string(), z.string()),
  body: z.string().optional(),
  /** Set when the body was cut at the limit: its full length in characters. */
  bodyLength: z.number().optional(),
  /** No answer: why (a network error, a timeout, a body over the size limit). */
  error: z.string().optional(),
});

const recordedExchange = z.object({
  request: recordedRequest,
  /** The header names and query parameters that carried credentials (their values are redacted). */
  auth: z.object({ headers: z.array(z.string()), query: z.array(z.string()) }),
  response: recordedResponse,
});

const recording = z.object({
  format: z.literal(RECORDING_FORMAT),
  kind: z.literal('tool'),
  name: z.string(),
  /** The server's base URL when it recorded (a result may quote it; a test replaces it with its own). */
  baseUrl: z.string().optional(),
  input: z.unknown(),
  exchanges: z.array(recordedExchange),
  /** The tool's result, as a client got it (redacted): content items as the SDK has them (text, image, …). */
  result: z.looseObject({ content: z.array(z.looseObject({ type: z.string() })), isError: z.boolean().optional() }),
});

export type RecordedRequest = z.infer<typeof recordedRequest>;
export type RecordedResponse = z.infer<typeof recordedResponse>;
export type RecordedExchange = z.infer<typeof recordedExchange>;
export type Recording = z.infer<typeof recording>;

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
  if (!value || typeof value !== 'object' || !('format' in value) || value.format !== RECORDING_FORMAT) {
    return `not a recording (no "format": "${RECORDING_FORMAT}")`;
  }
  const parsed = recording.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not a valid recording (${issue.path.join('.') || 'recording'}: ${issue.message})`;
  }
  return parsed.data;
}

/** The request's path below the base URL (`/v1/items/42` under `https://x/v1` → `/items/42`). */
export function pathBelow(baseUrl: string, url: URL): string {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
}
