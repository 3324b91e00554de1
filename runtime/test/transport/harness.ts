/** Test harness: McpServer + serveStdio + ExactStdioTransport over in-memory PassThrough pipes. */
import { PassThrough } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';
import { ExactStdioTransport, type ExactStdioOptions } from '../../src/transport/exactStdio.js';

export type Line = Record<string, unknown>;

export function makeServer(): McpServer {
  const server = new McpServer({ name: 't', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.registerTool('boom', { inputSchema: z.object({}) }, async () => {
    throw new Error('kaboom');
  });
  return server;
}

export const INIT_REQUEST = {
  jsonrpc: '2.0',
  id: 'init',
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
};

export const INIT_RESULT = {
  jsonrpc: '2.0',
  id: 'init',
  result: {
    protocolVersion: '2025-06-18',
    capabilities: { tools: { listChanged: true } },
    serverInfo: { name: 't', version: '1.0.0' },
  },
};

const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

export class Harness {
  readonly stdin = new PassThrough();
  readonly stdout: PassThrough;
  readonly transport: ExactStdioTransport;
  readonly lines: Line[] = [];
  readonly rawLines: string[] = [];
  readonly errors: Error[] = [];
  handle?: StdioServerHandle;
  private partial = '';

  constructor(options: ExactStdioOptions = {}, stdout = new PassThrough(), readOutput = true) {
    this.stdout = stdout;
    this.transport = new ExactStdioTransport(this.stdin, this.stdout, options);
    if (readOutput) this.startReading();
  }

  /** Wires a fresh McpServer through serveStdio (the way generated servers do it). */
  serve(server: McpServer = makeServer()): this {
    this.handle = serveStdio(() => server, { transport: this.transport, onerror: (e) => this.errors.push(e) });
    return this;
  }

  startReading(): void {
    this.stdout.setEncoding('utf8');
    this.stdout.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      for (const raw of parts) {
        this.rawLines.push(raw);
        this.lines.push(JSON.parse(raw) as Line);
      }
    });
  }

  write(...lines: (string | object)[]): void {
    for (const l of lines) this.stdin.write((typeof l === 'string' ? l : JSON.stringify(l)) + '\n');
  }

  async waitForLines(n: number, timeoutMs = 5000): Promise<Line[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length < n) {
      if (Date.now() > deadline)
        throw new Error(`timed out: ${this.lines.length}/${n} lines: ${this.rawLines.join('\n')}`);
      await tick(1);
    }
    return this.lines;
  }

  /** Waits for exactly `n` lines, then a short quiet period to prove nothing else arrives. */
  async expectExactly(n: number, quietMs = 30): Promise<Line[]> {
    await this.waitForLines(n);
    await tick(quietMs);
    return this.lines.splice(0, this.lines.length);
  }

  async initialize(): Promise<void> {
    this.write(INIT_REQUEST, { jsonrpc: '2.0', method: 'notifications/initialized' });
    const [init] = await this.expectExactly(1, 0);
    if (JSON.stringify(init) === undefined) throw new Error('no init response');
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.stdin.destroy();
    this.stdout.destroy();
  }
}
