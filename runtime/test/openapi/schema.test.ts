// The tools `npx plop openapi` writes take their input schema from lazyInputSchema: listed as the
// spec's JSON Schema itself, validated by the zod schema built from it on first use, and behaving
// like that zod schema everywhere the server reads it.
import { describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { defineTool } from '../../src/defineTool.js';
import { lazyInputSchema } from '../../src/openapi/schema.js';
import { testConfig, testUpstream } from '../helpers/config.js';

const config = testConfig();
const deps = { config, upstream: testUpstream(config) };

const json: Parameters<typeof lazyInputSchema>[0] = {
  type: 'object',
  properties: {
    petId: { type: 'integer', minimum: 1, description: 'which pet' },
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
  },
  required: ['petId'],
};

async function connected(tool: ReturnType<typeof defineTool>): Promise<Client> {
  const server = new McpServer({ name: 'test', version: '0.0.0' }, { capabilities: { tools: {} } });
  tool.register(server, deps);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-client', version: '0.0.0' });
  await client.connect(clientSide);
  return client;
}

describe('lazyInputSchema', () => {
  it('takes a function returning the JSON Schema, called once, when first needed (not when the tool is defined)', async () => {
    let calls = 0;
    const schema = lazyInputSchema(() => {
      calls += 1;
      return structuredClone(json);
    });
    const lazy = defineTool({
      name: 'get_pet',
      description: 'test tool',
      inputSchema: schema,
      async run(input) {
        return { content: [{ type: 'text', text: JSON.stringify(input) }] };
      },
    });
    expect(calls).toBe(0);
    const client = await connected(lazy);
    const [listed] = (await client.listTools()).tools;
    expect(listed.inputSchema).toEqual(json);
    expect((await client.callTool({ name: 'get_pet', arguments: { petId: 0 } })).isError).toBe(true);
    expect((await client.callTool({ name: 'get_pet', arguments: { petId: 3 } })).isError).toBeFalsy();
    expect(calls).toBe(1);
  });

  const schema = lazyInputSchema(structuredClone(json));
  const tool = defineTool({
    name: 'get_pet',
    description: 'test tool',
    inputSchema: schema,
    async run(input) {
      return { content: [{ type: 'text', text: JSON.stringify(input) }] };
    },
  });

  it('is listed as the JSON Schema it was given', async () => {
    const client = await connected(tool);
    const [listed] = (await client.listTools()).tools;
    expect(listed.inputSchema).toEqual(json);
  });

  it('validates calls with the zod schema built from it', async () => {
    const client = await connected(tool);
    const ok = await client.callTool({ name: 'get_pet', arguments: { petId: 7, tags: ['a'] } });
    expect(ok.isError).toBeFalsy();
    expect(ok.content).toEqual([{ type: 'text', text: '{"petId":7,"tags":["a"]}' }]);
    for (const bad of [{}, { petId: 0 }, { petId: 2, tags: ['c'] }, { petId: 'x' }]) {
      const refused = await client.callTool({ name: 'get_pet', arguments: bad });
      expect(refused.isError).toBe(true);
    }
  });

  it('behaves as the zod object schema wherever the server reads it', () => {
    expect(Object.keys(schema.shape).sort()).toEqual(['petId', 'tags']);
    expect(schema.safeParse({ petId: 3 }).success).toBe(true);
    expect(schema.safeParse({ petId: -1 }).success).toBe(false);
    expect('~standard' in schema).toBe(true);
  });
});
