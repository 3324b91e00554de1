// mcp-factory-dev (bin/dev.mjs) with stand-in servers (MCP_DEV_ENTRY): a restart is blue/green and a client's
// session survives it. Stdout stays pure JSON-RPC; a request left unanswered by a server that went away is answered
// once: re-run when the tool is read-only or idempotent, otherwise answered with an error instead of run twice; a
// broken edit leaves the old code serving; a crashing server is restarted with a growing delay.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { afterAll, it } from '../../../test/helpers/timeouts.js';
import { expectAnsweredOnce, linkedFolder, cleanUp, startDev, stream, tempFolder, waitFor } from './devRepo.js';

afterAll(cleanUp);

/** A stand-in server in a watched folder: answers each call after 20 ms with its version; edits reload it. */
function versionedServer() {
  const dir = tempFolder('dev-blue-green-');
  const entry = path.join(dir, 'server.mjs');
  const write = (version: number | string, extra = '') =>
    fs.writeFileSync(
      entry,
      `${extra}
        import readline from 'node:readline';
        const VERSION = ${JSON.stringify(String(version))};
        const reply = (id, result) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\\n');
        readline.createInterface({ input: process.stdin }).on('line', (line) => {
          const m = JSON.parse(line);
          if (m.method === 'initialize') reply(m.id, { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'v' + VERSION, version: '1' } });
          if (m.method === 'tools/list') reply(m.id, { tools: [{ name: 'echo', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }] });
          if (m.method === 'tools/call') setTimeout(() => reply(m.id, { content: [{ type: 'text', text: 'v' + VERSION }] }), 20);
        }).on('close', () => process.exit(0));
      `,
    );
  write(1);
  const server = startDev(linkedFolder(), { MCP_DEV_ENTRY: entry, MCP_DEV_WATCH: dir });
  return { server, write };
}

describe('mcp-factory-dev with stand-in servers', () => {
  it('re-runs an interrupted read-only call, but answers an interrupted call that may change data with an error', async () => {
    const dir = tempFolder('dev-fake-');
    const watched = tempFolder('dev-watch-'); // apart from calls.log, which changes
    const calls = path.join(dir, 'calls.log');
    // A stand-in server whose tool calls never finish, so both are in flight at the restart.
    const fake = path.join(dir, 'fakeServer.mjs');
    fs.writeFileSync(
      fake,
      `
      import fs from 'node:fs';
      import readline from 'node:readline';
      const reply = (id, result) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\\n');
      readline.createInterface({ input: process.stdin }).on('line', (line) => {
        const m = JSON.parse(line);
        if (m.method === 'initialize') reply(m.id, { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'fake', version: '1' } });
        if (m.method === 'tools/list') reply(m.id, { tools: [
          { name: 'read_thing', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
          { name: 'write_thing', inputSchema: { type: 'object' }, annotations: { readOnlyHint: false } },
        ] });
        if (m.method === 'tools/call') fs.appendFileSync(${JSON.stringify(calls)}, m.params.name + '\\n');
      }).on('close', () => process.exit(0));
    `,
    );
    const logged = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : []);
    // The calls never finish: the old server is stopped after a short drain, leaving both unanswered.
    const server = startDev(linkedFolder(), {
      MCP_DEV_ENTRY: fake,
      MCP_DEV_WATCH: watched,
      MCP_DEV_DRAIN_TIMEOUT_MS: '300',
    });
    try {
      await server.initialize();
      const write = server.request('tools/call', { name: 'write_thing', arguments: {} });
      void server.request('tools/call', { name: 'read_thing', arguments: {} });
      await waitFor(() => logged().length === 2);
      fs.writeFileSync(path.join(watched, 'touched.ts'), 'export {};\n');
      expect((await write).result).toEqual({
        isError: true,
        content: [
          { type: 'text', text: expect.stringContaining('write_thing was not run again because it may change data') },
        ],
      });
      await waitFor(() => logged().length === 3);
      expect(logged().sort()).toEqual(['read_thing', 'read_thing', 'write_thing']);
      await waitFor(() => server.stderr().includes('write_thing was in flight during the restart')); // its own pipe
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL'); // a failed expectation must not leave the supervisor running
    }
  }, 30_000);

  it('answers 300 calls streamed across 3 reloads: none lost, none twice, none failed', async () => {
    const { server, write } = versionedServer();
    try {
      await server.initialize();
      const answers = await stream(server, 300, 5, (i) => {
        if (i === 30 || i === 130 || i === 230) write(i);
      });
      expect(answers).toHaveLength(300);
      expect(answers.filter((answer) => answer.result?.isError !== undefined)).toEqual([]);
      // The last edit takes over (how many reloads finish mid-stream depends on the machine's speed).
      let latest = '';
      await waitFor(
        () => latest === 'v230',
        30_000,
        async () => {
          latest = (await server.request('tools/call', { name: 'echo', arguments: {} })).result.content[0].text;
        },
      );
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);

  it('keeps the old server serving through a broken edit, and reloads when it is fixed', async () => {
    const { server, write } = versionedServer();
    try {
      await server.initialize();
      const during = await stream(server, 100, 10, (i) => {
        if (i === 5) write(2, 'this is not JavaScript (;\n');
      });
      expect(during.map((a) => a.result?.content[0].text)).toEqual(Array(100).fill('v1')); // all by the old code
      await waitFor(() => server.stderr().includes('the new server did not start'));
      write(3);
      await waitFor(() => /reloaded in \d+ ms/.test(server.stderr()));
      const after = await server.request('tools/call', { name: 'echo', arguments: {} });
      expect(after.result.content[0].text).toBe('v3');
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);

  it('restarts a server that keeps crashing with a growing delay, and the waiting call is answered once it is fixed', async () => {
    const { server, write } = versionedServer();
    try {
      await server.initialize();
      write(2, 'setTimeout(() => process.exit(3), 50);\n'); // every new server dies soon after it starts
      await waitFor(() => /restarting in 500 ms/.test(server.stderr()), 20_000);
      expect(server.stderr()).toMatch(/restarting in 250 ms/);
      const waiting = server.request('tools/call', { name: 'echo', arguments: {} });
      write(4);
      expect((await waiting).result.content[0].text).toBe('v4');
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);
});
