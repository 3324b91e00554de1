// Starting a discovered server and talking to it with the official MCP client over stdio.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import dotenv from 'dotenv';
import { CliError } from './errors.js';
import type { ServerInfo } from './discover.js';

/** The variables of the .env beside the server, if any (parsed with dotenv). */
export function dotEnvOf(server: ServerInfo): Record<string, string> {
  const file = path.join(server.path, '.env');
  return fs.existsSync(file) ? dotenv.parse(fs.readFileSync(file)) : {};
}

/**
 * The server's environment: ours, with the .env beside it filling what is not set (a variable the
 * user exported wins). NODE_OPTIONS is dropped: a loader meant for this CLI must not reach the server.
 */
export function serverEnv(server: ServerInfo): Record<string, string> {
  const env: Record<string, string> = { ...dotEnvOf(server) };
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.NODE_OPTIONS;
  return env;
}

/** Refuses a server that cannot be started, saying what to do. */
export function assertRunnable(server: ServerInfo): void {
  if (server.status === 'missing') {
    throw new CliError(`${server.name}: its folder ${server.path} no longer exists`);
  }
  if (server.status === 'not built') {
    throw new CliError(
      `${server.name} is not built: ${server.entry} is missing (run \`npm run build\` in ${server.path})`,
    );
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CliError(message())), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the server, initializes, runs `work` with the connected client, then shuts the server down.
 * Every step is bounded by `timeoutMs`; a server that exits or stalls gives one line naming it, with
 * the last line it wrote to stderr.
 */
export async function withServer<T>(
  server: ServerInfo,
  timeoutMs: number,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  assertRunnable(server);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server.entry],
    env: serverEnv(server),
    cwd: server.path,
    stderr: 'pipe',
  });
  let stderrTail = '';
  (transport.stderr as Readable | null)?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
  });
  const lastStderrLine = () => {
    const line = stderrTail.trim().split('\n').at(-1)?.trim();
    return line ? ` (its last stderr line: ${line})` : '';
  };
  const client = new Client({ name: 'mcp-factory', version: '1' });
  const seconds = `${timeoutMs / 1000} s`;
  try {
    try {
      await withTimeout(
        client.connect(transport, { timeout: timeoutMs }),
        timeoutMs,
        () => `${server.name} did not answer initialize within ${seconds}${lastStderrLine()}`,
      );
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(
        `${server.name} failed to start: ${(error as Error).message.split('\n')[0]}${lastStderrLine()}`,
      );
    }
    return await withTimeout(
      work(client),
      timeoutMs,
      () => `${server.name} did not answer within ${seconds}${lastStderrLine()}`,
    );
  } finally {
    await client.close().catch(() => undefined);
  }
}
