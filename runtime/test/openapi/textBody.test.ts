// Text request bodies (an operation whose body the spec offers only as text: application/jwt, text/plain,
// application/xml): the exact bytes and Content-Type a real HTTP server receives through the upstream client,
// from a tool's request and from dynamic mode's call_operation; JSON bodies are sent as before.
import http from 'node:http';
import { describe, expect } from '@jest/globals';
import { callOperationTool, operationCatalog, type CatalogOperation } from '../../src/openapi/dynamic.js';
import { testConfig, testUpstream } from '../helpers/config.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { afterAll, afterEach, beforeAll, it } from '../../../test/helpers/timeouts.js';

const received: Array<{ type?: string; bytes: Buffer }> = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'], bytes: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  base = await listenLocal(server);
});
afterAll(() => closeLocal(server));
afterEach(() => {
  received.length = 0;
});

const upstream = () => testUpstream(testConfig({ baseUrl: base, retry: { maxAttempts: 1 } }));
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJldmVudCI6InBheW1lbnQifQ.c2ln';

describe('a text body through the upstream client', () => {
  it.each([
    ['application/jwt', JWT],
    ['text/plain; charset=utf-8', 'naïve café, "quoted"\nsecond line'],
    ['application/xml', '<pet><name>Rex &amp; co</name></pet>'],
  ])('sends a %s body byte for byte with its content type', async (contentType, text) => {
    await upstream().request({ method: 'POST', path: '/events', body: text, contentType });
    expect(received).toHaveLength(1);
    expect(received[0].type).toBe(contentType);
    expect(received[0].bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('sends a JSON body as JSON, a string one too, when no content type is given', async () => {
    await upstream().request({ method: 'POST', path: '/pets', body: { name: 'Rex' } });
    await upstream().request({ method: 'POST', path: '/pets', body: 'Rex' });
    expect(received.map((r) => [r.type, r.bytes.toString('utf8')])).toEqual([
      ['application/json', '{"name":"Rex"}'],
      ['application/json', '"Rex"'],
    ]);
  });
});

describe('a text body through call_operation', () => {
  const operation: CatalogOperation = {
    name: 'create_event',
    toolset: 'events',
    method: 'POST',
    path: '/events',
    title: 'Create an event',
    description: 'A signed event.',
    tags: ['events'],
    params: [],
    bodyKey: 'body',
    contentType: 'application/jwt',
    inputSchema: { type: 'object', properties: { body: { type: 'string' } }, required: ['body'] },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  };

  it('sends the operation body as it is, with the media type of the catalog', async () => {
    const config = testConfig({ baseUrl: base, retry: { maxAttempts: 1 } });
    const call = callOperationTool(operationCatalog([], JSON.stringify([operation])));
    const result = await call.call(
      { operation: 'create_event', arguments: { body: JWT } },
      { config, upstream: upstream() },
    );
    expect(result).toEqual({ content: [{ type: 'text', text: '{"ok":true}' }] });
    expect(received.map((r) => [r.type, r.bytes.toString('utf8')])).toEqual([['application/jwt', JWT]]);
  });
});
