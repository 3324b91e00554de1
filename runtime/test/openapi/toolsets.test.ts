// <PREFIX>_TOOLSETS: the tools `npx plop openapi` writes are registered only while their toolset is
// enabled (unset: all of them), and an unknown toolset name is one warning line on stderr naming the
// known ones, never anything on stdout.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { defineTool } from '../../src/defineTool.js';
import { inToolset, resetToolsets } from '../../src/openapi/toolsets.js';
import { ENV_PREFIX, testConfig, testUpstream } from '../helpers/config.js';

const config = testConfig();
const deps = { config, upstream: testUpstream(config) };
const VARIABLE = `${ENV_PREFIX}_TOOLSETS`;

const tool = (name: string) =>
  defineTool({
    name,
    description: 'test tool',
    inputSchema: z.object({}),
    async run() {
      return { content: [{ type: 'text', text: name }] };
    },
  });
const tools = [
  inToolset('alpha', tool('alpha_one')),
  inToolset('alpha', tool('alpha_two')),
  inToolset('beta', tool('beta_one')),
];

/** The names a client sees listed once these tools are registered. */
async function listed(): Promise<string[]> {
  const server = new McpServer({ name: 'test', version: '0.0.0' }, { capabilities: { tools: {} } });
  for (const t of tools) t.register(server, deps);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-client', version: '0.0.0' });
  await client.connect(clientSide);
  const names = (await client.listTools()).tools.map((t) => t.name);
  await client.close();
  return names;
}

afterEach(() => {
  delete process.env[VARIABLE];
  resetToolsets();
  jest.restoreAllMocks();
});

describe(`${VARIABLE}`, () => {
  it('registers every tool while unset', async () => {
    expect(await listed()).toEqual(['alpha_one', 'alpha_two', 'beta_one']);
  });

  it('registers only the tools of the toolsets it names', async () => {
    process.env[VARIABLE] = ' beta ';
    expect(await listed()).toEqual(['beta_one']);
  });

  it('warns once on stderr about an unknown toolset, naming the known ones, and writes nothing on stdout', async () => {
    process.env[VARIABLE] = 'alpha,gamma';
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await listed()).toEqual(['alpha_one', 'alpha_two']);
    const lines = stderr.mock.calls.map(([line]) => String(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${VARIABLE}: unknown toolset(s) gamma; known toolsets: alpha, beta`);
    expect(stdout).not.toHaveBeenCalled();
  });

  it('leaves a tool callable directly whatever its toolset', async () => {
    process.env[VARIABLE] = 'alpha';
    const result = await tools[2].call({}, deps);
    expect(result.content).toEqual([{ type: 'text', text: 'beta_one' }]);
  });
});
