// Tool schemas reach the SDK through withCachedJsonSchema: converted to JSON Schema once per process,
// however many McpServer instances (HTTP mode builds one per request) list or call the tool, with
// the same JSON Schema and the same validation as the zod schema itself.
import { describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { defineTool } from '../src/defineTool.js';
import { withCachedJsonSchema } from '../src/jsonSchemaCache.js';
import { testConfig, testUpstream } from './helpers/config.js';

const config = testConfig();
const deps = { config, upstream: testUpstream(config) };

/** A zod schema whose JSON Schema conversions are counted (zod lets `~standard` be replaced per instance). */
function counted<S extends z.ZodObject>(schema: S): { schema: S; conversions: () => number } {
  const original = schema['~standard'];
  let conversions = 0;
  const convert = (io: 'input' | 'output') => (options: Parameters<typeof original.jsonSchema.input>[0]) => {
    conversions += 1;
    return original.jsonSchema[io](options);
  };
  schema['~standard'] = { ...original, jsonSchema: { input: convert('input'), output: convert('output') } };
  return { schema, conversions: () => conversions };
}

/** A fresh McpServer with the tool, and a connected client, as one HTTP request gets them. */
async function freshServer(tool: ReturnType<typeof defineTool>): Promise<Client> {
  const server = new McpServer({ name: 'test', version: '0.0.0' }, { capabilities: { tools: {} } });
  tool.register(server, deps);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-client', version: '0.0.0' });
  await client.connect(clientSide);
  return client;
}

describe('withCachedJsonSchema', () => {
  it('converts each schema once, however many servers list and call the tool', async () => {
    const input = counted(
      z.object({ query: z.string().min(1).describe('what to look for'), limit: z.number().optional() }),
    );
    const output = counted(z.object({ hits: z.number() }));
    const tool = defineTool({
      name: 'search',
      description: 'test tool',
      inputSchema: input.schema,
      outputSchema: output.schema,
      async run({ query }) {
        return { content: [{ type: 'text', text: query }], structuredContent: { hits: query.length } };
      },
    });
    for (let i = 0; i < 5; i += 1) {
      const client = await freshServer(tool);
      const [listed] = (await client.listTools()).tools;
      expect(listed.inputSchema).toMatchObject({
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 1, description: 'what to look for' },
          limit: { type: 'number' },
        },
        required: ['query'],
      });
      expect(listed.outputSchema).toMatchObject({ type: 'object', properties: { hits: { type: 'number' } } });
      const called = await client.callTool({ name: 'search', arguments: { query: 'abc' } });
      expect(called.structuredContent).toEqual({ hits: 3 });
      await client.close();
    }
    expect(input.conversions()).toBe(1);
    expect(output.conversions()).toBe(1);
  });

  it('serves what zod itself converts, frozen, and validates with zod', async () => {
    const schema = z.object({ id: z.string().regex(/^[a-z]+$/), tags: z.array(z.string()).default([]) });
    const wrapped = withCachedJsonSchema(schema);
    const json = wrapped['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
    expect(json).toEqual(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }));
    expect(wrapped['~standard'].jsonSchema.input({ target: 'draft-2020-12' })).toBe(json);
    expect(Object.isFrozen(json) && Object.isFrozen((json as { properties: object }).properties)).toBe(true);
    // Another target is another conversion, never the cached one.
    expect(wrapped['~standard'].jsonSchema.input({ target: 'draft-07' })).toEqual(
      z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }),
    );
    expect(await wrapped['~standard'].validate({ id: 'abc' })).toEqual({ value: { id: 'abc', tags: [] } });
    const refused = await wrapped['~standard'].validate({ id: 'ABC' });
    expect('issues' in refused && refused.issues?.[0].path).toEqual(['id']);
    expect(withCachedJsonSchema(schema)).toBe(wrapped);
  });

  it('an edited tool (new schema objects, as `npm run dev` re-imports it) is listed with its new shape', async () => {
    const before = defineTool({
      name: 'edit',
      description: 'v1',
      inputSchema: z.object({ a: z.string() }),
      run: async () => ({ content: [] }),
    });
    const after = defineTool({
      name: 'edit',
      description: 'v2',
      inputSchema: z.object({ b: z.number() }),
      run: async () => ({ content: [] }),
    });
    for (const [tool, key] of [
      [before, 'a'],
      [after, 'b'],
    ] as const) {
      const client = await freshServer(tool);
      expect(Object.keys((await client.listTools()).tools[0].inputSchema.properties ?? {})).toEqual([key]);
      await client.close();
    }
  });
});
