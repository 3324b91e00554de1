// Record mode (`<PREFIX>_RECORD=<dir>`): each tool call, with the upstream attempts it caused, becomes one
// recording file, redacted first (redact.ts). The calls run as always: recording only watches.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { CallRecorder } from '../defineTool.js';
import type { TappedExchange } from './active.js';
import {
  RECORDING_FORMAT,
  pathBelow,
  recordingFile,
  recordingKey,
  type RecordedExchange,
  type Recording,
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

function resultRecord(result: CallToolResult, r: Redactor): CallToolResult {
  const content = result.content.map((item) =>
    item.type === 'text' ? { ...item, text: r.jsonText(item.text) } : item,
  );
  return r.value({ ...result, content });
}

export interface Recorder {
  recorder: CallRecorder;
  exchange(exchange: TappedExchange): void;
  /** Files written so far. */
  readonly written: number;
}

export function createRecorder(settings: RecordSettings): Recorder {
  const { dir, maxBodyChars, report } = settings;
  fs.mkdirSync(dir, { recursive: true });
  const deny = loadDenyList(dir, true);
  const calls = new AsyncLocalStorage<TappedExchange[]>();
  let written = 0;
  let failed = 0;
  const write = (call: { tool: string; args: unknown }, exchanges: TappedExchange[], result: CallToolResult) => {
    const redactor = createRedactor(
      deny,
      exchanges.flatMap((e) => e.auth.values),
    );
    redactor.learn(call.args);
    for (const e of exchanges) {
      redactor.learn(e.requestBody);
      if (e.responseBody !== undefined) redactor.learn(e.responseBody);
    }
    for (const item of result.content) if (item.type === 'text') redactor.learn(item.text);
    const input = redactor.value(call.args ?? {});
    const key = recordingKey('tool', call.tool, input);
    const recording: Recording = {
      format: RECORDING_FORMAT,
      kind: 'tool',
      name: call.tool,
      ...(exchanges[0] ? { baseUrl: redactor.text(exchanges[0].baseUrl) } : {}),
      input,
      exchanges: exchanges.map((e) => exchangeRecord(e, redactor, maxBodyChars)),
      result: resultRecord(result, redactor),
    };
    const file = path.join(dir, recordingFile('tool', call.tool, key));
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(recording, null, 2)}\n`);
    fs.renameSync(temp, file); // a reader never sees half a recording
    written += 1;
  };
  return {
    recorder: {
      async record(call, run) {
        const exchanges: TappedExchange[] = [];
        const result = await calls.run(exchanges, run);
        if (call.signal?.aborted) return result; // a cancelled call has no result worth replaying
        try {
          write(call, exchanges, result);
        } catch (error) {
          // Recording never fails a call: one line the first time, then silence.
          if (failed++ === 0) report(`record: could not record a ${call.tool} call: ${(error as Error).message}`);
        }
        return result;
      },
    },
    exchange: (exchange) => calls.getStore()?.push(exchange),
    get written() {
      return written;
    },
  };
}
