// mcp-factory-dev (bin/dev.mjs) on a small server repo: an edit under src/tools/ is reloaded in place (no new
// process), any other edit restarts the server blue/green (the old server finishes its calls, the new one takes the
// next), a tool that fails to import leaves the previous version serving, and no call is lost or answered twice.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import type { StdioServer } from '../../src/testing/stdioServer.js';
import { afterAll, it, scaled } from '../../../test/helpers/timeouts.js';
import { count, devRepo, expectAnsweredOnce, cleanUp, stream, waitFor } from './devRepo.js';

afterAll(cleanUp);

const LIST_CHANGED = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
const listChangedCount = (server: StdioServer) =>
  server.lines.filter((l) => JSON.parse(l).method === LIST_CHANGED.method).length;
const touchNonTool = (dir: string) => fs.appendFileSync(path.join(dir, 'src', 'meta.ts'), '\n');

describe('mcp-factory-dev on a server repo', () => {
  it('restarts on a change outside src/tools/ without losing the session; the old server finishes its call', async () => {
    const repo = devRepo();
    repo.writeTool('slow', 'slow v1', { delayMs: 1500 });
    repo.writeIndex('echo', 'slow');
    const server = await repo.start();
    try {
      const inFlight = server.request('tools/call', { name: 'slow', arguments: {} });
      await new Promise((resolve) => setTimeout(resolve, scaled(200))); // the call has reached the old server
      touchNonTool(repo.dir);
      expect(JSON.parse(await server.nextLine(scaled(15_000)))).toEqual(LIST_CHANGED);
      const answer = await inFlight;
      expect(answer.result.content[0].text).toBe('slow v1'); // answered by the old server, not run again
      const list = await server.request('tools/list');
      expect(list.result.tools.map((t: { name: string }) => t.name)).toEqual(['echo', 'slow']);
      expect(server.stderr()).toContain('starting the new server');
      expect(server.stderr()).toMatch(/reloaded in \d+ ms \(new server\)/);
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 30_000);

  it('on a server using the runtime entry (src/primitives.ts): a tool edit in place, a new tool in place, another edit restarts', async () => {
    const repo = devRepo({ entry: true });
    const server = await repo.start();
    try {
      const call = async (name: string) =>
        (await server.request('tools/call', { name, arguments: {} })).result.content[0].text;
      expect(await call('echo')).toBe('v1');
      repo.writeTool('echo', 'v2');
      await waitFor(() => count(server.stderr(), /reloaded in place/) === 1, 15_000);
      expect(await call('echo')).toBe('v2');
      repo.writeTool('added', 'added v1');
      repo.writeIndex('echo', 'added');
      expect(JSON.parse(await server.nextLine(scaled(15_000)))).toEqual(LIST_CHANGED);
      expect(await call('added')).toBe('added v1');
      expect(server.stderr()).not.toMatch(/\(new server\)/); // both in place so far
      touchNonTool(repo.dir);
      await waitFor(() => /reloaded in \d+ ms \(new server\)/.test(server.stderr()), 20_000);
      expect(await call('added')).toBe('added v1');
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);

  it('answers 200 calls streamed across two in-place tool reloads and one restart: none lost, twice or failed', async () => {
    const repo = devRepo();
    const server = await repo.start();
    try {
      const answers = await stream(server, 200, 5, (i) => {
        if (i === 20) repo.writeTool('echo', 'v2'); // handler only: swapped in place, silently
        if (i === 90) repo.writeTool('echo', 'v3', { description: 'reshaped' }); // listing: in place + list_changed
        if (i === 160) touchNonTool(repo.dir); // not a tool: restart
      });
      const texts = answers.map((a) => a.result?.content[0].text);
      expect(answers.filter((a) => a.result?.isError !== undefined)).toEqual([]);
      expect(texts.filter((t) => typeof t !== 'string' || !['v1', 'v2', 'v3'].includes(t))).toEqual([]);
      // In the order sent, a call is never answered by older code than the call before it.
      expect(texts).toEqual([...texts].sort());
      await waitFor(() => /reloaded in \d+ ms \(new server\)/.test(server.stderr()), 20_000);
      expect((await server.request('tools/call', { name: 'echo', arguments: {} })).result.content[0].text).toBe('v3');
      expect(count(server.stderr(), /reloaded in place/)).toBe(2);
      expect(listChangedCount(server)).toBe(2); // the reshaped tool, and the restart
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);

  it('adds, reshapes and removes a tool in place: list_changed each time, and the new shape is served', async () => {
    const repo = devRepo();
    const server = await repo.start();
    try {
      type Listed = { name: string; inputSchema: { properties?: object } };
      const tools = async () => (await server.request('tools/list')).result.tools as Listed[];
      const reload = async (edit: () => void) => {
        const before = count(server.stderr(), /reloaded in place/);
        edit();
        expect(JSON.parse(await server.nextLine(scaled(15_000)))).toEqual(LIST_CHANGED);
        await waitFor(() => count(server.stderr(), /reloaded in place/) > before); // one reload, or two
      };
      await reload(() => {
        // as `npx plop method` does: a new file, then the index
        repo.writeTool('added', 'added v1');
        repo.writeIndex('echo', 'added');
      });
      expect((await tools()).map((t) => t.name)).toContain('added');
      expect((await server.request('tools/call', { name: 'added', arguments: {} })).result.content[0].text).toBe(
        'added v1',
      );

      await reload(() => repo.writeTool('added', 'added v2', { input: 'query: z.string()' }));
      expect((await tools()).find((t) => t.name === 'added')?.inputSchema.properties).toEqual({
        query: { type: 'string' },
      });
      const invalid = await server.request('tools/call', { name: 'added', arguments: {} });
      expect(invalid.result.isError).toBe(true); // the new schema is enforced
      const valid = await server.request('tools/call', { name: 'added', arguments: { query: 'x' } });
      expect(valid.result.content[0].text).toBe('added v2');

      await reload(() => {
        repo.writeIndex('echo');
        fs.rmSync(repo.file('added.ts'));
      });
      expect((await tools()).map((t) => t.name)).not.toContain('added');
      expect((await server.request('tools/call', { name: 'added', arguments: { query: 'x' } })).error?.code).toBe(
        -32602,
      );
      expect((await server.request('tools/call', { name: 'echo', arguments: {} })).result.content[0].text).toBe('v1');
      expect(server.stderr()).not.toContain('new server'); // all in the same process
      expect(listChangedCount(server)).toBe(3);
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);

  it('answers a call in flight during an in-place reload with the version it started on, and the next with the new one', async () => {
    const repo = devRepo();
    repo.writeTool('slow', 'slow v1', { delayMs: 1500 });
    repo.writeIndex('echo', 'slow');
    const server = await repo.start();
    try {
      const inFlight = server.request('tools/call', { name: 'slow', arguments: {} });
      repo.writeTool('slow', 'slow v2', { delayMs: 0 });
      await waitFor(() => server.stderr().includes('reloaded in place'));
      expect((await server.request('tools/call', { name: 'slow', arguments: {} })).result.content[0].text).toBe(
        'slow v2',
      );
      expect((await inFlight).result.content[0].text).toBe('slow v1');
      expect(server.stderr()).not.toContain('new server');
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);

  it('keeps the previous tool version serving when the edited tool fails to import, then reloads the fix in place', async () => {
    const repo = devRepo();
    const server = await repo.start();
    try {
      const echo = async () =>
        (await server.request('tools/call', { name: 'echo', arguments: {} })).result.content[0].text;
      fs.writeFileSync(repo.file('echo.ts'), 'export const echo = (;\n'); // does not compile
      await waitFor(() => server.stderr().includes('the new server did not start'), 20_000);
      // One line naming file:line:column each time, not esbuild's stack trace.
      expect(server.stderr()).toContain(
        'cannot reload in place (importing the tools failed: src/tools/echo.ts:1:22: Unexpected ";")',
      );
      expect(server.stderr()).toContain('[dev] cannot load the server: src/tools/echo.ts:1:22: Unexpected ";"\n');
      expect(server.stderr()).not.toMatch(/^\s+at /m);
      expect(await echo()).toBe('v1');
      fs.writeFileSync(repo.file('echo.ts'), "export const echo = {};\nthrow new Error('broken at import');\n");
      await waitFor(() => count(server.stderr(), /the new server did not start/) === 2, 20_000);
      expect(server.stderr()).toContain('broken at import');
      expect(await echo()).toBe('v1');
      repo.writeTool('echo', 'v2');
      await waitFor(() => server.stderr().includes('reloaded in place'), 20_000);
      expect(await echo()).toBe('v2');
      expect(listChangedCount(server)).toBe(0); // the client's tool list never changed
      expectAnsweredOnce(server);
      expect(await server.closeStdin()).toBe(0);
    } finally {
      await server.kill('SIGKILL');
    }
  }, 60_000);
});
