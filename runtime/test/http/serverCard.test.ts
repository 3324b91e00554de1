// The server card (SEP-2127) in HTTP mode: valid under the vendored Server Card schema, built from the
// server.json facts only (nothing else of it, no secret), at the well-known URI and next to the MCP endpoint,
// public even when the endpoint needs a token, GET/HEAD only with the extension's CORS and caching headers,
// and consistent with what a connected client sees (server/discover's versions, serverInfo's version).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  SERVER_CARD_MEDIA_TYPE,
  SERVER_CARD_WELL_KNOWN_PATH,
  loadHttpOptions,
  startHttpServer,
  type HttpServerHandle,
} from '../../src/http/index.js';
import { CARD, ENV_PREFIX, newServer } from './fixtures/app.js';
import { statusWithHost } from './harness.js';

const SCHEMA_FILE = path.join(import.meta.dirname, 'fixtures/server-card.schema.json');
/** SHA-256 of the schema as generated upstream (fixtures/README.md says where from). */
const SCHEMA_SHA256 = '2c772b51edb367f154771d84ddbae87ddba00a624422c8e46f218a9ac03bf042';
const SCHEMA_URL = 'https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json';
const TOKEN = 'card-test-token-0123456789abcdef';
const STATE_KEY = 's'.repeat(48);

// ajv-formats is CommonJS: under Node's ESM loader its function is the module's `default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

function cardValidator() {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
  ajv.addSchema(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')), 'server-card');
  const validate = ajv.getSchema('server-card#/$defs/ServerCard');
  if (!validate) throw new Error('no $defs/ServerCard in the vendored schema');
  return validate;
}

const handles: HttpServerHandle[] = [];
// Drained, and closed with every connection (the listener's 'close' waits for the last one).
afterAll(() =>
  Promise.all(
    handles.map(async (handle) => {
      const closed = new Promise((resolve) => handle.server.once('close', resolve));
      await handle.drain();
      await closed;
    }),
  ),
);

/** The server in-process on a free port, with the test fixture's server.json facts (`card: false`: none). */
async function serve(env: Record<string, string> = {}, { card = true } = {}) {
  const options = loadHttpOptions(ENV_PREFIX, ['node', 'server', '--http', '--port', '0'], {
    [`${ENV_PREFIX}_HTTP_DRAIN_MS`]: '1',
    ...env,
  });
  const handle = await startHttpServer(newServer, options, card ? CARD : undefined);
  handles.push(handle);
  const address = handle.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;
  return { origin, endpoint: options.publicUrl.href };
}

describe('the vendored Server Card schema', () => {
  it('is byte for byte the file generated upstream (SHA-256 as recorded, here and in its README)', () => {
    const bytes = fs.readFileSync(SCHEMA_FILE);
    expect(bytes.length).toBe(15_468);
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(SCHEMA_SHA256);
    expect(fs.readFileSync(path.join(path.dirname(SCHEMA_FILE), 'README.md'), 'utf8')).toContain(SCHEMA_SHA256);
  });

  it('refuses a card without its $schema or with a name that is not reverse-DNS (the check can fail)', () => {
    const validate = cardValidator();
    expect(validate({ name: 'a/b', version: '1', description: 'd' })).toBe(false);
    expect(validate({ $schema: SCHEMA_URL, name: 'no-slash', version: '1', description: 'd' })).toBe(false);
    expect(validate({ $schema: SCHEMA_URL, name: 'a/b', version: '1', description: 'd' })).toBe(true);
  });
});

describe('the served card', () => {
  it('is valid, carries the server.json facts and the endpoint, and nothing else, at both locations', async () => {
    const { origin, endpoint } = await serve({
      [`${ENV_PREFIX}_HTTP_TOKENS`]: TOKEN,
      [`${ENV_PREFIX}_HTTP_REQUEST_STATE_KEY`]: STATE_KEY,
    });
    const response = await fetch(`${origin}${SERVER_CARD_WELL_KNOWN_PATH}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const card: unknown = JSON.parse(text);
    const validate = cardValidator();
    expect([validate(card), validate.errors]).toEqual([true, null]);
    expect(card).toEqual({
      $schema: SCHEMA_URL,
      name: CARD.name,
      title: CARD.title,
      description: CARD.description,
      version: CARD.version,
      repository: CARD.repository,
      remotes: [
        { type: 'streamable-http', url: endpoint, supportedProtocolVersions: expect.arrayContaining(['2026-07-28']) },
      ],
    });
    for (const secret of [TOKEN, STATE_KEY, 'TEST_API_KEY']) expect(text).not.toContain(secret);
    // The location the extension reserves next to the endpoint serves the same document.
    expect(await (await fetch(`${endpoint}/server-card`)).text()).toBe(text);
  });

  it('is public while the MCP endpoint needs a token, and keeps the Host check (403 for a foreign one)', async () => {
    const { origin, endpoint } = await serve({ [`${ENV_PREFIX}_HTTP_TOKENS`]: TOKEN });
    expect((await fetch(endpoint, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${origin}${SERVER_CARD_WELL_KNOWN_PATH}`)).status).toBe(200);
    const get = { method: 'GET', path: SERVER_CARD_WELL_KNOWN_PATH };
    expect(await statusWithHost(origin, 'evil.example.com', get)).toBe('HTTP/1.1 403 Forbidden');
    expect(await statusWithHost(origin, 'localhost', get)).toBe('HTTP/1.1 200 OK');
  });

  it('is served as application/mcp-server-card+json, cacheable with an ETag (304 on a match), with open CORS', async () => {
    const { origin } = await serve();
    const url = `${origin}${SERVER_CARD_WELL_KNOWN_PATH}`;
    const response = await fetch(url, { headers: { accept: SERVER_CARD_MEDIA_TYPE } });
    const etag = response.headers.get('etag') ?? '';
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'application/mcp-server-card+json',
      'cache-control': 'public, max-age=3600',
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET',
      'access-control-allow-headers': 'Content-Type, If-None-Match',
      'access-control-expose-headers': 'ETag',
    });
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    const revalidated = await fetch(url, { headers: { 'if-none-match': etag } });
    expect([revalidated.status, await revalidated.text(), revalidated.headers.get('etag')]).toEqual([304, '', etag]);
    expect((await fetch(url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('answers GET and HEAD, a CORS preflight, and 405 to anything else', async () => {
    const { origin } = await serve();
    const url = `${origin}${SERVER_CARD_WELL_KNOWN_PATH}`;
    const head = await fetch(url, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const preflight = await fetch(url, { method: 'OPTIONS' });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, '*']);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const refused = await fetch(url, { method, body: method === 'DELETE' ? undefined : '{}' });
      expect([method, refused.status, refused.headers.get('allow')]).toEqual([method, 405, 'GET, HEAD, OPTIONS']);
    }
  });

  it('names the public URL clients use, and sits next to its path', async () => {
    const publicUrl = 'https://mcp.example.com/tools/mcp';
    const { origin } = await serve({ [`${ENV_PREFIX}_HTTP_PUBLIC_URL`]: publicUrl });
    const card = (await (await fetch(`${origin}${SERVER_CARD_WELL_KNOWN_PATH}`)).json()) as {
      remotes: Array<{ url: string }>;
    };
    expect(card.remotes.map((r) => r.url)).toEqual([publicUrl]);
    expect((await fetch(`${origin}/tools/mcp/server-card`)).status).toBe(200);
    expect((await fetch(`${origin}/mcp/server-card`)).status).toBe(404);
  });

  it('agrees with what a connected client sees: server/discover versions and the server version', async () => {
    const { origin, endpoint } = await serve();
    const card = (await (await fetch(`${origin}${SERVER_CARD_WELL_KNOWN_PATH}`)).json()) as {
      version: string;
      remotes: Array<{ supportedProtocolVersions: string[] }>;
    };
    const client = new Client({ name: 'card-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint)));
    const discovered = client.getDiscoverResult()?.supportedVersions ?? [];
    expect(discovered.length).toBeGreaterThan(0);
    // The 2026-era versions server/discover names, then the 2025-era ones the SDK negotiates with initialize.
    expect(card.remotes[0]?.supportedProtocolVersions).toEqual([...discovered, ...SUPPORTED_PROTOCOL_VERSIONS]);
    expect(client.getServerVersion()?.version).toBe(card.version);
    await client.close();
  });

  it('is not served when the server has no card facts', async () => {
    const { origin } = await serve({}, { card: false });
    expect((await fetch(`${origin}${SERVER_CARD_WELL_KNOWN_PATH}`)).status).toBe(404);
  });
});
