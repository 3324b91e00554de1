// The proof that record and replay work in a generated server: one `rest` server, grown with a POST tool, is
// installed once. Its built server records a session (`npm run -s record`, the official client) against a local
// upstream that echoes every header and query parameter it gets; `npx plop fixtures` turns the recordings into
// tests that pass offline, and fail once the tool's request mapping changes. A replay of the session, with the
// network disabled and no credential, answers identically; an input never recorded names the closest recording.
// Then the auth scheme is switched through every scheme but bearer: each records a call, no credential of it is in
// any recorded or generated file (searched byte by byte), and the tests generated from it pass. Bearer is the
// repo's first scheme (the rest preset's), whose key the first session records; header, tested here, sends its
// key the same way (src/auth.ts from one partial, a header the upstream echoes back) with the same test fixtures.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport, type Transport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { Shell } from 'zx';
import { plainOutput } from '../helpers/cliOutput.js';
import { schemes } from '../helpers/authSchemes.js';
import { expectInstall, generateServer, repoShell } from '../helpers/generatedRepo.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { beforeAll, it, scaled } from '../helpers/timeouts.js';

const PREFIX = 'REPLAYED';
const KEY = 'rk-live-E2E-SECRET-0f9e8d7c';
const ACCESS_TOKEN = 'oauth-access-E2E-SECRET-4242';
const EMAIL = 'grace@example.org';
// Not `ping`: its result holds its latency, which no replay reproduces (README: such a test is yours to loosen).
const CALLS = [
  { name: 'get_item', arguments: { id: 'a b/1', note: 'first', email: EMAIL } },
  { name: 'get_item', arguments: { id: '2', note: 'second' } },
  { name: 'get_item', arguments: { id: '3', note: 'third' } },
];
/** Makes every fetch of the server fail: a replay must never need one. */
const NO_NETWORK = '--import=data:text/javascript,globalThis.fetch=()=>Promise.reject(Error())';

let repo: string;
let sh: Shell;
const recordedResults: unknown[] = [];
/** The recording session's base URL (its upstream is closed before the replay). */
let recordedBase = '';

/**
 * A local upstream with a token endpoint. `echo`: each answer holds everything the request carried (a credential
 * sent comes back, and must not reach a recording); otherwise the method and path only. `received`: what came in.
 */
async function localUpstream(echo: boolean): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      received.push(JSON.stringify({ url: req.url, headers: req.headers, body }));
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.pathname === '/oauth/token') {
        return void res.end(JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 }));
      }
      const seen = { method: req.method, path: url.pathname };
      res.end(JSON.stringify(echo ? { ...seen, query: url.search, headers: req.headers, body } : seen));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The official client on `command`, with only `env` (and PATH, HOME); calls CALLS in order and returns the results. */
/** The official client over `transport`: each call's result in order, then the client closed. */
async function callAll(transport: Transport, calls: typeof CALLS) {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  try {
    const results = [];
    for (const call of calls) results.push(await client.callTool(call));
    return results;
  } finally {
    await client.close();
  }
}

async function session(command: string, args: string[], env: Record<string, string>, calls = CALLS) {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const stdio = new StdioClientTransport({ command, args, cwd: repo, env: { ...base, ...env }, stderr: 'ignore' });
  return callAll(stdio, calls);
}

/** How often the HTTP server's /healthz is asked while it starts. */
const POLL_MS = 100;

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The same session over Streamable HTTP: the built server with --http, and the official client. */
async function httpSession(env: Record<string, string>, calls = CALLS) {
  const port = await freePort();
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const child = spawn(process.execPath, ['dist/index.js', '--http', '--port', String(port)], {
    cwd: repo,
    env: { ...base, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const started = Date.now();
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() - started > scaled(15_000)) throw new Error('the HTTP server did not start');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return await callAll(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)), calls);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The credential variables the repo's own tests use (test/fixtures/credentials.ts), with our secret values. */
function credentialEnv(tokenUrl: string): Record<string, string> {
  const source = fs.readFileSync(path.join(repo, 'test/fixtures/credentials.ts'), 'utf8');
  const block = /export const credentials[^{]*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  const names = [...block.matchAll(/^\s*([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
  return Object.fromEntries(names.map((name) => [name, name.endsWith('_TOKEN_URL') ? tokenUrl : `${KEY}-${name}`]));
}

/** Every file under `dirs` that holds one of `secrets`, byte for byte. */
function filesHolding(dirs: string[], secrets: string[]): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name));
      for (const secret of secrets) if (bytes.includes(Buffer.from(secret))) found.push(`${entry.name}: ${secret}`);
    }
  }
  return found;
}

const jestRecorded = () => sh`NODE_OPTIONS=--experimental-vm-modules node_modules/.bin/jest test/recorded`;

beforeAll(async () => {
  repo = await generateServer(
    { name: 'replayed', preset: 'rest', baseUrl: 'https://api.example.com' },
    tempDir('mcp-factory-e2e-record-'),
  );
  sh = repoShell(repo);
  await expectInstall(sh);
  const method =
    await sh`npx plop method -- --name get_item --description ${'Update an item'} --httpMethod POST --path ${'/items/{id}'} --params ${'id:string:Item id, note:string:A note, email?:string:Contact'}`;
  if (method.exitCode !== 0) process.stderr.write(plainOutput(method));
  expect(method.exitCode).toBe(0);
  expect((await sh`npm run -s build`).exitCode).toBe(0);
}, 300_000);

describe('record, fixtures and replay in a generated server', () => {
  it('records a session through npm run record; the generated tests pass offline and fail on a changed mapping', async () => {
    const upstream = await localUpstream(false);
    recordedBase = upstream.url;
    try {
      const env = { [`${PREFIX}_BASE_URL`]: upstream.url, [`${PREFIX}_API_KEY`]: KEY, NODE_OPTIONS: '' };
      recordedResults.push(...(await session('npm', ['run', '-s', 'record'], env)));
    } finally {
      await upstream.close();
    }
    expect(recordedResults).toHaveLength(CALLS.length);
    for (const result of recordedResults) expect(result).not.toHaveProperty('isError', true);
    const recordings = path.join(repo, 'recordings');
    expect(
      fs
        .readdirSync(recordings)
        .filter((f) => f.startsWith('tool-'))
        .sort(),
    ).toEqual([
      expect.stringMatching(/^tool-get_item-[0-9a-f]{12}\.json$/),
      expect.stringMatching(/^tool-get_item-[0-9a-f]{12}\.json$/),
      expect.stringMatching(/^tool-get_item-[0-9a-f]{12}\.json$/),
    ]);

    const fixtures = await sh`npx plop fixtures`;
    if (fixtures.exitCode !== 0) process.stderr.write(plainOutput(fixtures));
    expect(fixtures.exitCode).toBe(0);
    expect(plainOutput(fixtures)).toContain('3 test(s) added, 0 updated, 0 unchanged in test/recorded/');
    expect(filesHolding([recordings, path.join(repo, 'test/recorded')], [KEY, EMAIL])).toEqual([]);
    expect((await sh`npm run -s format:check`).exitCode).toBe(0);
    expect(plainOutput(await sh`npx tsc --noEmit`).trim()).toBe('');

    const offline = await jestRecorded();
    if (offline.exitCode !== 0) process.stderr.write(plainOutput(offline));
    expect(offline.exitCode).toBe(0);
    expect(plainOutput(offline)).toMatch(/Tests:\s+3 passed, 3 total/);

    // The tool's request mapping changes: the tests from its recordings fail, saying what was sent.
    const tool = path.join(repo, 'src/tools/getItem.ts');
    const original = fs.readFileSync(tool, 'utf8');
    expect(original).toContain("'/items/{id}'");
    fs.writeFileSync(tool, original.replace("'/items/{id}'", "'/things/{id}'"));
    try {
      const mutated = await jestRecorded();
      expect(mutated.exitCode).not.toBe(0);
      expect(plainOutput(mutated)).toMatch(/Tests:\s+3 failed, 3 total/);
      expect(plainOutput(mutated)).toContain('"path": "/things/2"');
    } finally {
      fs.writeFileSync(tool, original);
    }
  }, 300_000);

  it('replays the session identically with the network disabled and no credential; a new input names the closest', async () => {
    const env = {
      [`${PREFIX}_REPLAY`]: 'recordings',
      [`${PREFIX}_BASE_URL`]: recordedBase,
      NODE_OPTIONS: NO_NETWORK,
    };
    const replayed = await session(process.execPath, ['dist/index.js'], env);
    expect(replayed).toEqual(recordedResults);
    const [miss] = await session(process.execPath, ['dist/index.js'], env, [
      { name: 'get_item', arguments: { id: '2', note: 'changed' } },
    ]);
    expect(miss).toEqual({
      isError: true,
      content: [
        {
          type: 'text',
          text: expect.stringMatching(
            /^replay: no recording of get_item with this input in recordings; closest: tool-get_item-[0-9a-f]{12}\.json \(input differs in note\)$/,
          ),
        },
      ],
    });
  }, 120_000);

  it('replays the same session over Streamable HTTP (--http), identically, with the network disabled', async () => {
    const env = { [`${PREFIX}_REPLAY`]: 'recordings', [`${PREFIX}_BASE_URL`]: recordedBase, NODE_OPTIONS: NO_NETWORK };
    expect(await httpSession(env)).toEqual(recordedResults);
  }, 120_000);

  it('records over Streamable HTTP (--http) as over stdio: the same recordings, no credential, replayed offline', async () => {
    const upstream = await localUpstream(false);
    const dir = 'recordings-http';
    let results: unknown[];
    try {
      const env = { [`${PREFIX}_RECORD`]: dir, [`${PREFIX}_BASE_URL`]: upstream.url, [`${PREFIX}_API_KEY`]: KEY };
      results = await httpSession(env);
    } finally {
      await upstream.close();
    }
    const tools = (folder: string) =>
      fs
        .readdirSync(path.join(repo, folder))
        .filter((f) => f.startsWith('tool-'))
        .sort();
    expect(tools(dir)).toEqual(tools('recordings'));
    expect(filesHolding([path.join(repo, dir)], [KEY, EMAIL])).toEqual([]);
    const env = { [`${PREFIX}_REPLAY`]: dir, [`${PREFIX}_BASE_URL`]: upstream.url, NODE_OPTIONS: NO_NETWORK };
    expect(await session(process.execPath, ['dist/index.js'], env)).toEqual(results);
    fs.rmSync(path.join(repo, dir), { recursive: true });
  }, 120_000);

  it.each(schemes.filter(([scheme]) => scheme !== 'bearer'))(
    'the %s scheme: no credential in any recorded or generated file, and its generated tests pass',
    async (scheme, flags) => {
      const run = await sh`npx plop auth -- --auth ${scheme} ${flags}`;
      if (run.exitCode !== 0) process.stderr.write(plainOutput(run));
      expect(run.exitCode).toBe(0);
      // The bundle only (the build's second half): the type-check of a repo switched to each scheme is
      // auth.e2e.test.ts's and persistence.e2e.test.ts's (the same `npx plop auth` switches).
      expect((await sh`node_modules/.bin/mcp-factory-build`).exitCode).toBe(0);
      const upstream = await localUpstream(true);
      const credentials = credentialEnv(`${upstream.url}/oauth/token`);
      const dir = `rec-${scheme}`;
      try {
        const env = { ...credentials, [`${PREFIX}_BASE_URL`]: upstream.url, [`${PREFIX}_RECORD`]: dir };
        const [result] = await session(process.execPath, ['dist/index.js'], env, CALLS.slice(0, 1));
        expect(result).not.toHaveProperty('isError', true);
        // The credential did travel (and came back in the answer): the search below is not vacuous.
        const sent = upstream.received.filter((r) => !r.includes('/oauth/token')).join('\n');
        if (scheme !== 'none') expect(sent).toMatch(/rk-live-E2E-SECRET|oauth-access-E2E-SECRET|Basic /);
      } finally {
        await upstream.close();
      }
      const fixtures = await sh`npx plop fixtures -- --from ${dir}`;
      if (fixtures.exitCode !== 0) process.stderr.write(plainOutput(fixtures));
      expect(fixtures.exitCode).toBe(0);
      const secrets = [KEY, ACCESS_TOKEN, EMAIL, ...Object.values(credentials).filter((v) => v.startsWith(KEY))];
      const basic = Object.values(credentials).filter((v) => v.startsWith(KEY));
      if (scheme === 'basic') secrets.push(Buffer.from(basic.join(':')).toString('base64'));
      expect(filesHolding([path.join(repo, dir), path.join(repo, 'test/recorded')], secrets)).toEqual([]);
      const tests = await jestRecorded();
      if (tests.exitCode !== 0) process.stderr.write(plainOutput(tests));
      expect(tests.exitCode).toBe(0);
    },
    180_000,
  );
});
