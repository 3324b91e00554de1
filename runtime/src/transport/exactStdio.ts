/**
 * ExactStdioTransport: drop-in for the SDK's StdioServerTransport, which silently drops bad lines
 * (the client waits forever) and closes itself on an oversized one. This one answers every bad
 * line, never closes on bad input, and keeps memory bounded. Error codes (SDK 2.4.0, measured):
 *   transport -32700 not JSON | -32600 not a JSON-RPC 2.0 message the SDK accepts, batch, oversized line
 *   SDK -32601 unknown method | -32602 tools/call unknown tool or malformed params | -32603 handler threw
 *   transport rewrites SDK -32603 -> -32602 when the SDK's own params schema failed (fixParamsCode)
 *   transport -32000 "Server busy": only while a tool waits for the client's answer to our request and
 *   maxInFlight more requests are already queued (reading must go on to find that answer)
 * Bad tool arguments and throwing tools are `isError: true` results, as MCP requires; not touched.
 * On stdin EOF it reads what is left (a last line without a newline too), answers every request it has read,
 * then closes (the SDK's transport closes at once and drops the answers of requests still in flight).
 */
import type { Readable, Writable } from 'node:stream';
import { parseJSONRPCMessage } from '@modelcontextprotocol/server';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

import { diagnose, fixParamsCode, isId, isObject, type Id, type Msg } from './jsonRpcErrors.js';
export interface ExactStdioOptions {
  /** Longest accepted line in bytes (default 4 MiB); longer lines are skipped and answered -32600. */
  maxLineBytes?: number;
  /**
   * Largest message written in bytes (default 8 MiB): the official SDK client drops the connection on a
   * line over 10 MiB. A larger response is replaced by a -32603 error that says why; the client stays.
   */
  maxMessageBytes?: number;
  /** Requests handed to the server but not yet answered (default 64); stdin is paused at the limit,
   *  unless the server waits for the client: then requests beyond a further 64 queued get -32000. */
  maxInFlight?: number;
}

/** One shared no-op 'error' sink left on stdout after close(): a late EPIPE cannot crash the process, and sinks never pile up. */
const ignoreError = (): void => {};

export class ExactStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly maxLineBytes: number;
  private readonly maxMessageBytes: number;
  private readonly maxInFlight: number;
  private started = false;
  private closed = false;
  /** stdin has ended: no more input, but every request already read is still answered before we close. */
  private ended = false;
  private resolveFinished!: () => void;
  /** Resolves once the transport has closed: after stdin ended and the last answer was written, or on close(). */
  readonly finished = new Promise<void>((resolve) => {
    this.resolveFinished = resolve;
  });
  // The current line: we keep at most maxLineBytes of it. Past that we only count bytes until the next newline.
  private parts: Buffer[] = [];
  private lineBytes = 0;
  private overflowBytes = 0;
  /** Bytes of the last chunk not yet split into lines, kept while reading is blocked (at most one chunk). */
  private held: Buffer | undefined;
  private pumpScheduled = false;
  private readonly inFlightIds = new Map<Id, number>();
  private inFlightCount = 0;
  /** Messages waiting for a slot (≤ maxInFlight). Parking rather than pausing at once lets responses and
   *  cancellations queued behind requests through: else handlers awaiting the client would deadlock us. */
  private parked: Msg[] = [];
  /** Our requests to the client (sampling, elicitation, ping) still unanswered. While there are any,
   *  reading never stops: the answer a tool is waiting for may be queued behind new requests. */
  private readonly awaitingPeer = new Set<Id>();
  private drain: { promise: Promise<void>; resolve: () => void } | undefined;
  /** A rejected batch whose per-element errors are still being written, paced by stdout like everything else. */
  private batch: { items: unknown[]; next: number } | undefined;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    options: ExactStdioOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? 4 * 1024 * 1024;
    this.maxMessageBytes = options.maxMessageBytes ?? 8 * 1024 * 1024;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 64);
  }

  /** Requests given to the server and not yet answered (for diagnostics). */
  get inFlight(): number {
    return this.inFlightCount;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('ExactStdioTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData).on('error', this.onStdinError).on('end', this.onEnd).on('close', this.onEnd);
    this.stdout.on('error', this.onStdoutError);
    if (this.stdin.readableEnded || this.stdin.destroyed) setImmediate(this.onEnd);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData).off('error', this.onStdinError).off('end', this.onEnd).off('close', this.onEnd);
    this.stdout.off('error', this.onStdoutError);
    if (!this.stdout.listeners('error').includes(ignoreError)) this.stdout.on('error', ignoreError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.parts = [];
    this.held = undefined;
    this.batch = undefined;
    this.parked = []; // close() was asked for (or stdout failed): requests still queued are not answered
    this.awaitingPeer.clear();
    this.drain?.resolve(); // let senders go: the 'drain' they wait for will never come
    this.onclose?.();
    this.resolveFinished();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('ExactStdioTransport is closed');
    const m = message as Msg;
    this.trackPeerRequest(m);
    try {
      const line = this.bounded(m);
      if (line) await this.writeLine(line);
    } finally {
      // Free the slot only once stdout has taken the bytes. Then a client that never reads
      // stdout blocks reading too, instead of making us buffer responses without limit.
      if (!('method' in m)) this.release(m.id);
    }
  }

  /** The line for a message, or for a response too large to send, an error response saying so. */
  private bounded(m: Msg): string {
    const line = JSON.stringify(fixParamsCode(m)) + '\n';
    const bytes = Buffer.byteLength(line);
    if (bytes <= this.maxMessageBytes) return line;
    const message = `response of ${bytes} bytes is over this server's limit of ${this.maxMessageBytes} bytes per message: ask for less, or raise the server's MAX_MESSAGE_BYTES`;
    if ('method' in m || !isId(m.id)) {
      this.onerror?.(new Error(`dropped an outgoing ${'method' in m ? String(m.method) : 'message'}: ${message}`));
      return '';
    }
    return JSON.stringify({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message } }) + '\n';
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.held = this.held ? Buffer.concat([this.held, buf]) : buf;
    this.pump();
  };

  /** Delivers parked messages, splits held bytes into lines while allowed, and pauses stdin when not. */
  private pump(): void {
    this.flushBatch();
    this.flushParked();
    while (this.held && this.canRead()) {
      const nl = this.held.indexOf(0x0a);
      this.accumulate(nl === -1 ? this.held : this.held.subarray(0, nl));
      this.held = nl === -1 || nl + 1 === this.held.length ? undefined : this.held.subarray(nl + 1);
      if (nl !== -1) this.endLine();
    }
    if (this.closed) return;
    if (this.ended) return this.finishAfterEnd();
    if (this.held || !this.canRead()) this.stdin.pause();
    else this.stdin.resume();
  }

  /** After stdin's end: the last line without a newline counts as a line; close once nothing is left to answer. */
  private finishAfterEnd(): void {
    if (this.held || !this.canRead()) return; // a slot or stdout's 'drain' will pump again
    if (this.parts.length > 0 || this.overflowBytes > 0) this.endLine();
    if (this.parked.length > 0 || this.inFlightCount > 0 || this.batch || this.drain) return;
    void this.close();
  }

  private canRead(): boolean {
    if (this.closed || this.drain || this.batch) return false;
    return this.parked.length < this.maxInFlight || this.awaitingPeer.size > 0;
  }

  /** Follows our own requests to the client, so that reading goes on until each is answered or cancelled. */
  private trackPeerRequest(m: Msg): void {
    if (typeof m.method !== 'string') return;
    if (isId(m.id)) this.awaitingPeer.add(m.id);
    else if (m.method === 'notifications/cancelled' && isObject(m.params) && isId(m.params.requestId)) {
      if (this.awaitingPeer.delete(m.params.requestId)) this.schedulePump();
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.closed) return;
    this.pumpScheduled = true;
    // Run it later, so that a send() finishing inside the SDK never calls onmessage again in the same call stack.
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private accumulate(segment: Buffer): void {
    if (this.overflowBytes === 0 && this.lineBytes + segment.length <= this.maxLineBytes) {
      this.parts.push(segment);
      this.lineBytes += segment.length;
    } else {
      this.overflowBytes += (this.overflowBytes === 0 ? this.lineBytes : 0) + segment.length;
      this.parts = []; // an oversized line is only counted, never kept
      this.lineBytes = 0;
    }
  }

  private endLine(): void {
    const overflow = this.overflowBytes;
    const raw = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.lineBytes = this.overflowBytes = 0;
    if (overflow > 0) return this.reply(null, -32600, `Request too large: ${overflow} bytes > ${this.maxLineBytes}`);
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return; // a blank line holds no request, so nobody is waiting for an answer
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return this.reply(null, -32700, `Parse error: ${(error as Error).message}`);
    }
    if (Array.isArray(value)) return this.rejectBatch(value);
    this.accept(value);
  }

  /**
   * MCP 2025-03-26 added JSON-RPC batching and 2025-06-18 removed it again, and the SDK has no batch
   * shape. JSON-RPC §6 wants one error per element, and a single error for an empty array.
   * `[0,0,…]` turns 2 input bytes into ~150 output bytes, so the replies are paced by stdout's 'drain'.
   */
  private rejectBatch(items: unknown[]): void {
    if (items.length === 0) return this.reply(null, -32600, 'Invalid Request', { reason: 'empty batch' });
    this.batch = { items, next: 0 };
    this.flushBatch();
  }

  private flushBatch(): void {
    const reason = 'JSON-RPC batching is not supported (removed in MCP 2025-06-18)';
    for (const b = this.batch; b && !this.drain && !this.closed;) {
      if (b.next === b.items.length) {
        this.batch = undefined;
        break;
      }
      this.reply(diagnose(b.items[b.next++]).id, -32600, 'Invalid Request', { reason });
    }
  }

  private accept(value: unknown): void {
    let message: Msg;
    try {
      message = parseJSONRPCMessage(value) as Msg; // the SDK's own schema: anything that passes, the SDK can handle
    } catch {
      if (isObject(value) && value.jsonrpc === '2.0' && value.id === null && 'error' in value && !('method' in value)) {
        // A valid error *response* with id null. Never answer a response: two hardened peers would
        // bounce errors back and forth forever. Just report it.
        return this.onerror?.(new Error(`Unroutable error response from peer: ${JSON.stringify(value).slice(0, 200)}`));
      }
      const { id, reason } = diagnose(value);
      return this.reply(id, -32600, 'Invalid Request', { reason });
    }
    if (message.method === 'notifications/cancelled' && !('id' in message)) {
      // The SDK never answers a cancelled request. Free its slot, or drop it if it is still parked.
      const id = isObject(message.params) ? message.params.requestId : undefined;
      this.parked = this.parked.filter((p) => !('method' in p && isId(p.id) && p.id === id));
      this.release(id);
      this.deliver(message);
    } else if (!('method' in message)) {
      if (isId(message.id) && this.awaitingPeer.delete(message.id)) this.schedulePump();
      this.deliver(message); // a response to us: never waits
    } else if (this.parked.length >= this.maxInFlight) {
      // Only reached while we wait for the client (else reading stops at this limit): stay bounded and
      // keep listening for that answer, so refuse the surplus instead of queueing it or going deaf.
      if (isId(message.id))
        this.reply(message.id, -32000, 'Server busy: too many requests waiting; retry later', {
          maxInFlight: this.maxInFlight,
        });
      else this.onerror?.(new Error(`Dropped notification ${String(message.method)}: too many requests waiting`));
    } else this.parked.push(message);
    this.flushParked();
  }

  /** Delivers parked messages in order. A request waits at the head until a slot is free. */
  private flushParked(): void {
    while (this.parked.length > 0 && !this.closed) {
      const next = this.parked[0];
      const id = next.id;
      if (isId(id)) {
        if (this.inFlightCount >= this.maxInFlight) return;
        this.inFlightIds.set(id, (this.inFlightIds.get(id) ?? 0) + 1);
        this.inFlightCount++;
      }
      this.parked.shift();
      this.deliver(next);
    }
  }

  private deliver(message: Msg): void {
    try {
      this.onmessage?.(message as JSONRPCMessage);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private release(id: unknown): void {
    const n = isId(id) ? this.inFlightIds.get(id) : undefined;
    if (n === undefined) return; // not in flight (already answered, or cancelled before)
    if (n > 1) this.inFlightIds.set(id as Id, n - 1);
    else this.inFlightIds.delete(id as Id);
    this.inFlightCount--;
    this.schedulePump();
  }

  private reply(id: Id | null, code: number, message: string, data?: unknown): void {
    const error = data === undefined ? { code, message } : { code, message, data };
    this.writeLine(JSON.stringify({ jsonrpc: '2.0', id, error }) + '\n').catch((e: Error) => this.onerror?.(e));
  }

  /** Writes in order. While stdout is full, all writers share ONE 'drain' listener and reading stops. */
  private writeLine(line: string): Promise<void> {
    if (this.stdout.write(line)) return Promise.resolve();
    if (!this.drain) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.drain = { promise, resolve };
      this.stdout.once('drain', () => {
        this.drain = undefined;
        resolve();
        this.schedulePump();
      });
    }
    return this.drain.promise;
  }

  private readonly onStdinError = (error: Error): void => {
    this.onerror?.(error);
  }; // 'close' follows if fatal
  /** stdin ended (or was destroyed): stop reading, but answer what was read (see finishAfterEnd). */
  private readonly onEnd = (): void => {
    if (this.ended || this.closed) return;
    this.ended = true;
    this.pump();
  };
  private readonly onStdoutError = (error: Error): void => {
    this.onerror?.(error);
    void this.close();
  };
}
