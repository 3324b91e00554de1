// Tracing, end to end in this process: the official client calls a tool and reads a resource of a server whose
// upstream fails once then answers; the spans go over OTLP/HTTP (the official exporter) to a receiver here. The
// call's span continues the client's trace (`_meta.traceparent`), each attempt is its child with its status and
// retry number, the upstream receives the attempt's trace context, and no credential or argument value appears
// anywhere in what was exported.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import * as z from 'zod';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { definePrompt } from '../src/definePrompt.js';
import { defineResource } from '../src/defineResource.js';
import { defineTool, type Tool, type ToolDeps } from '../src/defineTool.js';
import { loadHttpOptions, startHttpServer, type HttpServerHandle } from '../src/http/index.js';
import { activeTracer, startTracing, stopTracing, tracingRequested } from '../src/tracing/index.js';
import { createUpstreamClient, pathWith } from '../src/upstream.js';
import { testConfig } from './helpers/config.js';
import { closeLocal, listenLocal } from './helpers/localServer.js';
import { afterAll, beforeAll, it } from '../../test/helpers/timeouts.js';

const SECRET = 'sk-live-SECRET-4f9a';
const QUERY_SECRET = 'qk-SECRET-77b1';
const ITEM_ID = 'customer-ada-lovelace-1815';
const NOTE = 'a-sensitive-note-value';
const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
  status?: { code?: number };
}
interface ExportRequest {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const exports: string[] = [];
const upstreamSeen: { url: string; traceparent?: string }[] = [];
const failedOnce = new Set<string>();
let receiver: http.Server;
let upstreamServer: http.Server;
let client: Client;
let httpServe: (() => Promise<URL>) | undefined;
const httpHandles: HttpServerHandle[] = [];
const savedEnv = { ...process.env };

function spans(): OtlpSpan[] {
  return exports.flatMap((body) =>
    (JSON.parse(body) as ExportRequest).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
  );
}
const attr = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  return value.stringValue ?? (value.intValue === undefined ? value.boolValue : Number(value.intValue));
};

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') exports.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  upstreamServer = http.createServer((req, res) => {
    const url = req.url ?? '/';
    upstreamSeen.push({ url, traceparent: req.headers.traceparent as string | undefined });
    const { pathname } = new URL(url, 'http://x');
    if (pathname.startsWith('/missing/')) return void res.writeHead(404).end('{"error":"no such item"}');
    // Each item fails once with 503 (retried: GET is idempotent), then answers.
    if (!failedOnce.has(pathname)) {
      failedOnce.add(pathname);
      return void res.writeHead(503).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: pathname, ok: true }));
  });
  const otlp = await listenLocal(receiver);
  const base = await listenLocal(upstreamServer);
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `${otlp}/v1/traces`;
  process.env.OTEL_SERVICE_NAME = 'traced-server';
  await startTracing({ name: 'test-server', version: '1.2.3' });

  const config = testConfig({ baseUrl: base, retry: { initialDelayMs: 5, maxDelayMs: 10 } });
  const auth = {
    apply(url: URL, headers: Record<string, string>) {
      headers.authorization = `Bearer ${SECRET}`;
      url.searchParams.set('api_key', QUERY_SECRET);
    },
    refresh: async () => false,
  };
  const upstream = createUpstreamClient(config, { auth, missing: () => [] });
  const deps = { config, upstream };
  const getItem = defineTool({
    name: 'get_item',
    description: 'Gets an item',
    inputSchema: z.object({ id: z.string(), note: z.string().optional() }),
    async run(input, { upstream: up, signal }) {
      const data = await up.request({
        path: pathWith('/items/{id}', { id: input.id }),
        route: '/items/{id}',
        query: { note: input.note },
        signal,
      });
      return { content: [{ type: 'text', text: JSON.stringify(data) }] };
    },
  });
  const getMissing = defineTool({
    name: 'get_missing',
    description: 'Always 404',
    inputSchema: z.object({ id: z.string() }),
    async run(input, { upstream: up, signal }) {
      await up.request({ path: pathWith('/missing/{id}', { id: input.id }), route: '/missing/{id}', signal });
      return { content: [{ type: 'text', text: 'unreachable' }] };
    },
  });
  const item = defineResource({
    name: 'item',
    uri: 'item://{id}',
    description: 'An item',
    mimeType: 'application/json',
    read: (vars, { upstream: up, signal }) =>
      up.request({ path: pathWith('/items/{id}', vars), route: '/items/{id}', signal }),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracing-prompt-'));
  fs.writeFileSync(path.join(dir, 'brief.md'), 'Brief on <%= topic %>.');
  const brief = definePrompt({
    name: 'brief',
    description: 'A brief',
    arguments: [{ name: 'topic', description: 'What about', required: true }],
    template: new URL(`file://${path.join(dir, 'brief.md')}`),
  });

  httpServe = () => serveOverHttp(getItem, deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serveStdio(
    () => {
      const server = new McpServer({ name: 't', version: '1' });
      getItem.register(server, deps);
      getMissing.register(server, deps);
      item.register(server, deps);
      brief.register(server);
      return server;
    },
    { transport: serverSide },
  );
  client = new Client({ name: 'tracing-test', version: '1' });
  await client.connect(clientSide);
});

/** The same tool in HTTP mode (the runtime's HTTP server, in this process, on a free port). */
async function serveOverHttp(tool: Tool, deps: ToolDeps): Promise<URL> {
  const options = loadHttpOptions('TEST', ['node', 'server', '--http', '--port', '0'], { TEST_HTTP_DRAIN_MS: '1' });
  const handle = await startHttpServer(() => {
    const server = new McpServer({ name: 't', version: '1' });
    tool.register(server, deps);
    return server;
  }, options);
  httpHandles.push(handle);
  const address = handle.server.address();
  return new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mcp`);
}

afterAll(async () => {
  for (const handle of httpHandles) {
    const closed = new Promise((resolve) => handle.server.once('close', resolve));
    await handle.drain();
    await closed;
  }
  await client?.close();
  await stopTracing();
  await closeLocal(receiver);
  await closeLocal(upstreamServer);
  process.env = savedEnv;
});

describe('tracing (OTLP/HTTP to a receiver in the test)', () => {
  it('turns on only when the standard OTEL_* variables ask for traces', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(
      false,
    );
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(false);
    expect(activeTracer()).toBeDefined(); // this file's server: started with an endpoint set
  });

  it('a tool call is a server span in the client trace, each upstream attempt its child', async () => {
    const result = await client.callTool({
      name: 'get_item',
      arguments: { id: ITEM_ID, note: NOTE },
      _meta: { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` },
    });
    expect(result.isError).toBeFalsy();
    await activeTracer()?.flush();

    const call = spans().find((s) => s.name === 'tools/call get_item');
    expect(call).toBeDefined();
    if (!call) return;
    expect({ trace: call.traceId, parent: call.parentSpanId, kind: call.kind }).toEqual({
      trace: CLIENT_TRACE,
      parent: CLIENT_SPAN,
      kind: 2, // SERVER
    });
    expect(attr(call, 'mcp.method.name')).toBe('tools/call');
    expect(attr(call, 'gen_ai.tool.name')).toBe('get_item');
    expect(attr(call, 'gen_ai.operation.name')).toBe('execute_tool');
    expect(attr(call, 'network.transport')).toBe('pipe');
    expect(typeof attr(call, 'jsonrpc.request.id')).toBe('string');
    expect(attr(call, 'error.type')).toBeUndefined();

    const attempts = spans().filter((s) => s.parentSpanId === call.spanId);
    expect(
      attempts.map((s) => [s.name, s.kind, attr(s, 'http.response.status_code'), attr(s, 'http.request.resend_count')]),
    ).toEqual([
      ['GET /items/{id}', 3, 503, undefined],
      ['GET /items/{id}', 3, 200, 1],
    ]);
    expect(attempts.every((s) => s.traceId === CLIENT_TRACE)).toBe(true);
    expect(attempts.map((s) => s.status?.code ?? 0)).toEqual([2, 0]); // the 503 is an error, the 200 is not
    expect(attr(attempts[0], 'error.type')).toBe('server'); // the upstream error's kind, as the tool reports it
    expect(attr(attempts[1], 'url.template')).toBe('/items/{id}');
    expect(attr(attempts[1], 'server.address')).toBe('127.0.0.1');
    expect(attr(attempts[1], 'mcp_factory.breaker.state')).toBe('closed');
    expect(attr(attempts[1], 'http.response.body.size')).toBe(
      Buffer.byteLength(JSON.stringify({ id: `/items/${ITEM_ID}`, ok: true })),
    );

    // Each attempt's trace context reached the upstream: same trace, the attempt's own span as parent.
    const sent = upstreamSeen.filter((s) => s.url.startsWith(`/items/${ITEM_ID}`)).map((s) => s.traceparent);
    expect(sent).toEqual(attempts.map((s) => `00-${CLIENT_TRACE}-${s.spanId}-01`));

    const resource = exports.flatMap((body) => (JSON.parse(body) as ExportRequest).resourceSpans)[0].resource;
    expect(resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue).toBe('traced-server');
    expect(resource.attributes.find((a) => a.key === 'service.version')?.value.stringValue).toBe('1.2.3');
  });

  it('a failed tool call is marked tool_error; a call without trace context starts a trace', async () => {
    const result = await client.callTool({ name: 'get_missing', arguments: { id: 'x' } });
    expect(result.isError).toBe(true);
    await activeTracer()?.flush();
    const call = spans().find((s) => s.name === 'tools/call get_missing');
    expect(
      call && { error: attr(call, 'error.type'), status: call.status?.code, parent: call.parentSpanId ?? '' },
    ).toEqual({
      error: 'tool_error',
      status: 2,
      parent: '',
    });
    const attempt = spans().find((s) => s.parentSpanId === call?.spanId);
    expect(attempt && [attempt.name, attr(attempt, 'http.response.status_code'), attr(attempt, 'error.type')]).toEqual([
      'GET /missing/{id}',
      404,
      'not_found',
    ]);
  });

  it('resource reads and prompts have their spans too', async () => {
    await client.readResource({ uri: `item://${ITEM_ID}-r` });
    await client.getPrompt({ name: 'brief', arguments: { topic: 'tides' } });
    await activeTracer()?.flush();
    const read = spans().find((s) => s.name === 'resources/read item');
    expect(read && [attr(read, 'mcp.method.name'), attr(read, 'mcp.resource.uri')]).toEqual([
      'resources/read',
      `item://${ITEM_ID}-r`,
    ]);
    expect(spans().filter((s) => s.parentSpanId === read?.spanId)).toHaveLength(2); // 503 then 200
    const prompt = spans().find((s) => s.name === 'prompts/get brief');
    expect(prompt && attr(prompt, 'gen_ai.prompt.name')).toBe('brief');
  });

  it("in HTTP mode, a call continues the trace of the request's traceparent header", async () => {
    const endpoint = await httpServe?.();
    if (!endpoint) throw new Error('no HTTP server');
    const trace = 'aaaabbbbccccddddeeeeffff00001111';
    const parent = '1234567890abcdef';
    const httpClient = new Client({ name: 'tracing-http', version: '1' });
    const headers = { traceparent: `00-${trace}-${parent}-01` };
    await httpClient.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }));
    const result = await httpClient.callTool({ name: 'get_item', arguments: { id: 'http-item' } });
    expect(result.isError).toBeFalsy();
    await httpClient.close();
    await activeTracer()?.flush();
    const call = spans().find((s) => s.name === 'tools/call get_item' && s.traceId === trace);
    expect(call && [call.parentSpanId, attr(call, 'network.transport')]).toEqual([parent, 'tcp']);
    expect(
      spans()
        .filter((s) => s.parentSpanId === call?.spanId)
        .map((s) => s.traceId),
    ).toEqual([trace, trace]);
  });

  it('exports no credential, no argument value, no query', async () => {
    await activeTracer()?.flush();
    const exported = exports.join('\n');
    expect(exported.length).toBeGreaterThan(0);
    for (const value of [SECRET, QUERY_SECRET, 'api_key', NOTE, 'tides']) expect(exported).not.toContain(value);
    // The item id was in the call's path: only the route template is recorded (the resource URI is by design).
    const callSpans = spans().filter((s) => !s.name.startsWith('resources/'));
    expect(JSON.stringify(callSpans)).not.toContain(ITEM_ID);
  });
});
