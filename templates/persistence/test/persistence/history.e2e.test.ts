// End to end: the built server (dist/) with the official MCP client. A call of the preset's tool is
// recorded; the `history` tool lists it and `history://{id}` returns it in full; the file on disk
// holds no credential; stopping the server leaves every record written. Runs with this server's backend.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ENV_PREFIX } from '../../src/config.js';
import type { CallRecord } from '../../src/persistence/record.js';
import type { HistoryPage } from '../../src/persistence/history.js';
import { startFakeUpstream, type FakeUpstream } from '@mcp-factory/runtime/testing';
import { credentialEnv, secretValues } from '../fixtures/credentials.js';
import { okBody, route, sampleArguments, tool } from '../fixtures/upstream.js';
import { testBackend, type TestBackend } from './backend.js';
import { persistenceEnv, tempDataDir } from './helpers.js';

let upstream: FakeUpstream;
// The server's own backend (jsonl files, or a real PostgreSQL started here).
let backend: TestBackend;
beforeAll(async () => {
  upstream = await startFakeUpstream((req) =>
    req.path === route.path ? { body: okBody } : { status: 404, body: { error: { message: 'no route' } } },
  );
  backend = await testBackend();
}, 60_000);
afterAll(async () => {
  await upstream.close();
  await backend?.close();
});

const textOf = (result: { content?: unknown }) => (result.content as Array<{ text: string }>)[0].text;

describe('history from a real MCP client', () => {
  it('lists the recorded calls and reads one in full; no credential reaches the file', async () => {
    const dir = tempDataDir();
    const client = new Client({ name: 'history-e2e', version: '0.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['dist/index.js'],
      env: {
        ...(await credentialEnv()),
        ...persistenceEnv(dir, { DURABILITY: 'always' }),
        ...(await backend.fresh()),
        [`${ENV_PREFIX}_BASE_URL`]: upstream.url,
        PATH: process.env.PATH ?? '',
      },
      stderr: 'pipe',
    });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      const history = tools.find((t) => t.name === 'history');
      expect(history?.annotations?.readOnlyHint).toBe(true);
      const call = await client.callTool({ name: tool, arguments: sampleArguments });
      expect(call.isError).toBeFalsy();

      const listed = await client.callTool({ name: 'history', arguments: { limit: 5, tool } });
      const page = JSON.parse(textOf(listed)) as HistoryPage;
      expect(page.records).toHaveLength(1);
      expect(page.records[0]).toMatchObject({ tool, outcome: 'ok', attempts: 1, args: sampleArguments });

      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('history://{id}');
      const read = await client.readResource({ uri: `history://${page.records[0].id}` });
      const record = JSON.parse((read.contents[0] as { text: string }).text) as CallRecord;
      expect(record.upstream[0]).toMatchObject({ method: route.method, status: 200 });
      expect(typeof record.requestId).not.toBe('undefined');
    } finally {
      await client.close();
    }
    // The history call itself is recorded too, after the tool call; no credential is in any record.
    const stored = await backend.records(dir);
    expect(stored.map((r) => r.tool)).toEqual([tool, 'history']);
    for (const secret of secretValues) expect(JSON.stringify(stored)).not.toContain(secret);
  });
});
