// The history tool and resource from the official MCP client (in memory), over each backend (jsonl files,
// and a real PostgreSQL started here): a call of an upstream tool is recorded; the `history` tool lists it
// and `history://{id}` returns it in full; no credential reaches a record; closing leaves every record written.
import { describe, expect } from '@jest/globals';
import http from 'node:http';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { startPersistence } from '../../src/persistence/index.js';
import type { HistoryPage } from '../../src/persistence/history.js';
import type { CallRecord } from '../../src/persistence/record.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';
import { testBackend, type TestBackend } from './backend.js';
import { API_KEY, depsOf, getItem, persistenceEnv, settingsSource, tempDataDir } from './helpers.js';

let upstream: http.Server;
let baseUrl: string;
beforeAll(async () => {
  upstream = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"a1"}'),
  );
  baseUrl = await listenLocal(upstream);
});
afterAll(() => closeLocal(upstream));

const textOf = (result: { content?: unknown }) => (result.content as Array<{ text: string }>)[0].text;

describe.each(['jsonl', 'postgres'] as const)('history over %s, from a real MCP client', (name) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await testBackend(name);
  }, 60_000);
  afterAll(() => backend?.close());

  it('lists the recorded calls and reads one in full; no credential reaches a record', async () => {
    const dir = tempDataDir();
    const env = { ...persistenceEnv(dir, { DURABILITY: 'always' }), ...(await backend.fresh()) };
    const persistence = startPersistence({ ...settingsSource(name), backend: backend.backend }, env);
    const deps = depsOf(persistence, { baseUrl });
    const server = new McpServer({ name: 'records', version: '1' }, { capabilities: { tools: {} } });
    getItem.register(server, deps);
    persistence.register(server, deps);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'history-test', version: '0.0.0' });
    await client.connect(clientSide);
    try {
      const { tools } = await client.listTools();
      expect(tools.find((t) => t.name === 'history')?.annotations?.readOnlyHint).toBe(true);
      const call = await client.callTool({ name: 'get_item', arguments: { id: 'a1' } });
      expect(call.isError).toBeFalsy();

      const listed = await client.callTool({ name: 'history', arguments: { limit: 5, tool: 'get_item' } });
      const page = JSON.parse(textOf(listed)) as HistoryPage;
      expect(page.records).toHaveLength(1);
      expect(page.records[0]).toMatchObject({ tool: 'get_item', outcome: 'ok', attempts: 1, args: { id: 'a1' } });

      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('history://{id}');
      const read = await client.readResource({ uri: `history://${page.records[0].id}` });
      const record = JSON.parse((read.contents[0] as { text: string }).text) as CallRecord;
      expect(record.upstream[0]).toMatchObject({ method: 'GET', status: 200 });
      expect(record.upstream[0].url).toContain('api_key=[redacted]');
      expect(typeof record.requestId).not.toBe('undefined');
      await expect(client.readResource({ uri: 'history://00000000-0000-0000-0000-000000000000' })).rejects.toThrow(
        /no recorded call with id/,
      );
    } finally {
      await client.close();
      await persistence.close();
    }
    // The history call itself is recorded too, after the tool call; no credential is in any record.
    const stored = await backend.records(dir);
    expect(stored.map((r) => r.tool)).toEqual(['get_item', 'history']);
    expect(JSON.stringify(stored)).not.toContain(API_KEY);
  });
});
