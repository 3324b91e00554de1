// Dynamic tool mode's three tools over a small catalog: search_operations ranks by words and pages,
// describe_operation gives an operation's schema, call_operation sends the exact request and refuses
// input its schema does not allow, a wrong name gets the closest ones, and <PREFIX>_TOOLSETS narrows
// what all three see. A generated server's own test checks a sample of its spec's operations.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { CallToolResult } from '@modelcontextprotocol/server';
import {
  callOperationTool,
  describeOperationTool,
  operationCatalog,
  searchOperationsTool,
  words,
  type CatalogOperation,
} from '../../src/openapi/dynamic.js';
import { enabledToolsets, resetToolsets } from '../../src/openapi/toolsets.js';
import { ENV_PREFIX, testConfig, testUpstream } from '../helpers/config.js';

const VARIABLE = `${ENV_PREFIX}_TOOLSETS`;
const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
const operations: CatalogOperation[] = [
  {
    name: 'list_pets',
    toolset: 'pets',
    method: 'GET',
    path: '/pets',
    title: 'List all pets',
    description: 'Pets of the store, a page at a time.',
    tags: ['pets'],
    params: [
      { key: 'limit', name: 'limit', in: 'query' },
      { key: 'traceId', name: 'X-Trace-Id', in: 'header' },
    ],
    inputSchema: { type: 'object', properties: { limit: { type: 'integer' }, traceId: { type: 'string' } } },
    annotations,
  },
  {
    name: 'create_pet',
    operationId: 'createPet',
    toolset: 'pets',
    method: 'POST',
    path: '/pets/{shelter}',
    title: 'Create a pet',
    description: 'Adds a pet to a shelter.',
    tags: ['pets'],
    params: [{ key: 'shelter', name: 'shelter', in: 'path' }],
    bodyKey: 'body',
    inputSchema: {
      type: 'object',
      properties: { shelter: { type: 'string' }, body: { type: 'object', properties: { name: { type: 'string' } } } },
      required: ['shelter', 'body'],
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  },
  {
    name: 'list_owners',
    toolset: 'owners',
    method: 'GET',
    path: '/owners',
    title: 'List owners',
    description: 'Everyone who adopted a pet.',
    tags: [],
    params: [],
    inputSchema: { type: 'object', properties: {} },
    annotations,
  },
];
const catalog = operationCatalog(['pets', 'owners'], JSON.stringify(operations));
const search = searchOperationsTool(catalog);
const describeTool = describeOperationTool(catalog);
const call = callOperationTool(catalog);

/** The requests the upstream client sent, answered `{"ok":true}`. */
const sent: Array<{ url: string; method?: string; headers: Headers; body?: string }> = [];
const recordingFetch: typeof fetch = async (url, init) => {
  sent.push({
    url: String(url),
    method: init?.method,
    headers: new Headers(init?.headers),
    body: init?.body as string,
  });
  return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
};
const config = testConfig({ baseUrl: 'https://upstream.test', retry: { maxAttempts: 1 } });
const deps = { config, upstream: testUpstream(config, recordingFetch) };

const textOf = (result: CallToolResult) => (result.content[0] as { text: string }).text;
/** The operation names a search result lists, in order. */
const found = (result: CallToolResult) =>
  textOf(result)
    .split('\n')
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(':')));

afterEach(() => {
  sent.length = 0;
  delete process.env[VARIABLE];
  resetToolsets();
  jest.restoreAllMocks();
});

describe('words', () => {
  it('splits at case changes and punctuation, lowercases and folds plurals', () => {
    expect(words('listPets of the_Categories')).toEqual(['list', 'pet', 'of', 'the', 'category']);
  });
});

describe('search_operations', () => {
  it('ranks the operations that have every word of the query first', async () => {
    const result = await search.call({ query: 'list pets' }, deps);
    // list_owners says "pet" in its description: both words, before create_pet (only "pet").
    expect(found(result)).toEqual(['list_pets', 'list_owners', 'create_pet']);
    expect(textOf(result).split('\n')[0]).toBe('3 operation(s) match; 1-3 shown:');
    expect(textOf(result).split('\n')[1]).toBe('list_pets: List all pets (GET /pets) [pets]');
  });

  it('pages, and narrows to one toolset', async () => {
    const first = await search.call({ query: 'list pets', limit: 1 }, deps);
    expect(textOf(first).split('\n')[0]).toBe('3 operation(s) match; 1-1 shown, offset 1 for more:');
    expect(found(await search.call({ query: 'list pets', offset: 1, limit: 1 }, deps))).toEqual(['list_owners']);
    expect(found(await search.call({ query: 'list', toolset: 'owners' }, deps))).toEqual(['list_owners']);
  });

  it('names the toolsets when nothing matches', async () => {
    const result = await search.call({ query: 'invoices' }, deps);
    expect(textOf(result)).toBe('no operation matches; toolsets: pets (2), owners (1)');
  });
});

describe('describe_operation', () => {
  it('gives the method, path, annotations and input schema', async () => {
    const result = await describeTool.call({ operation: 'create_pet' }, deps);
    expect(JSON.parse(textOf(result))).toEqual({
      name: 'create_pet',
      operationId: 'createPet',
      method: 'POST',
      path: '/pets/{shelter}',
      toolset: 'pets',
      title: 'Create a pet',
      description: 'Adds a pet to a shelter.',
      annotations: operations[1].annotations,
      inputSchema: operations[1].inputSchema,
    });
  });

  it('answers a wrong name with the closest ones', async () => {
    for (const tool of [describeTool, call]) {
      const result = await tool.call({ operation: 'list_pet' }, deps);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        '"list_pet" is not an operation of this server; closest: list_pets, create_pet, list_owners (search_operations finds operations by words)',
      );
    }
  });
});

describe('call_operation', () => {
  it('sends the exact request: path, query, header parameters and JSON body', async () => {
    const list = await call.call({ operation: 'list_pets', arguments: { limit: 2, traceId: 't-1' } }, deps);
    expect(list).toEqual({ content: [{ type: 'text', text: '{"ok":true}' }] });
    const created = await call.call(
      { operation: 'create_pet', arguments: { shelter: 'a b/c', body: { name: 'Rex' } } },
      deps,
    );
    expect(created.isError).toBeUndefined();
    expect(sent.map(({ url, method, body }) => ({ url, method, body }))).toEqual([
      { url: 'https://upstream.test/pets?limit=2', method: 'GET', body: undefined },
      { url: 'https://upstream.test/pets/a%20b%2Fc', method: 'POST', body: '{"name":"Rex"}' },
    ]);
    expect(sent[0].headers.get('x-trace-id')).toBe('t-1');
  });

  it('refuses arguments its schema does not allow, sending nothing', async () => {
    const notAnObject = await call.call({ operation: 'list_pets', arguments: 'x' }, deps);
    expect(notAnObject.isError).toBe(true);
    expect(textOf(notAnObject)).toMatch(/^invalid arguments for call_operation: arguments/);
    const missing = await call.call({ operation: 'create_pet', arguments: { shelter: 'a' } }, deps);
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^invalid arguments for create_pet: body/);
    expect(sent).toEqual([]);
  });
});

describe(`${VARIABLE}`, () => {
  it('serves only the toolsets it names, and warns once about an unknown one', async () => {
    process.env[VARIABLE] = 'owners,no-such-toolset';
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(enabledToolsets(ENV_PREFIX)).toEqual(new Set(['owners', 'no-such-toolset']));
    expect(enabledToolsets(ENV_PREFIX)).toEqual(new Set(['owners', 'no-such-toolset']));
    expect(stderr.mock.calls.map(([line]) => String(line))).toEqual([
      `[mcp-server] warn: ${VARIABLE}: unknown toolset(s) no-such-toolset; known toolsets: owners, pets\n`,
    ]);
    const hidden = await describeTool.call({ operation: 'list_pets' }, deps);
    expect(hidden.isError).toBe(true);
    expect(textOf(hidden)).toBe(
      '"list_pets" is in toolset pets, which is not enabled; closest: list_owners (search_operations finds operations by words)',
    );
    expect(found(await search.call({ query: 'list' }, deps))).toEqual(['list_owners']);
    expect((await call.call({ operation: 'create_pet', arguments: {} }, deps)).isError).toBe(true);
    expect(sent).toEqual([]);
  });
});
