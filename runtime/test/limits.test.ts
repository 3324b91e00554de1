// Large and endless upstream answers against a real local HTTP server (Content-Length, chunked,
// gzip): the client reads at most <PREFIX>_MAX_RESPONSE_BYTES, refuses early when it can, and the
// call ends with an error that names the limit. Then the tool result limit: whole items or lines.
import http from 'node:http';
import zlib from 'node:zlib';
import { describe, expect } from '@jest/globals';
import * as z from 'zod';
import { defineTool } from '../src/defineTool.js';
import { UpstreamError } from '../src/errors.js';
import { cutText } from '../src/resultLimit.js';
import type { RuntimeConfig } from '../src/config.js';
import { API_NAME, ENV_PREFIX, testConfig, testUpstream } from './helpers/config.js';
import { closeLocal, listenLocal } from './helpers/localServer.js';
import { afterAll, beforeAll, it, scaled } from '../../test/helpers/timeouts.js';

const LIMIT = 64 * 1024;
type Reply = (res: http.ServerResponse, req: http.IncomingMessage) => void;
const routes = new Map<string, Reply>();
const reads = { bodyBytesSent: 0 };
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const reply = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (reply) reply(res, req);
    else res.writeHead(404).end();
  });
  base = await listenLocal(server);
});
afterAll(() => closeLocal(server));

const setup = async (limits: Partial<RuntimeConfig['limits']> = {}) => {
  const config = testConfig({
    baseUrl: base,
    retry: { maxAttempts: 1 },
    limits: { maxResponseBytes: LIMIT, ...limits },
  });
  return { config, upstream: testUpstream(config) };
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as UpstreamError,
  );

routes.set('/json', (res, req) => {
  const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
  const body = JSON.stringify({ data: 'x'.repeat(size - 11) }); // exactly `size` bytes
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
});
routes.set('/declared-huge', (res) => {
  // Says 100 MB is coming, then sends it slowly: the client must not wait for any of it.
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) });
  const timer = setInterval(() => {
    reads.bodyBytesSent += 1024;
    res.write('x'.repeat(1024));
  }, 50);
  res.on('close', () => clearInterval(timer));
});
routes.set('/endless', (res) => {
  res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no length, never ends
  const timer = setInterval(() => res.write(`"${'y'.repeat(8 * 1024)}",`), 5);
  res.on('close', () => clearInterval(timer));
});
routes.set('/gzip-bomb', (res) => {
  const compressed = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 'z')); // 8 MB of 'z' in a few KB
  res
    .writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': compressed.length,
    })
    .end(compressed);
});

describe('upstream download limit', () => {
  it('reads a body just under the limit whole', async () => {
    const { upstream } = await setup();
    const data = (await upstream.request<{ data: string }>({ path: '/json', query: { size: LIMIT - 1 } })).data;
    expect(data.length).toBe(LIMIT - 12);
  });

  it('refuses a body just over the limit, naming the limit and how to raise it', async () => {
    const { upstream } = await setup();
    const error = await failure(upstream.request({ path: '/json', query: { size: LIMIT + 1 } }));
    expect(error.kind).toBe('too_large');
    expect(error.message).toBe(
      `${API_NAME} sent a response of ${LIMIT + 1} bytes (Content-Length), over this server's limit of ${LIMIT} bytes: ask for less (a filter or a smaller page), or raise ${ENV_PREFIX}_MAX_RESPONSE_BYTES`,
    );
  });

  it('refuses a Content-Length over the limit without reading the body', async () => {
    const { upstream } = await setup();
    reads.bodyBytesSent = 0;
    const started = Date.now();
    const error = await failure(upstream.request({ path: '/declared-huge' }));
    expect(error.message).toContain(`${100 * 1024 * 1024} bytes (Content-Length)`);
    expect(Date.now() - started).toBeLessThan(scaled(2000));
    expect(reads.bodyBytesSent).toBeLessThanOrEqual(1024);
  });

  it('stops reading a chunked body that never ends, long before the deadline', async () => {
    const { upstream, config } = await setup();
    const started = Date.now();
    const error = await failure(upstream.request({ path: '/endless' }));
    expect(error.kind).toBe('too_large');
    expect(error.message).toContain(`more than ${LIMIT} bytes`);
    expect(Date.now() - started).toBeLessThan(config.timeouts.deadlineMs / 5);
  });

  it('counts a compressed body after decompression', async () => {
    const { upstream } = await setup();
    const error = await failure(upstream.request({ path: '/gzip-bomb' }));
    expect(error.kind).toBe('too_large');
    expect(error.message).toContain(`more than ${LIMIT} bytes`);
  });
});

describe('tool result limit', () => {
  const withLimit = async (maxChars: number) => (await setup({ maxResultChars: maxChars })).config;
  const echo = (text: string, withPaging = false) =>
    defineTool({
      name: 'echo',
      description: 'returns a fixed text',
      inputSchema: withPaging ? z.object({ limit: z.number().optional() }) : z.object({}),
      run: async () => ({ content: [{ type: 'text', text }] }),
    });

  it('keeps whole elements of a JSON array and says how many were left out, and how to page', async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}` }));
    const text = JSON.stringify(items);
    const config = await withLimit(200);
    const result = await echo(text, true).call({}, { config, upstream: testUpstream(config) });
    const [shown, note] = result.content as Array<{ type: 'text'; text: string }>;
    const kept = JSON.parse(shown.text) as typeof items;
    expect(kept).toEqual(items.slice(0, kept.length));
    expect(shown.text.length).toBeLessThanOrEqual(200);
    expect(kept.length).toBeGreaterThan(0);
    expect(note.text).toBe(
      `[truncated to 200 characters (${ENV_PREFIX}_MAX_RESULT_CHARS): showing ${kept.length} of 100 items (${text.length - shown.text.length} more characters left out); ask for less with \`limit\`]`,
    );
  });

  it('cuts other text at whole lines', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const kept = 'line 0\nline 1\nline 2\nline 3\nline 4';
    expect(cutText(text, 40)).toEqual({
      text: kept,
      note: `showing the first ${kept.length} of ${text.length} characters (5 whole lines)`,
    });
  });

  it('leaves a result of exactly the limit untouched, and cuts one character more', async () => {
    const config = await withLimit(1000);
    const deps = { config, upstream: testUpstream(config) };
    const exact = 'a'.repeat(1000);
    expect(await echo(exact).call({}, deps)).toEqual({ content: [{ type: 'text', text: exact }] });
    const over = await echo(`${'b'.repeat(600)}\n${'c'.repeat(400)}`).call({}, deps);
    expect(over.content).toEqual([
      { type: 'text', text: 'b'.repeat(600) },
      {
        type: 'text',
        text: `[truncated to 1000 characters (${ENV_PREFIX}_MAX_RESULT_CHARS): showing the first 600 of 1001 characters (1 whole lines); ask for a smaller result, or raise the limit]`,
      },
    ]);
  });

  it('turns structured data over the limit into an error that says so', async () => {
    const config = await withLimit(100);
    const big = defineTool({
      name: 'big',
      description: 'returns a large structure',
      inputSchema: z.object({}),
      run: async () => ({
        content: [{ type: 'text', text: 'see structured' }],
        structuredContent: { items: 'i'.repeat(500) },
      }),
    });
    const result = await big.call({}, { config, upstream: testUpstream(config) });
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(
      /^the result is 512 characters of structured data, over this server's limit of 100/,
    );
  });
});
