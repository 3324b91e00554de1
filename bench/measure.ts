// The measurements. We speak raw newline-delimited JSON-RPC to each server's real stdin/stdout, as an
// MCP client does, without the client SDK in between: its own overhead would blur the difference.
// Every wait has a timeout and every loop a fixed count, so a stuck or crashed server is reported,
// never waited on forever.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import type { ServerBuild } from './servers.js';

export interface RpcMessage {
  id?: number;
  result?: { isError?: boolean; content?: unknown; [key: string]: unknown };
  error?: { code: number; message: string };
}

const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'mcp-factory-bench', version: '0.0.0' },
};
const PING = { name: 'ping', arguments: {} };

const line = (id: number | undefined, method: string, params?: object) =>
  `${JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, ...(params ? { params } : {}) })}\n`;

/** A failed answer: a JSON-RPC error or a tool result flagged isError (e.g. the upstream call failed). */
export const failed = (m: RpcMessage) => Boolean(m.error || m.result?.isError);

/** What a failed answer said, to show one example next to the count. */
export function failureText(m: RpcMessage): string {
  const content = m.result?.content as Array<{ text?: string }> | undefined;
  return (m.error?.message ?? content?.[0]?.text ?? JSON.stringify(m)).slice(0, 160);
}

/** One server process and its JSON-RPC stream. */
export class RpcChild {
  readonly proc: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Resolves with a description of how the process ended. */
  readonly exited: Promise<string>;
  private ended: string | undefined;
  private partial = '';
  /** Lines on stdout that were not JSON: reported, since they would break a real client. */
  badLines = 0;
  private stderrTail = '';
  private statusFd: number | undefined;
  private readonly waiters = new Map<number, (message: RpcMessage) => void>();
  private readonly exitListeners = new Set<(how: string) => void>();
  /** Receives responses nobody is waiting for by id (the burst counts them here). */
  onUnclaimed: (message: RpcMessage) => void = () => {};

  constructor(
    readonly build: ServerBuild,
    upstreamUrl: string,
  ) {
    // process.execPath, no shell and NODE_OPTIONS cleared: the factory's `--import tsx` must not
    // slow down (or change) the servers we time.
    this.proc = spawn(process.execPath, [build.entry], {
      env: { ...process.env, NODE_OPTIONS: '', ...build.env, [build.baseUrlVar]: upstreamUrl },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stdout.setEncoding('utf8').on('data', (chunk: string) => this.onData(chunk));
    // Drained always (a full stderr pipe would stall the server); the tail explains a crash.
    this.proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-600);
    });
    this.proc.stdin.on('error', () => {
      /* EPIPE after a crash: reported through `exited` */
    });
    this.exited = new Promise((resolve) => {
      this.proc.on('close', (code, signal) => {
        // 'close': stderr is fully read by then
        this.ended = `${this.build.label} server exited (${signal ?? `code ${code}`})${this.stderrTail.trim() ? `; stderr: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
        for (const listener of this.exitListeners) listener(this.ended);
        resolve(this.ended);
      });
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  private onData(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.trim()) continue;
      let message: RpcMessage;
      try {
        message = JSON.parse(text) as RpcMessage;
      } catch {
        this.badLines += 1; // stdout noise that is not JSON-RPC: a real client would drop the connection
        continue;
      }
      const waiter = message.id === undefined ? undefined : this.waiters.get(message.id);
      if (waiter) {
        this.waiters.delete(message.id as number);
        waiter(message);
      } else {
        this.onUnclaimed(message);
      }
    }
  }

  write(text: string): void {
    this.proc.stdin.write(text);
  }

  /** Resolves when `until` settles; rejects if the process exits first or `timeoutMs` passes. */
  guard<T>(until: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    if (this.ended) return Promise.reject(new Error(`${this.ended} before ${what}`));
    return new Promise<T>((resolve, reject) => {
      const onExit = (how: string) => finish(() => reject(new Error(`${how} during ${what}`)));
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`${this.build.label} server: no answer within ${timeoutMs / 1000} s during ${what}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.exitListeners.delete(onExit);
        settle();
      };
      this.exitListeners.add(onExit);
      until.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }

  request(id: number, method: string, params: object, timeoutMs = 10_000): Promise<RpcMessage> {
    const answered = new Promise<RpcMessage>((resolve) => this.waiters.set(id, resolve));
    this.write(line(id, method, params));
    return this.guard(answered, timeoutMs, `${method} #${id}`).finally(() => this.waiters.delete(id));
  }

  /** initialize + notifications/initialized, as every MCP session starts. */
  async handshake(timeoutMs = 15_000): Promise<void> {
    const reply = await this.request(0, 'initialize', INITIALIZE, timeoutMs);
    if (reply.error) throw new Error(`${this.build.label} server refused initialize: ${reply.error.message}`);
    this.write(line(undefined, 'notifications/initialized'));
  }

  /** Resident set size in MB, from the kernel's view of the process (Linux /proc). */
  rssMb(): number {
    // One descriptor, opened at the first reading and re-read from offset 0: after the bare server's
    // burst, the fake upstream in this process can hold so many sockets that a new open() fails (EMFILE).
    this.statusFd ??= fs.openSync(`/proc/${this.pid}/status`, 'r');
    const buffer = Buffer.alloc(16 * 1024);
    const status = buffer.toString('utf8', 0, fs.readSync(this.statusFd, buffer, 0, buffer.length, 0));
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  }

  /**
   * CPU time the process has run so far, in ms, all its threads (V8's helpers and the GC too), from the kernel's
   * scheduler statistics (Linux /proc; NaN elsewhere). Unlike a wall-clock time it hardly moves with the machine's
   * load, which makes it the steadier figure on a shared machine.
   */
  cpuMs(): number {
    try {
      const tasks = fs.readdirSync(`/proc/${this.pid}/task`);
      let ns = 0;
      for (const task of tasks)
        ns += Number(fs.readFileSync(`/proc/${this.pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      return ns / 1e6;
    } catch {
      return Number.NaN;
    }
  }

  /** Closes stdin (the polite MCP shutdown); SIGKILL if the server is still there after 3 s. */
  async stop(): Promise<void> {
    if (!this.ended) {
      this.proc.stdin.end();
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.statusFd !== undefined) fs.closeSync(this.statusFd);
    this.statusFd = undefined;
  }
}

export type Tick = (done: number, total: number) => void;

/**
 * Spawn → initialize response, in ms, `runs` times per server. The servers alternate run by run so
 * both see the same background noise; one untimed run each first warms the OS file cache. `cpu`, when given,
 * receives each start's CPU time up to the answer (RpcChild.cpuMs), per server.
 */
export async function coldStarts(
  builds: readonly ServerBuild[],
  upstreamUrl: string,
  runs: number,
  tick: Tick,
  cpu?: number[][],
): Promise<number[][]> {
  const samples = builds.map(() => [] as number[]);
  for (let run = -1; run < runs; run += 1) {
    for (const [i, build] of builds.entries()) {
      const started = performance.now();
      const child = new RpcChild(build, upstreamUrl);
      try {
        await child.handshake();
        if (run >= 0) samples[i].push(performance.now() - started);
        // The CPU the start took, up to the answer (the server then waits on stdin); into `cpu` when asked.
        if (run >= 0 && cpu) (cpu[i] ??= []).push(child.cpuMs());
      } finally {
        await child.stop();
      }
    }
    if (run >= 0) tick(run + 1, runs);
  }
  return samples;
}

export interface Sequential {
  latencies: number[];
  errors: number;
  firstError?: string;
}

/**
 * `calls` tools/call round trips per server, one at a time, in blocks of 100 that alternate between
 * the two (already running) servers, so a noisy moment hurts both rather than one.
 */
export async function sequentialCalls(children: readonly RpcChild[], calls: number, tick: Tick): Promise<Sequential[]> {
  const results: Sequential[] = children.map(() => ({ latencies: [], errors: 0 }));
  const block = 100;
  let id = 1;
  for (let done = 0; done < calls; done += block) {
    for (const [i, child] of children.entries()) {
      for (let k = done; k < Math.min(done + block, calls); k += 1) {
        const started = performance.now();
        const reply = await child.request(id++, 'tools/call', PING);
        results[i].latencies.push(performance.now() - started);
        if (failed(reply) && results[i].errors++ === 0) results[i].firstError = failureText(reply);
      }
    }
    tick(Math.min(done + block, calls), calls);
  }
  return results;
}

export interface Burst {
  /** Responses per second, or NaN when not every request was answered. */
  perSecond: number;
  answered: number;
  errors: number;
  firstError?: string;
  /** Why the burst did not complete (exit, timeout), if it did not. */
  failure?: string;
}

/**
 * Writes `count` tools/call requests in one go and times until the last response arrives. The
 * server may read, queue and answer them however it likes (e.g. a limit on calls in flight).
 */
export async function burst(
  child: RpcChild,
  count: number,
  firstId: number,
  tick: Tick,
  timeoutMs = 60_000,
): Promise<Burst> {
  let answered = 0;
  let errors = 0;
  let firstError: string | undefined;
  let allAnswered = () => {};
  const complete = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  const step = Math.max(1, Math.floor(count / 20));
  child.onUnclaimed = (message) => {
    if (message.id === undefined || message.id < firstId || message.id >= firstId + count) return;
    answered += 1;
    if (failed(message) && errors++ === 0) firstError = failureText(message);
    if (answered % step === 0) tick(answered, count);
    if (answered === count) allAnswered();
  };
  let payload = '';
  for (let k = 0; k < count; k += 1) payload += line(firstId + k, 'tools/call', PING);
  const started = performance.now();
  child.write(payload);
  try {
    await child.guard(complete, timeoutMs, 'the burst');
    return { perSecond: count / ((performance.now() - started) / 1000), answered, errors, firstError };
  } catch (error) {
    return {
      perSecond: Number.NaN,
      answered,
      errors,
      firstError,
      failure: `${(error as Error).message} — ${answered} of ${count} answered`,
    };
  } finally {
    child.onUnclaimed = () => {};
  }
}
