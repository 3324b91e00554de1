// The runtime's entry (`serve` from @mcp-factory/runtime/main) as a process, over its real stdio: what every
// generated server's src/index.ts gets from it (tested here once, no longer in each generated repo).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from '@jest/globals';
import { spawnServer, startFakeUpstream, type FakeUpstream } from '../../src/testing/index.js';
import { afterAll, beforeAll, it, scaled } from '../../../test/helpers/timeouts.js';
import { bundledFixture } from '../helpers/bundledFixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Started from its bundle (helpers/bundledFixture.ts), as a built server: through tsx ~0.5 s more CPU a start. */
const fixture = path.join(here, 'fixtureServer.ts');
/** Time an upstream answer takes when a test needs calls still in flight. */
const SLOW_UPSTREAM_MS = 300;
/** An upstream that does not answer before the test ends. */
const HANGING_UPSTREAM_MS = 10_000;
/** A prompt exit: well under the drain's margin, and under a client's patience. */
const PROMPT_EXIT_MS = 2000;
/** How long a test waits for the upstream to see a call, and how often it looks. */
const UPSTREAM_SEES_CALL_MS = 5000;
const POLL_MS = 10;
/** Names the cache file in the build's warm-up run (main.ts, bin/codeCacheLoader.cjs, bin/build.mjs). */
const WARM_UP_VARIABLE = 'MCP_FACTORY_WRITE_CODE_CACHE';

let upstream: FakeUpstream;
let delayMs = 0;
const env = () => ({ TEST_BASE_URL: upstream.url, TEST_API_KEY: 'k-secret-123', TEST_LOG_LEVEL: 'debug' });
const start = (extra: Record<string, string> = {}) =>
  spawnServer({ args: [bundledFixture(fixture)], env: { ...env(), ...extra } });
const call = (text: string) => ({ name: 'echo', arguments: { text } });

beforeAll(async () => {
  upstream = await startFakeUpstream((req) => ({ body: { said: String(req.query.text) }, delayMs }));
});
afterAll(() => upstream.close());

describe('serve() on stdio', () => {
  it('initializes with the definition name, lists and calls its tools, stdout holding only JSON-RPC', async () => {
    const server = start();
    const init = await server.initialize();
    expect(init.result.serverInfo).toEqual({ name: 'fixture-server', version: '1.2.3' });
    const list = await server.request('tools/list');
    expect(list.result.tools.map((t: { name: string }) => t.name)).toEqual(['echo']);
    const answer = await server.request('tools/call', call('hi'));
    expect(answer.result.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(await server.closeStdin()).toBe(0);
    for (const line of server.lines) expect(JSON.parse(line).jsonrpc).toBe('2.0');
    expect(server.stderr()).toContain('fixture-server'); // the log is named after the server
    expect(server.stderr()).toContain('echo: hi\n'); // the tool's console.log, kept off stdout by the entry
  }, 30_000);

  it('answers a malformed line with an exact JSON-RPC error and keeps serving', async () => {
    const server = start();
    await server.initialize();
    server.send('{not json');
    expect(JSON.parse(await server.nextLine())).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect((await server.request('tools/call', call('still'))).result.content[0].text).toBe('still');
    expect(await server.closeStdin()).toBe(0);
  }, 30_000);

  it("sets up the extras generators wired in, except in the build's warm-up run (no store opened by a build)", async () => {
    for (const [extra, setUp] of [
      [{}, true],
      [{ [WARM_UP_VARIABLE]: path.join(os.tmpdir(), 'no-such-dist', 'server.js.cache') }, false],
    ] as const) {
      const server = start(extra);
      await server.initialize();
      expect((await server.request('tools/call', call('hi'))).result.content).toEqual([{ type: 'text', text: 'hi' }]);
      expect(await server.closeStdin()).toBe(0);
      expect(server.stderr().includes('extras: set up')).toBe(setUp);
    }
  }, 30_000);

  it('starts with a credential missing, warns once, and a call names the variable', async () => {
    const server = start({ TEST_API_KEY: '' });
    await server.initialize();
    const answer = await server.request('tools/call', call('x'));
    expect(answer.result).toEqual({
      isError: true,
      content: [{ type: 'text', text: expect.stringContaining('TEST_API_KEY is not set') }],
    });
    expect(await server.closeStdin()).toBe(0);
    expect(server.stderr().match(/TEST_API_KEY not set: tools are listed/g)).toHaveLength(1);
  }, 30_000);

  it('a bad variable ends the start with one line on stderr and exit 1, nothing on stdout', async () => {
    const server = start({ TEST_BASE_URL: 'nope' });
    expect(await server.exited).toBe(1);
    expect(server.lines).toEqual([]);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/invalid TEST_BASE_URL/);
  }, 30_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits 0 on %s, promptly even with a call in flight',
    async (signal) => {
      delayMs = HANGING_UPSTREAM_MS;
      try {
        const server = start();
        await server.initialize();
        const before = upstream.requests.length;
        server.send({ jsonrpc: '2.0', id: 'busy', method: 'tools/call', params: call('slow') });
        for (
          const until = Date.now() + scaled(UPSTREAM_SEES_CALL_MS);
          upstream.requests.length === before && Date.now() < until;
        )
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const started = Date.now();
        expect(await server.kill(signal)).toBe(0);
        expect(Date.now() - started).toBeLessThan(scaled(PROMPT_EXIT_MS));
      } finally {
        delayMs = 0;
      }
    },
    30_000,
  );

  it('answers all 50 calls piped in before stdin closes, then exits 0 (a script or batch client)', async () => {
    const n = 50;
    delayMs = SLOW_UPSTREAM_MS; // still in flight when stdin closes
    try {
      const server = start();
      server.send({
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'batch', version: '1' } },
      });
      server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      for (let id = 1; id <= n; id++) server.send({ jsonrpc: '2.0', id, method: 'tools/call', params: call(`n${id}`) });
      expect(await server.closeStdin()).toBe(0);
      const answers = server.lines.map((line) => JSON.parse(line)).filter((m) => typeof m.id === 'number');
      expect(answers.map((m) => m.id).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      for (const answer of answers) expect(answer.result.content[0].text).toBe(`n${answer.id}`);
    } finally {
      delayMs = 0;
    }
  }, 60_000);

  it('exits 0 promptly when stdin closes with nothing in flight', async () => {
    const server = start();
    await server.initialize();
    const started = Date.now();
    expect(await server.closeStdin()).toBe(0);
    expect(Date.now() - started).toBeLessThan(scaled(PROMPT_EXIT_MS));
  }, 30_000);
});
