// Record and replay (runtime/src/record): tool calls against a real local upstream that echoes everything it
// received, under each way an auth scheme places its credential; the recordings hold no credential (searched
// byte by byte) and no deny-listed field; a replay with the network disabled answers the same calls identically,
// and a different input or request is an error naming the closest recording.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect } from '@jest/globals';
import * as z from 'zod';
import { defineTool, type ToolDeps } from '../../src/defineTool.js';
import { setActiveTap, activeTap } from '../../src/record/active.js';
import { startRecordReplay } from '../../src/record/engine.js';
import { parseRecording, type Recording } from '../../src/record/format.js';
import { recordReplaySettings, withRecordReplay } from '../../src/record/mode.js';
import { DENY_LIST_FILE } from '../../src/record/redact.js';
import { buildRequest, lazyInputSchema, structuredResult, type ParamSpec } from '../../src/openapi/index.js';
import { addSecret } from '../../src/secrets.js';
import { createUpstreamClient, type Auth, type Upstream } from '../../src/upstream.js';
import { testConfig } from '../helpers/config.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';

const KEY = 'sk-live-RECORD-SECRET-7f3a9c';
const USER = 'recorder-user';
const PASSWORD = 'pw-RECORD-SECRET-1b2c3d';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const TOKEN = 'oauth-token-RECORD-SECRET-55aa';
const EMAIL = 'ada@example.org';

/** Each way a scheme places a credential; none registers it with secrets.ts except `registered`. */
const schemes: Record<string, Auth> = {
  bearer: { apply: (_u, h) => void (h.authorization = `Bearer ${KEY}`), refresh: async () => false },
  header: { apply: (_u, h) => void (h['x-api-key'] = KEY), refresh: async () => false },
  query: { apply: (u) => void u.searchParams.set('api_key', KEY), refresh: async () => false },
  basic: { apply: (_u, h) => void (h.authorization = `Basic ${BASIC}`), refresh: async () => false },
  oauth2: { apply: (_u, h) => void (h.authorization = `Bearer ${TOKEN}`), refresh: async () => false },
};
const secrets = [KEY, PASSWORD, BASIC, TOKEN, EMAIL];

let server: http.Server;
let base: string;
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-record-test-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  // Echoes the method, path, query, headers and body it received: a credential sent would come back.
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.endsWith('/big')) return void res.writeHead(200).end('x'.repeat(5000));
      const echo = { method: req.method, path: url.pathname, query: url.search, headers: req.headers, body };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo, email: EMAIL }));
    });
  });
  base = await listenLocal(server);
});
afterAll(async () => {
  await closeLocal(server);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => setActiveTap(undefined));

const noNetwork: typeof fetch = async () => {
  throw new Error('network disabled in this test');
};

/** Offline (a replay) the credential variable is unset too: a replay needs none. */
function deps(auth: Auth, fetchImpl: typeof fetch = fetch): ToolDeps {
  const config = testConfig({ baseUrl: `${base}/v1`, retry: { maxAttempts: 1 } });
  const missing = () => (fetchImpl === noNetwork ? ['TEST_API_KEY'] : []);
  const upstream: Upstream = createUpstreamClient(config, { auth, missing }, fetchImpl);
  return { config, upstream };
}

/** A tool with a path parameter, a query and a JSON body; `path` is its request mapping. */
const updateItem = (route = '/items/{id}') =>
  defineTool({
    name: 'update_item',
    description: 'update an item',
    inputSchema: z.object({ id: z.string(), note: z.string(), email: z.string().optional() }),
    async run({ id, note, email }, { upstream, signal }) {
      const answer = await upstream.request({
        method: 'POST',
        path: route.replace('{id}', encodeURIComponent(id)),
        query: { verbose: true },
        headers: { 'x-request-kind': 'update' },
        body: { note, email },
        signal,
      });
      return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
    },
  });

function recordingsIn(dir: string): Recording[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f !== DENY_LIST_FILE)
    .map((f) => {
      const parsed = parseRecording(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (typeof parsed === 'string') throw new Error(`${f}: ${parsed}`);
      return parsed;
    });
}

describe.each(Object.keys(schemes))('the %s scheme', (scheme) => {
  it('records a call without its credential or a deny-listed field, and replays it offline identically', async () => {
    const dir = tempDir();
    const recording = startRecordReplay({ mode: 'record', dir, maxBodyChars: 100_000, report: () => undefined });
    setActiveTap(recording.tap);
    const tool = updateItem();
    const input = { id: 'a b/42', note: 'first', email: EMAIL };
    const live = await tool.call(input, { ...deps(schemes[scheme]), recorder: recording.recorder });
    expect(live.isError).toBeUndefined();
    expect(JSON.stringify(live)).toContain(EMAIL); // the real result carries it: only the recording must not

    const files = fs.readdirSync(dir);
    expect(files).toContain(DENY_LIST_FILE);
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(dir, file));
      for (const secret of secrets) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const [saved] = recordingsIn(dir);
    expect(saved.name).toBe('update_item');
    expect(saved.input).toEqual({ id: 'a b/42', note: 'first', email: '[redacted]' });
    expect(saved.exchanges).toHaveLength(1);
    const { request, auth, response } = saved.exchanges[0];
    expect(request).toMatchObject({
      method: 'POST',
      path: '/items/a%20b%2F42',
      body: { note: 'first', email: '[redacted]' },
    });
    expect(request.headers).toMatchObject({ 'x-request-kind': 'update', 'content-type': 'application/json' });
    expect(auth.headers.length + auth.query.length).toBe(1);
    for (const name of auth.headers) expect(request.headers[name]).toBe('[redacted]');
    expect(request.query).toEqual(
      scheme === 'query'
        ? [
            ['verbose', 'true'],
            ['api_key', '[redacted]'],
          ]
        : [['verbose', 'true']],
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');

    // Replay: no credential, no network; the same input gives the result the recording holds.
    setActiveTap(undefined);
    const replay = startRecordReplay({ mode: 'replay', dir, maxBodyChars: 100_000, report: () => undefined });
    setActiveTap(replay.tap);
    const offline = deps(schemes[scheme], noNetwork);
    const again = await tool.call(input, { ...offline, recorder: replay.recorder });
    expect(again).toEqual(saved.result);
    expect(JSON.stringify(again)).not.toContain(KEY);
  });
});

describe('replay', () => {
  async function recorded(): Promise<string> {
    const dir = tempDir();
    const recording = startRecordReplay({ mode: 'record', dir, maxBodyChars: 100_000, report: () => undefined });
    setActiveTap(recording.tap);
    await updateItem().call({ id: '42', note: 'n' }, { ...deps(schemes.bearer), recorder: recording.recorder });
    await updateItem().call({ id: '43', note: 'n' }, { ...deps(schemes.bearer), recorder: recording.recorder });
    setActiveTap(undefined);
    return dir;
  }

  function replaying(dir: string) {
    const replay = startRecordReplay({ mode: 'replay', dir, maxBodyChars: 100_000, report: () => undefined });
    setActiveTap(replay.tap);
    return { ...deps(schemes.bearer, noNetwork), recorder: replay.recorder };
  }

  it('an input never recorded: an error naming the closest recording and the field that differs', async () => {
    const dir = await recorded();
    const result = await updateItem().call({ id: '42', note: 'other' }, replaying(dir));
    expect(result.isError).toBe(true);
    expect(result.content[0]).toEqual({
      type: 'text',
      text: expect.stringMatching(
        /^replay: no recording of update_item with this input in .+; closest: tool-update_item-[0-9a-f]{12}\.json \(input differs in note\)$/,
      ),
    });
  });

  it('a changed request mapping: an error naming the closest recorded request and what differs', async () => {
    const dir = await recorded();
    const result = await updateItem('/things/{id}').call({ id: '42', note: 'n' }, replaying(dir));
    expect(result).toEqual({
      isError: true,
      content: [
        {
          type: 'text',
          text: expect.stringMatching(
            /^replay: no recorded request matches POST \/things\/42\?verbose=true; closest: POST \/items\/42\?verbose=true \(request 1 of tool-update_item-[0-9a-f]{12}\.json; differs in path\)$/,
          ),
        },
      ],
    });
  });

  it('records an optional field that was not given as absent, even one on the deny-list', async () => {
    const dir = await recorded();
    const bodies = recordingsIn(dir).map((r) => r.exchanges[0].request.body);
    expect(bodies).toEqual([{ note: 'n' }, { note: 'n' }]);
    expect(recordingsIn(dir).map((r) => r.baseUrl)).toEqual([`${base}/v1`, `${base}/v1`]);
  });

  it('a tool never recorded: an error listing the recorded tools', async () => {
    const dir = await recorded();
    const other = defineTool({
      ...{ name: 'other', description: 'x', inputSchema: z.object({}) },
      run: async () => ({ content: [] }),
    });
    const result = await other.call({}, replaying(dir));
    expect(result.content[0]).toEqual({
      type: 'text',
      text: `replay: no recording of other in ${dir} (recorded: update_item)`,
    });
  });
});

/** A tool as `npx plop openapi` writes one: header and deepObject query parameters, a JSON body, structured output. */
function openapiTool() {
  const params: ParamSpec[] = [
    { key: 'id', name: 'id', in: 'path' },
    { key: 'filter', name: 'filter', in: 'query', style: 'deepObject', explode: true },
    { key: 'trace', name: 'X-Trace', in: 'header' },
  ];
  const inputSchema = lazyInputSchema({
    type: 'object',
    properties: {
      id: { type: 'string' },
      filter: { type: 'object', properties: { state: { type: 'string' } } },
      trace: { type: 'string' },
      body: { type: 'object', properties: { note: { type: 'string' } } },
    },
    required: ['id'],
  });
  const outputSchema = lazyInputSchema({ type: 'object', properties: { result: { type: 'object' } } });
  const toResult = structuredResult('patch_order', outputSchema);
  return defineTool({
    name: 'patch_order',
    description: 'PATCH /orders/{id} from a spec',
    inputSchema,
    outputSchema,
    async run(input, { upstream, signal, config }) {
      const values = input as Record<string, unknown>;
      const request = buildRequest('/orders/{id}', params, values);
      const data = await upstream.request({ method: 'PATCH', ...request, body: values.body, signal });
      return toResult(JSON.stringify(data), data, config.limits.maxResultChars);
    },
  });
}

describe('a tool from an OpenAPI spec', () => {
  it('records its header and deepObject parameters and structured result, and replays them offline', async () => {
    const dir = tempDir();
    const recording = startRecordReplay({ mode: 'record', dir, maxBodyChars: 100_000, report: () => undefined });
    setActiveTap(recording.tap);
    const input = { id: 'o-1', filter: { state: 'open' }, trace: 't-9', body: { note: 'rush' } };
    const live = await openapiTool().call(input, { ...deps(schemes.query), recorder: recording.recorder });
    expect(live.structuredContent).toMatchObject({ result: { echo: { method: 'PATCH', path: '/v1/orders/o-1' } } });
    const [saved] = recordingsIn(dir);
    expect(saved.exchanges[0].request).toMatchObject({
      method: 'PATCH',
      path: '/orders/o-1',
      query: [
        ['filter[state]', 'open'],
        ['api_key', '[redacted]'],
      ],
      headers: { 'x-trace': 't-9' },
      body: { note: 'rush' },
    });
    for (const file of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, file), 'utf8')).not.toContain(KEY);
    setActiveTap(undefined);
    const replay = startRecordReplay({ mode: 'replay', dir, maxBodyChars: 100_000, report: () => undefined });
    setActiveTap(replay.tap);
    const again = await openapiTool().call(input, { ...deps(schemes.query, noNetwork), recorder: replay.recorder });
    expect(again).toEqual(saved.result);
    expect(again.structuredContent).toMatchObject({ result: { echo: { method: 'PATCH', path: '/v1/orders/o-1' } } });
  });
});

describe('limits and settings', () => {
  it('cuts a body over the limit, noting its full length; a replay of it says it was cut', async () => {
    const dir = tempDir();
    const recording = startRecordReplay({ mode: 'record', dir, maxBodyChars: 1000, report: () => undefined });
    setActiveTap(recording.tap);
    const big = defineTool({
      name: 'big',
      description: 'a large answer',
      inputSchema: z.object({}),
      run: async (_i, { upstream }) => ({
        content: [{ type: 'text', text: await upstream.request<string>({ path: '/big', responseType: 'text' }) }],
      }),
    });
    await big.call({}, { ...deps(schemes.header), recorder: recording.recorder });
    const [saved] = recordingsIn(dir);
    expect(saved.exchanges[0].response.body).toHaveLength(1000);
    expect(saved.exchanges[0].response.bodyLength).toBe(5000);
    setActiveTap(undefined);
    const replay = startRecordReplay({ mode: 'replay', dir, maxBodyChars: 1000, report: () => undefined });
    setActiveTap(replay.tap);
    const result = await big.call({}, { ...deps(schemes.header, noNetwork), recorder: replay.recorder });
    expect(result.content[0]).toMatchObject({ text: expect.stringContaining('was cut at 1000 of 5000 characters') });
  });

  it('a field added to the deny-list is redacted from then on', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DENY_LIST_FILE), JSON.stringify({ fields: ['note'] }));
    const recording = startRecordReplay({ mode: 'record', dir, maxBodyChars: 1000, report: () => undefined });
    setActiveTap(recording.tap);
    await updateItem().call(
      { id: '1', note: 'private note', email: EMAIL },
      { ...deps(schemes.header), recorder: recording.recorder },
    );
    const text = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('tool-')) ?? ''), 'utf8');
    expect(text).not.toContain('private note');
    expect(text).toContain(EMAIL); // no longer on this folder's list
  });

  it('a secret registered for the logs is redacted too, wherever it appears', async () => {
    const dir = tempDir();
    addSecret('registered-SECRET-value-99');
    const recording = startRecordReplay({ mode: 'record', dir, maxBodyChars: 100_000, report: () => undefined });
    setActiveTap(recording.tap);
    await updateItem().call(
      { id: '1', note: 'registered-SECRET-value-99' },
      { ...deps(schemes.header), recorder: recording.recorder },
    );
    for (const file of fs.readdirSync(dir)) {
      expect(fs.readFileSync(path.join(dir, file), 'utf8')).not.toContain('registered-SECRET-value-99');
    }
  });

  it('unset variables: the extras come back unchanged and nothing is tapped', () => {
    const extras = {};
    expect(withRecordReplay(extras, 'TEST', {})).toBe(extras);
    expect(activeTap()).toBeUndefined();
  });

  it('refuses both variables at once, a bad limit and a missing replay folder, naming the variable', () => {
    expect(() => recordReplaySettings('TEST', { TEST_RECORD: 'a', TEST_REPLAY: 'b' })).toThrow(
      'TEST_RECORD and TEST_REPLAY are both set: choose one',
    );
    expect(() => recordReplaySettings('TEST', { TEST_RECORD: 'a', TEST_RECORD_MAX_BODY_CHARS: '0' })).toThrow(
      'invalid TEST_RECORD_MAX_BODY_CHARS: a whole number of characters, at least 1, got "0"',
    );
    expect(() => recordReplaySettings('TEST', { TEST_REPLAY: path.join(os.tmpdir(), 'no-such-folder-x9') })).toThrow(
      /^TEST_REPLAY=.+: no such folder \(record one with TEST_RECORD first\)$/,
    );
  });

  it('through withRecordReplay: the engine loads on the first call, and wraps the recorder already there', async () => {
    const dir = tempDir();
    const seen: string[] = [];
    const inner = {
      record: async (call: { tool: string }, run: () => Promise<never>) => (seen.push(call.tool), run()),
    };
    const extras = withRecordReplay({ recorder: inner }, 'TEST', { TEST_RECORD: dir });
    expect(activeTap()?.replaying).toBe(false);
    await updateItem().call({ id: '7', note: 'n' }, { ...deps(schemes.bearer), recorder: extras.recorder });
    expect(seen).toEqual(['update_item']);
    expect(recordingsIn(dir).map((r) => r.exchanges[0].request.path)).toEqual(['/items/7']);
  });
});
