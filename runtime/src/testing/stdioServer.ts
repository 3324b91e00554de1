// The stdio harness: spawns a server as a subprocess (with zx) and speaks newline-delimited
// JSON-RPC on its real stdin/stdout, as an MCP client does. By default `node dist/index.js` in the current
// folder (a server repo's `npm test` runs there).
import readline from 'node:readline';
import { $, type ProcessPromise } from 'zx';

export interface JsonRpcMessage {
  jsonrpc: '2.0';
  id?: string | number | null;
  method?: string;
  params?: unknown;
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

export interface StdioServer {
  /** Sends one line: an object is JSON-encoded, a string is sent as it is. */
  send(message: object | string): void;
  /** Sends a request with the next id and resolves with its response. */
  request(method: string, params?: object): Promise<JsonRpcMessage>;
  /** Resolves with the next line on stdout that has not been consumed yet. */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Every stdout line so far (raw). */
  readonly lines: string[];
  readonly stderr: () => string;
  /** Does the initialize handshake (2025-era protocol) and returns the initialize result. */
  initialize(protocolVersion?: string): Promise<JsonRpcMessage>;
  /** Closes stdin and resolves with the exit code. */
  closeStdin(): Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  command?: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export function spawnServer(options: SpawnOptions = {}): StdioServer {
  const { command = process.execPath, args = ['dist/index.js'], cwd = process.cwd() } = options;
  // Jest's NODE_OPTIONS (--experimental-vm-modules) must not leak into the server.
  const env = { ...process.env, NODE_OPTIONS: '', ...options.env } as NodeJS.ProcessEnv;
  const child: ProcessPromise = $({ env, cwd, quiet: true, nothrow: true })`${command} ${args}`;
  const lines: string[] = [];
  const unread: string[] = []; // lines not claimed by request(): read them with nextLine()
  const waiting: Array<(line: string) => void> = [];
  let stderr = '';
  const pending = new Map<string | number, (message: JsonRpcMessage) => void>();
  let nextId = 1;

  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    try {
      const message = JSON.parse(line) as JsonRpcMessage;
      const answered = message.id != null && !message.method ? pending.get(message.id) : undefined;
      if (answered && message.id != null) {
        answered(message);
        pending.delete(message.id);
        return;
      }
    } catch {
      /* not JSON: left for nextLine */
    }
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else unread.push(line);
  });
  const exited: Promise<number | null> = (async () => (await child).exitCode)();

  const send = (message: object | string) => {
    child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  };
  const request = (method: string, params?: object) =>
    new Promise<JsonRpcMessage>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    });

  return {
    send,
    request,
    lines,
    stderr: () => stderr,
    exited,
    nextLine(timeoutMs = 5000) {
      const line = unread.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line on stdout within ${timeoutMs} ms; stderr: ${stderr}`)),
          timeoutMs,
        );
        waiting.push((line) => {
          clearTimeout(timer);
          resolve(line);
        });
      });
    },
    async initialize(protocolVersion = '2025-06-18') {
      const response = await request('initialize', {
        protocolVersion,
        capabilities: {},
        clientInfo: { name: 'stdio-harness', version: '1.0.0' },
      });
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      return response;
    },
    closeStdin() {
      child.stdin.end();
      return exited;
    },
    kill(signal = 'SIGTERM') {
      // zx throws (synchronously or not) once the process has ended: killing it then is a no-op.
      try {
        child.kill(signal).catch(() => undefined);
      } catch {
        /* already exited */
      }
      return exited;
    },
  };
}
