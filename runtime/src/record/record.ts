// Record mode (`<PREFIX>_RECORD=<dir>`): each tool call, resource read and prompt get, with the upstream attempts
// it caused, becomes one recording file, redacted first (redact.ts). The calls run as always: recording only watches.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/server';
import type { CallRecorder } from '../defineTool.js';
import { messageOf } from '../errors.js';
import type { PrimitiveCall, PrimitiveRecorder, TappedExchange } from './active.js';
import {
  RECORDING_FORMAT,
  pathBelow,
  recordingFile,
  recordingKey,
  type RecordedError,
  type RecordingBase,
  type RecordedExchange,
  type Recording,
  type RecordingKind,
} from './format.js';
import { createRedactor, loadDenyList, REDACTED, type Redactor } from './redact.js';

/** Response headers worth keeping: what a tool or the error mapping reads. */
const KEPT_RESPONSE_HEADERS = ['content-type', 'retry-after', 'location', 'link'];
/** Request headers never recorded: the trace context differs on every call. */
const TRACE_HEADERS = new Set(['traceparent', 'tracestate', 'baggage']);

export interface RecordSettings {
  dir: string;
  /** Bodies longer than this (characters) are cut, their full length noted. */
  maxBodyChars: number;
  report(message: string): void;
}

function cut(text: string, max: number): { text: string; length?: number } {
  return text.length > max ? { text: text.slice(0, max), length: text.length } : { text };
}

/** A form body as the upstream client reports it: its entries (`[...formData]`). */
const isFormEntries = (body: unknown): body is Array<[string, unknown]> =>
  Array.isArray(body) &&
  body.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string');

function exchangeRecord(e: TappedExchange, r: Redactor, max: number): RecordedExchange {
  const url = new URL(e.url);
  const authQuery = new Set(e.auth.query);
  const authHeaders = new Set(e.auth.headers);
  const query = [...url.searchParams].map(([k, v]): [string, string] => [
    k,
    authQuery.has(k) || r.denied(k) ? REDACTED : r.text(v),
  ]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(e.requestHeaders)) {
    const lower = name.toLowerCase();
    if (TRACE_HEADERS.has(lower)) continue;
    headers[lower] = authHeaders.has(lower) || r.denied(lower) ? REDACTED : r.text(value);
  }
  const request: RecordedExchange['request'] = { method: e.method, path: pathBelow(e.baseUrl, url), query, headers };
  if (isFormEntries(e.requestBody)) {
    request.form = e.requestBody.map(([k, v]) => [
      k,
      r.denied(k) ? REDACTED : r.text(typeof v === 'string' ? v : '[file]'),
    ]);
  } else if (e.requestBody !== undefined) {
    const body = r.value(e.requestBody);
    const json = JSON.stringify(body);
    const part = cut(json, max);
    request.body = part.length === undefined ? body : part.text;
    if (part.length !== undefined) request.bodyLength = part.length;
  }
  const response: RecordedExchange['response'] = { headers: {} };
  if (e.status !== undefined) response.status = e.status;
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = e.responseHeaders?.get(name);
    if (value) response.headers[name] = r.text(value);
  }
  if (e.responseBody !== undefined) {
    const part = cut(r.jsonText(e.responseBody), max);
    response.body = part.text;
    if (part.length !== undefined) response.bodyLength = part.length;
  }
  if (e.error !== undefined) response.error = r.text(e.error);
  return { request, auth: { headers: [...authHeaders], query: [...authQuery] }, response };
}

/** Text items (a tool's content, a resource's contents, a prompt's messages' content): JSON in them redacted too. */
function textRecord<T>(item: T, r: Redactor): T {
  if (item && typeof item === 'object' && 'text' in item && typeof item.text === 'string') {
    return { ...item, text: r.jsonText(item.text) };
  }
  return item;
}

function resultRecord(result: CallToolResult, r: Redactor): CallToolResult {
  return r.value({ ...result, content: result.content.map((item) => textRecord(item, r)) });
}

function contentsRecord(result: ReadResourceResult, r: Redactor): ReadResourceResult {
  return r.value({ ...result, contents: result.contents.map((item) => textRecord(item, r)) });
}

function messagesRecord(result: GetPromptResult, r: Redactor): GetPromptResult {
  const messages = result.messages.map((m) => ({ ...m, content: textRecord(m.content, r) }));
  return r.value({ ...result, messages });
}

/** The JSON-RPC error a failed read or get gave the client (a ProtocolError's code and message). */
function errorRecord(error: unknown, r: Redactor): RecordedError {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  const message = r.text(error instanceof Error ? error.message : String(error));
  return typeof code === 'number' ? { code, message } : { message };
}

/** The texts a result carries: a deny-listed field in them is redacted wherever else it appears. */
const textsOf = (items: readonly object[]): string[] =>
  items.flatMap((item) => ('text' in item && typeof item.text === 'string' ? [item.text] : []));

export interface Recorder {
  recorder: CallRecorder;
  primitives: PrimitiveRecorder;
  exchange(exchange: TappedExchange): void;
  /** Files written so far. */
  readonly written: number;
}

interface Call {
  kind: RecordingKind;
  name: string;
  args: unknown;
}

export function createRecorder(settings: RecordSettings): Recorder {
  const { dir, maxBodyChars, report } = settings;
  fs.mkdirSync(dir, { recursive: true });
  const deny = loadDenyList(dir, true);
  const calls = new AsyncLocalStorage<TappedExchange[]>();
  let written = 0;
  let failed = 0;
  /** The recording of a call: redacted with what its exchanges and `texts` taught the redactor. */
  const write = (call: Call, exchanges: TappedExchange[], texts: string[], build: (r: Redactor) => Recording) => {
    const redactor = createRedactor(
      deny,
      exchanges.flatMap((e) => e.auth.values),
    );
    redactor.learn(call.args);
    for (const e of exchanges) {
      redactor.learn(e.requestBody);
      if (e.responseBody !== undefined) redactor.learn(e.responseBody);
    }
    for (const text of texts) redactor.learn(text);
    const recording = build(redactor);
    const file = path.join(
      dir,
      recordingFile(call.kind, call.name, recordingKey(call.kind, call.name, recording.input)),
    );
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(recording, null, 2)}\n`);
    fs.renameSync(temp, file); // a reader never sees half a recording
    written += 1;
  };
  const common = (call: Call, exchanges: TappedExchange[], r: Redactor): RecordingBase => ({
    format: RECORDING_FORMAT,
    name: call.name,
    ...(exchanges[0] ? { baseUrl: r.text(exchanges[0].baseUrl) } : {}),
    exchanges: exchanges.map((e) => exchangeRecord(e, r, maxBodyChars)),
  });
  // Recording never fails a call: one line the first time, then silence.
  const safely = (call: Call, save: () => void) => {
    try {
      save();
    } catch (error) {
      if (failed++ === 0) report(`record: could not record a ${call.kind} ${call.name} call: ${messageOf(error)}`);
    }
  };
  /**
   * Runs a resource read or prompt get, recording what it gave (or threw); an answer `complete` rejects (a prompt
   * round that asked the client for input) is returned unrecorded.
   */
  async function around<R extends ReadResourceResult | GetPromptResult, A>(
    call: Call & { kind: 'resource' | 'prompt'; args: PrimitiveCall['input'] },
    signal: AbortSignal | undefined,
    run: () => Promise<R | A>,
    complete: (answer: R | A) => answer is R,
    texts: (result: R) => string[],
    build: (r: Redactor, outcome: { result: R } | { error: unknown }, exchanges: TappedExchange[]) => Recording,
  ): Promise<R | A> {
    const exchanges: TappedExchange[] = [];
    let answer: R | A;
    try {
      answer = await calls.run(exchanges, run);
    } catch (error) {
      if (!signal?.aborted) safely(call, () => write(call, exchanges, [], (r) => build(r, { error }, exchanges)));
      throw error;
    }
    if (!signal?.aborted && complete(answer)) {
      const result = answer;
      safely(call, () => write(call, exchanges, texts(result), (r) => build(r, { result }, exchanges)));
    }
    return answer;
  }
  const failure = (outcome: { error: unknown } | object, r: Redactor) =>
    'error' in outcome ? { error: errorRecord(outcome.error, r) } : {};
  return {
    recorder: {
      async record(tool, run) {
        const exchanges: TappedExchange[] = [];
        const result = await calls.run(exchanges, run);
        if (tool.signal?.aborted) return result; // a cancelled call has no result worth replaying
        const call: Call = { kind: 'tool', name: tool.tool, args: tool.args };
        safely(call, () =>
          write(call, exchanges, textsOf(result.content), (r) => ({
            ...common(call, exchanges, r),
            kind: 'tool',
            input: r.value(tool.args ?? {}),
            result: resultRecord(result, r),
          })),
        );
        return result;
      },
    },
    primitives: {
      read({ name, input, signal }, run) {
        const call = { kind: 'resource' as const, name, args: input };
        const complete = (_answer: ReadResourceResult): _answer is ReadResourceResult => true;
        const texts = (result: ReadResourceResult) => textsOf(result.contents);
        return around(call, signal, run, complete, texts, (r, outcome, exchanges) => ({
          ...common(call, exchanges, r),
          kind: 'resource',
          input: r.value(input),
          ...('result' in outcome ? { result: contentsRecord(outcome.result, r) } : failure(outcome, r)),
        }));
      },
      get({ name, input, signal }, run) {
        const call = { kind: 'prompt' as const, name, args: input };
        const complete = (answer: object): answer is GetPromptResult => 'messages' in answer;
        const texts = (result: GetPromptResult) => textsOf(result.messages.map((m) => m.content));
        return around(call, signal, run, complete, texts, (r, outcome, exchanges) => ({
          ...common(call, exchanges, r),
          kind: 'prompt',
          input: r.value(input),
          ...('result' in outcome ? { result: messagesRecord(outcome.result, r) } : failure(outcome, r)),
        }));
      },
    },
    exchange: (exchange) => calls.getStore()?.push(exchange),
    get written() {
      return written;
    },
  };
}
