// Starts the HTTP tests' server process (fixtures/server.ts: the runtime's serveHttp, bundled) on a free
// loopback port and waits for its "listening on" line: the tests talk to it like any client would.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { scaled } from '../../../test/helpers/timeouts.js';
import { bundledFixture } from '../helpers/bundledFixture.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/server.ts');
/** The folder the server runs in: the factory's root. */
const ROOT = path.join(import.meta.dirname, '../../..');

export interface HttpServerProcess {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** origin + /mcp */
  url: string;
  stderr(): string;
  /** Resolves once the server's stderr shows `text` (a call started, a signal received). */
  logged(text: string): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface Exited {
  code: number | null;
  stderr: string;
}

function spawnServer(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, [bundledFixture(FIXTURE), ...args], {
    cwd: ROOT,
    // Only what a server needs: PATH and the variables under test (none of the runner's TEST_* leak in).
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the server with `args` and `env` and resolves with its exit code and stderr (for refusals). */
export function runToExit(args: string[], env: Record<string, string>): Promise<Exited> {
  const child = spawnServer(args, env);
  child.stdout.resume();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), scaled(20_000));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

export async function startHttpServer(args: string[], env: Record<string, string>): Promise<HttpServerProcess> {
  const child = spawnServer(['--http', '--port', '0', ...args], env);
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const logged = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!stderr.includes(text)) return;
        child.stderr.off('data', check);
        resolve();
      };
      child.stderr.on('data', check);
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line: ${stderr}`)), scaled(20_000));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on [^ ]+:(\d+)\//.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/mcp`,
    stderr: () => stderr + stdout,
    logged,
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}

/**
 * The status line of a request sent with the Host header `host`, on a plain socket: fetch does not let a
 * caller set Host (and node:http could be patched by another test's nock).
 */
export function statusWithHost(
  origin: string,
  host: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<string> {
  const { hostname, port } = new URL(origin);
  const body = request.body ?? '';
  const headers = {
    ...request.headers,
    'content-type': 'application/json',
    'content-length': `${Buffer.byteLength(body)}`,
  };
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    `Host: ${host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(`${head.join('\r\n')}\r\n\r\n${body}`));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('end', () => resolve(received.split('\r\n')[0]));
    socket.on('error', reject);
  });
}
