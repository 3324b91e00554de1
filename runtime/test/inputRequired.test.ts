// Tools that ask the client (src/inputRequired.ts), through the SDK's own client and serving entry in
// memory: on 2026-07-28 the client answers the input-required result and sends the call again with the
// signed state; on the 2025 era the SDK asks the client itself and runs the tool again. A changed state
// is refused before the tool runs.
import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { Client } from '@modelcontextprotocol/client';
import {
  acceptedContent,
  InMemoryTransport,
  inputRequired,
  McpServer,
  type CallToolResult,
} from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { defineTool, type CallRecorder, type ToolDeps } from '../src/defineTool.js';
import { givenRound } from '../src/inputRequired.js';
import { verifyRequestState } from '../src/requestState.js';
import { testConfig, testUpstream } from './helpers/config.js';

const form = z.object({ name: z.string() });
const accepted = { action: 'accept', content: { name: 'Ada' } } as const;

/** Asks the user's name, carrying how often it asked in its state; answers once it has both. */
const askingTool = (name: string) =>
  defineTool({
    name,
    description: 'asks the user their name',
    inputSchema: z.object({}),
    async run(_input, { round }) {
      const answer = acceptedContent(round.responses, 'who', form);
      const state = round.state<{ asked: number }>();
      if (!answer || !state) {
        const who = inputRequired.elicit({ message: 'Your name?', requestedSchema: form });
        return round.ask({ who }, { asked: (state?.asked ?? 0) + 1 });
      }
      return { content: [{ type: 'text', text: `Hello, ${answer.name} (asked ${state.asked}x)` }] };
    },
  });
const greet = askingTool('greet');
const other = askingTool('greet_again');

const deps = async (): Promise<ToolDeps> => {
  const config = testConfig();
  return { config, upstream: testUpstream(config) };
};

/**
 * The official client in memory to a server with `greet`, in one era; it answers every elicitation with Ada.
 * `forge`: changes every request that sends a state back, on the way (a client that forges or replays state).
 */
type Retried = { requestState: string; [key: string]: unknown };
async function connect(era: '2025-11-25' | '2026-07-28', forge?: (params: Retried) => Retried): Promise<Client> {
  const given = await deps();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const send = clientSide.send.bind(clientSide);
  clientSide.send = (message, options) => {
    const params = 'params' in message ? message.params : undefined;
    const requestState = params?.requestState;
    if (!forge || typeof requestState !== 'string') return send(message, options);
    return send({ ...message, params: forge({ ...params, requestState }) }, options);
  };
  serveStdio(
    () => {
      const server = new McpServer({ name: 't', version: '1' }, { requestState: { verify: verifyRequestState } });
      greet.register(server, given);
      other.register(server, given);
      return server;
    },
    { transport: serverSide },
  );
  const client = new Client(
    { name: 'e2e', version: '1' },
    {
      capabilities: { elicitation: {} },
      ...(era === '2026-07-28' ? { versionNegotiation: { mode: { pin: era } } } : {}),
    },
  );
  client.setRequestHandler('elicitation/create', async () => accepted);
  await client.connect(clientSide);
  expect(client.getNegotiatedProtocolVersion()).toBe(era);
  return client;
}

describe('a tool that asks the client', () => {
  it('called without a client, is an error naming what it asked', async () => {
    expect(await greet.call({}, await deps())).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'greet needs input from the client: who (elicitation/create)' }],
    });
  });

  it('in a given round, asks and then answers from the responses and state', async () => {
    const given = await deps();
    const asked = await greet.callRound({}, given, givenRound());
    expect(asked).toMatchObject({
      resultType: 'input_required',
      inputRequests: { who: { method: 'elicitation/create' } },
    });
    const done = await greet.callRound({}, given, givenRound({ responses: { who: accepted }, state: { asked: 1 } }));
    expect(done).toEqual({ content: [{ type: 'text', text: 'Hello, Ada (asked 1x)' }] });
  });

  it('through a call recorder: a round that asked is recorded as what it asked, and returned as it is', async () => {
    const recorded: CallToolResult[] = [];
    const recorder: CallRecorder = {
      async record(_call, run) {
        const result = await run();
        recorded.push(result);
        return result;
      },
    };
    const asked = await greet.callRound({}, { ...(await deps()), recorder }, givenRound());
    expect(asked).toMatchObject({ resultType: 'input_required' });
    expect(recorded).toEqual([{ content: [{ type: 'text', text: 'asked the client for who (elicitation/create)' }] }]);
  });

  it.each(['2025-11-25', '2026-07-28'] as const)(
    'over the SDK in the %s era, resumes from its signed state',
    async (era) => {
      const client = await connect(era);
      expect(await client.callTool({ name: 'greet', arguments: {} })).toMatchObject({
        content: [{ type: 'text', text: 'Hello, Ada (asked 1x)' }],
      });
      await client.close();
    },
  );

  it('refuses a changed state before any tool runs (-32602)', async () => {
    const client = await connect('2026-07-28', (params) => ({ ...params, requestState: `${params.requestState}x` }));
    await expect(client.callTool({ name: 'greet', arguments: {} })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('Invalid or expired requestState'),
    });
    await client.close();
  });

  it('refuses a state minted by another tool: that tool does not run (an error result)', async () => {
    const client = await connect('2026-07-28', (params) => ({ ...params, name: 'greet_again' }));
    expect(await client.callTool({ name: 'greet', arguments: {} })).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Invalid or expired requestState' }],
    });
    await client.close();
  });
});
