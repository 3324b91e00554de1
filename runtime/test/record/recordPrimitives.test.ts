// Record and replay of resource reads and prompt gets (runtime/src/record): a resource read against a real local
// upstream that echoes everything it received, and a prompt get; the recordings hold no credential and no
// deny-listed value (searched byte by byte); a replay with the network disabled answers the same reads and gets
// identically (a failed read too), and a different URI or argument is an error naming the closest recording.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect } from '@jest/globals';
import { ProtocolError } from '@modelcontextprotocol/server';
import { definePrompt } from '../../src/definePrompt.js';
import { defineResource, type ResourceDeps } from '../../src/defineResource.js';
import { activePrimitiveRecorder, setActivePrimitiveRecorder, setActiveTap } from '../../src/record/active.js';
import { startRecordReplay } from '../../src/record/engine.js';
import { parseRecording, type Recording } from '../../src/record/format.js';
import { withRecordReplay } from '../../src/record/mode.js';
import { DENY_LIST_FILE } from '../../src/record/redact.js';
import { createUpstreamClient, type Auth } from '../../src/upstream.js';
import { testConfig } from '../helpers/config.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';

const KEY = 'sk-live-PRIMITIVE-SECRET-4e8d2a';
const EMAIL = 'grace@example.org';
const bearer: Auth = { apply: (_u, h) => void (h.authorization = `Bearer ${KEY}`), refresh: async () => false };
const NO_RECORDING = 'replay: no recording of';

let server: http.Server;
let base: string;
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-record-primitives-'));
  dirs.push(dir);
  return dir;
};
const templates = tempDir();

beforeAll(async () => {
  // Echoes the path and headers it received (a credential sent would come back); /items/missing is a 404.
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.endsWith('/missing')) return void res.writeHead(404).end('{"error":"no such item"}');
    const echo = { path: url.pathname, headers: req.headers };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo, email: EMAIL }));
  });
  base = await listenLocal(server);
  fs.writeFileSync(
    path.join(templates, 'brief.md'),
    'Brief on <%= topic %><% if (reader) { %> for <%= reader %><% } %>.',
  );
});
afterAll(async () => {
  await closeLocal(server);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  setActiveTap(undefined);
  setActivePrimitiveRecorder(undefined);
});

const noNetwork: typeof fetch = async () => {
  throw new Error('network disabled in this test');
};

function deps(fetchImpl: typeof fetch = fetch): ResourceDeps {
  const config = testConfig({ baseUrl: `${base}/v1`, retry: { maxAttempts: 1 } });
  const missing = () => (fetchImpl === noNetwork ? ['TEST_API_KEY'] : []);
  return { config, upstream: createUpstreamClient(config, { auth: bearer, missing }, fetchImpl) };
}

const item = defineResource({
  name: 'item',
  mimeType: 'application/json',
  uri: 'items://{id}',
  read: ({ id }, { upstream, signal }) => upstream.request({ path: `/items/${encodeURIComponent(id)}`, signal }),
});

const brief = definePrompt({
  name: 'brief',
  arguments: [
    { name: 'topic', required: true },
    { name: 'reader', required: false },
  ],
  template: new URL(`file://${path.join(templates, 'brief.md')}`),
});

/** Starts recording (or replaying) into `dir`, as withRecordReplay's hooks would. */
function start(mode: 'record' | 'replay', dir: string): void {
  const engine = startRecordReplay({ mode, dir, maxBodyChars: 100_000, report: () => undefined });
  setActiveTap(engine.tap);
  setActivePrimitiveRecorder(engine.primitives);
}

function stop(): void {
  setActiveTap(undefined);
  setActivePrimitiveRecorder(undefined);
}

function recordingsIn(dir: string): Array<[string, Recording]> {
  return fs
    .readdirSync(dir)
    .filter((f) => f !== DENY_LIST_FILE)
    .sort()
    .map((f) => {
      const parsed = parseRecording(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (typeof parsed === 'string') throw new Error(`${f}: ${parsed}`);
      return [f, parsed];
    });
}

function expectNoSecret(dir: string, secrets: string[]): void {
  for (const file of fs.readdirSync(dir)) {
    const bytes = fs.readFileSync(path.join(dir, file));
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret))).toBe(false);
  }
}

/** What a failed read or get threw, as the client gets it. */
async function failure(promise: Promise<unknown>): Promise<{ code?: number; message: string }> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(error instanceof ProtocolError)) throw error;
  return { code: error.code, message: error.message };
}

describe('resource reads', () => {
  it('records a read without the credential or a deny-listed value, and replays it offline identically', async () => {
    const dir = tempDir();
    start('record', dir);
    const live = await item.read('items://a%20b', deps());
    expect(JSON.stringify(live)).toContain(EMAIL); // the real contents carry it: only the recording must not
    expectNoSecret(dir, [KEY, EMAIL]);
    const [[file, saved]] = recordingsIn(dir);
    expect(file).toMatch(/^resource-item-[0-9a-f]{12}\.json$/);
    expect(saved).toMatchObject({
      kind: 'resource',
      name: 'item',
      input: { uri: 'items://a%20b' },
      baseUrl: `${base}/v1`,
    });
    expect(saved.exchanges).toHaveLength(1);
    expect(saved.exchanges[0]).toMatchObject({
      request: { method: 'GET', path: '/items/a%20b', headers: { authorization: '[redacted]' } },
      auth: { headers: ['authorization'], query: [] },
      response: { status: 200 },
    });
    if (saved.kind !== 'resource') throw new Error('not a resource recording');
    expect(saved.result?.contents[0]).toMatchObject({ uri: 'items://a%20b', mimeType: 'application/json' });

    stop();
    start('replay', dir);
    const again = await item.read('items://a%20b', deps(noNetwork));
    expect(again).toEqual(saved.result);
  });

  it('records a failed read as the error the client got, and replays the same error', async () => {
    const dir = tempDir();
    start('record', dir);
    const live = await failure(item.read('items://missing', deps()));
    const [[, saved]] = recordingsIn(dir);
    expect(saved).toMatchObject({ kind: 'resource', error: live });
    expect(saved).not.toHaveProperty('result');
    stop();
    start('replay', dir);
    expect(await failure(item.read('items://missing', deps(noNetwork)))).toEqual(live);
  });

  it('a URI never recorded: the error of a failed read, naming the closest recording', async () => {
    const dir = tempDir();
    start('record', dir);
    await item.read('items://42', deps());
    stop();
    start('replay', dir);
    const miss = await failure(item.read('items://43', deps(noNetwork)));
    expect(miss.message).toMatch(
      /^reading items:\/\/43 failed: replay: no recording of resource item with this input in .+; closest: resource-item-[0-9a-f]{12}\.json \(input differs in uri\)$/,
    );
  });
});

describe('prompt gets', () => {
  it('records a get with its arguments and messages, and replays it offline identically', async () => {
    const dir = tempDir();
    start('record', dir);
    const live = await brief.get({ topic: 'tides', reader: 'crew' });
    expect(live.messages[0].content).toEqual({ type: 'text', text: 'Brief on tides for crew.' });
    const [[file, saved]] = recordingsIn(dir);
    expect(file).toMatch(/^prompt-brief-[0-9a-f]{12}\.json$/);
    expect(saved).toEqual({
      format: 'mcp-factory-recording/1',
      kind: 'prompt',
      name: 'brief',
      input: { topic: 'tides', reader: 'crew' },
      exchanges: [],
      result: live,
    });
    stop();
    start('replay', dir);
    expect(await brief.get({ topic: 'tides', reader: 'crew' })).toEqual(live);
  });

  it('redacts a deny-listed argument wherever the messages quote it', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DENY_LIST_FILE), JSON.stringify({ fields: ['reader'] }));
    start('record', dir);
    await brief.get({ topic: 'tides', reader: EMAIL });
    expectNoSecret(dir, [EMAIL]);
    const [[, saved]] = recordingsIn(dir);
    expect(saved.input).toEqual({ topic: 'tides', reader: '[redacted]' });
    expect(JSON.stringify(saved)).toContain('Brief on tides for [redacted].');
  });

  it('an argument never recorded, or a prompt never recorded: an error naming the closest recording', async () => {
    const dir = tempDir();
    start('record', dir);
    await brief.get({ topic: 'tides' });
    stop();
    start('replay', dir);
    await expect(brief.get({ topic: 'reefs' })).rejects.toThrow(
      /^replay: no recording of prompt brief with this input in .+; closest: prompt-brief-[0-9a-f]{12}\.json \(input differs in topic\)$/,
    );
    const other = definePrompt({ ...{ name: 'other', arguments: [] }, template: new URL('file:///nowhere.md') });
    await expect(other.get({})).rejects.toThrow(`${NO_RECORDING} prompt other in ${dir} (recorded: prompt brief)`);
  });
});

describe('through withRecordReplay', () => {
  it('unset variables: no hook; set: reads and gets are recorded once the engine loads', async () => {
    expect(withRecordReplay({}, 'TEST', {})).toEqual({});
    expect(activePrimitiveRecorder()).toBeUndefined();
    const dir = tempDir();
    withRecordReplay({}, 'TEST', { TEST_RECORD: dir });
    await item.read('items://7', deps());
    await brief.get({ topic: 'maps' });
    expect(recordingsIn(dir).map(([, r]) => `${r.kind} ${r.name}`)).toEqual(['prompt brief', 'resource item']);
  });
});
