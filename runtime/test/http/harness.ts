// Spawns the built server (dist/index.js) in HTTP mode on a free loopback port and waits for its
// "listening on" line: the e2e tests of HTTP mode talk to it like any client would.
import { spawn } from 'node:child_process';

export interface HttpServerProcess {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** origin + /mcp */
  url: string;
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface StartedOrExited {
  code: number | null;
  stderr: string;
}

/** Runs the server with `args` and `env` and resolves with its exit code and stderr (for refusals). */
export function runToExit(args: string[], env: Record<string, string>, timeoutMs = 10_000): Promise<StartedOrExited> {
  const child = spawn(process.execPath, ['dist/index.js', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

export async function startHttpServer(args: string[], env: Record<string, string>): Promise<HttpServerProcess> {
  const child = spawn(process.execPath, ['dist/index.js', '--http', '--port', '0', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line: ${stderr}`)), 10_000);
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
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}
