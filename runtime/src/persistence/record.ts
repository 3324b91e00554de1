// The record of one tool call, built on the shared call path (the runtime's defineTool `call()`), with the
// upstream exchanges of that call collected by an AsyncLocalStorage (the upstream client reports each
// attempt to `observeUpstream`). Secrets never reach a record: every string passes redact().
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { messageOf } from '../errors.js';
import type { UpstreamExchange, UpstreamObserver } from '../upstream.js';
import type { CallRecorder } from '../defineTool.js';
import { redact } from '../secrets.js';

export interface ExchangeRecord {
  method: string;
  /** Redacted: the query scheme's key is replaced by [redacted]. */
  url: string;
  requestBody?: unknown;
  /** Set when the request body was cut: its full length in characters (as JSON). */
  requestBodyLength?: number;
  status?: number;
  responseBody?: string;
  responseBodyLength?: number;
  error?: string;
  durationMs: number;
}

export type Outcome = 'ok' | 'error' | 'cancelled';

export interface CallRecord {
  id: string;
  /** When the call started (ISO 8601). */
  time: string;
  requestId?: string | number;
  tool: string;
  args: unknown;
  upstream: ExchangeRecord[];
  /** Upstream attempts, retries included. */
  attempts: number;
  durationMs: number;
  outcome: Outcome;
  /** The result's text (cut above the body limit, with `resultLength`). */
  result?: string;
  resultLength?: number;
  pid: number;
}

/** Where records go: a store appends them in order; the promise settles once the record is durable. */
export interface RecordSink {
  append(record: CallRecord, line: string): Promise<void> | undefined;
}

/** Cuts text above `max` characters; returns the text and, when cut, the original length. */
export function clip(text: string, max: number): { text: string; length?: number } {
  return text.length > max ? { text: text.slice(0, max), length: text.length } : { text };
}

function exchangeRecord(exchange: UpstreamExchange, max: number): ExchangeRecord {
  const record: ExchangeRecord = { method: exchange.method, url: exchange.url, durationMs: exchange.durationMs };
  if (exchange.requestBody !== undefined) {
    const json = JSON.stringify(exchange.requestBody);
    const cut = clip(json, max);
    record.requestBody = cut.length === undefined ? exchange.requestBody : cut.text;
    if (cut.length !== undefined) record.requestBodyLength = cut.length;
  }
  if (exchange.status !== undefined) record.status = exchange.status;
  if (exchange.responseBody !== undefined) {
    const cut = clip(exchange.responseBody, max);
    record.responseBody = cut.text;
    if (cut.length !== undefined) record.responseBodyLength = cut.length;
  }
  if (exchange.error !== undefined) record.error = exchange.error;
  return record;
}

function resultText(result: CallToolResult): string {
  return result.content.map((item) => (item.type === 'text' ? item.text : `[${item.type}]`)).join('\n');
}

/** One JSON line, every string redacted (URLs, bodies, arguments, errors). */
export function serialize(record: CallRecord): string {
  return `${JSON.stringify(record, (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value))}\n`;
}

export interface Recording {
  recorder: CallRecorder;
  observeUpstream: UpstreamObserver;
  /** Records that could not be built (a failure never fails a call). */
  readonly failures: number;
}

/** The recorder defineTool calls, and the observer the upstream client reports to. */
export function createRecording(sink: RecordSink, maxBodyBytes: number, report: (message: string) => void): Recording {
  const exchangesOfCall = new AsyncLocalStorage<UpstreamExchange[]>();
  let failures = 0;
  const recorder: CallRecorder = {
    async record(call, run) {
      const started = Date.now();
      const t0 = performance.now();
      const exchanges: UpstreamExchange[] = [];
      const result = await exchangesOfCall.run(exchanges, run);
      let durable: Promise<void> | undefined;
      try {
        const text = clip(resultText(result), maxBodyBytes);
        const record: CallRecord = {
          id: randomUUID(),
          time: new Date(started).toISOString(),
          ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
          tool: call.tool,
          args: call.args,
          upstream: exchanges.map((e) => exchangeRecord(e, maxBodyBytes)),
          attempts: exchanges.length,
          durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
          outcome: call.signal?.aborted ? 'cancelled' : result.isError ? 'error' : 'ok',
          result: text.text,
          ...(text.length === undefined ? {} : { resultLength: text.length }),
          pid: process.pid,
        };
        durable = sink.append(record, serialize(record));
      } catch (error) {
        if (failures++ === 0) report(`persistence: could not record a ${call.tool} call: ${messageOf(error)}`);
      }
      // `always`: the response leaves only after the record is on disk (the sink never rejects).
      if (durable) await durable;
      return result;
    },
  };
  return {
    recorder,
    observeUpstream: (exchange) => exchangesOfCall.getStore()?.push(exchange),
    get failures() {
      return failures;
    },
  };
}
