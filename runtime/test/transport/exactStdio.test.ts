import { PassThrough } from 'node:stream';
import { describe, expect } from '@jest/globals';
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { ExactStdioTransport } from '../../src/transport/exactStdio.js';
import { Harness, INIT_REQUEST, INIT_RESULT, makeServer, type Line } from './harness.js';
import { afterEach, it, scaled } from '../../../test/helpers/timeouts.js';

const invalid = (id: string | number | null, reason: string): Line => ({
  jsonrpc: '2.0',
  id,
  error: { code: -32600, message: 'Invalid Request', data: { reason } },
});
const BATCH_REASON = 'JSON-RPC batching is not supported (removed in MCP 2025-06-18)';
const call = (id: number | string, name: string, args: unknown) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

/** Bytes sitting in a PassThrough (both sides: a full readable side backs up into the writable one). */
const buffered = (s: PassThrough) => s.readableLength + s.writableLength;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function ready(options = {}): Promise<Harness> {
  h = new Harness(options).serve();
  await h.initialize();
  return h;
}

describe('2025-era handshake through serveStdio', () => {
  it('answers initialize with protocolVersion 2025-06-18', async () => {
    h = new Harness().serve();
    h.write(INIT_REQUEST);
    expect(await h.expectExactly(1)).toEqual([INIT_RESULT]);
  });

  it('also works with mcpServer.connect(transport)', async () => {
    h = new Harness();
    const server = makeServer();
    await server.connect(h.transport);
    h.write(INIT_REQUEST, 'garbage');
    const lines = await h.expectExactly(2);
    expect(lines).toContainEqual(INIT_RESULT);
    expect(lines).toContainEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: `Parse error: Unexpected token 'g', "garbage" is not valid JSON` },
    });
    await server.close();
  });
});

describe('serveStdio opening-phase behaviour (SDK, documented)', () => {
  it('a response arriving before any era is dropped by serveStdio (onerror only, no reply)', async () => {
    h = new Harness().serve();
    h.write({ jsonrpc: '2.0', id: 5, result: {} }, INIT_REQUEST);
    expect(await h.expectExactly(1)).toEqual([INIT_RESULT]);
    expect(h.errors.map((e) => e.message)).toContain(
      'Discarded a JSON-RPC response received before the connection negotiated an era',
    );
  });

  it('a claim-less request before initialize pins the 2025 era and is served', async () => {
    h = new Harness().serve();
    h.write({ jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(await h.expectExactly(1)).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
  });
});

describe('transport-level errors (-32700 / -32600)', () => {
  it('garbage line -> -32700 with id null', async () => {
    await ready();
    h.write('garbage');
    expect(await h.expectExactly(1)).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: `Parse error: Unexpected token 'g', "garbage" is not valid JSON` },
      },
    ]);
  });

  it.each([
    ['{}', invalid(null, 'jsonrpc must be "2.0"')],
    ['42', invalid(null, 'expected a JSON-RPC object')],
    ['"str"', invalid(null, 'expected a JSON-RPC object')],
    ['null', invalid(null, 'expected a JSON-RPC object')],
    ['[]', invalid(null, 'empty batch')],
    ['{"jsonrpc":"1.0","id":4,"method":"ping"}', invalid(4, 'jsonrpc must be "2.0"')],
    ['{"jsonrpc":"2.0","id":5,"method":"ping","params":"x"}', invalid(5, 'params must be an object')],
    ['{"jsonrpc":"2.0","id":"a","method":"ping","params":[1]}', invalid('a', 'params must be an object')],
    ['{"jsonrpc":"2.0","id":6}', invalid(6, 'missing method')],
    ['{"jsonrpc":"2.0","id":7,"method":7}', invalid(7, 'method must be a string')],
    ['{"jsonrpc":"2.0","id":1.5,"method":"ping"}', invalid(1.5, 'id must be a string or integer')],
    ['{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}', invalid(null, 'id must be a string or integer')],
    ['{"jsonrpc":"2.0","id":null,"method":"ping"}', invalid(null, 'id must be a string or integer')],
    [
      '{"jsonrpc":"2.0","id":8,"method":"ping","extra":true}',
      invalid(8, 'unexpected member or malformed params/_meta'),
    ],
    ['{"jsonrpc":"2.0","id":9,"result":5}', invalid(null, 'malformed response')],
  ])('%s -> exact -32600', async (line, expected) => {
    await ready();
    h.write(line);
    expect(await h.expectExactly(1)).toEqual([expected]);
  });

  it('batch of 2 -> one -32600 per element, ids echoed', async () => {
    await ready();
    h.write('[{"jsonrpc":"2.0","id":2,"method":"ping"},{"jsonrpc":"2.0","id":3,"method":"ping"}]');
    expect(await h.expectExactly(2)).toEqual([invalid(2, BATCH_REASON), invalid(3, BATCH_REASON)]);
  });

  it('does not answer an id-null error response (never reply to a response)', async () => {
    await ready();
    h.write('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}', {
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
    });
    expect(await h.expectExactly(1)).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
  });

  it('handles CRLF line endings and ignores blank lines', async () => {
    await ready();
    h.stdin.write('\r\n\n{"jsonrpc":"2.0","id":1,"method":"ping"}\r\n');
    expect(await h.expectExactly(1)).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
  });

  it("oversized line -> -32600 'Request too large', then keeps serving", async () => {
    await ready({ maxLineBytes: 64 * 1024 });
    const chunk = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 8; i++) h.stdin.write(chunk); // 8 MiB, streamed, never buffered whole
    h.write('', call(10, 'echo', { text: 'still alive' }));
    expect(await h.expectExactly(2)).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: `Request too large: ${8 * 1024 * 1024} bytes > 65536` },
      },
      { jsonrpc: '2.0', id: 10, result: { content: [{ type: 'text', text: 'still alive' }] } },
    ]);
    expect(h.errors).toEqual([]);
  });
});

describe('errors produced by the SDK (passed through untouched)', () => {
  it('unknown method -> -32601', async () => {
    await ready();
    h.write({ jsonrpc: '2.0', id: 6, method: 'no/such' });
    expect(await h.expectExactly(1)).toEqual([
      { jsonrpc: '2.0', id: 6, error: { code: -32601, message: 'Method not found' } },
    ]);
  });

  it('tools/call unknown tool -> -32602', async () => {
    await ready();
    h.write(call(7, 'nope', {}));
    expect(await h.expectExactly(1)).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'Tool nope not found' } },
    ]);
  });

  it('tools/call bad arguments -> isError result (MCP tool-execution error, not -32602)', async () => {
    await ready();
    h.write(call(8, 'echo', { text: 5 }));
    expect(await h.expectExactly(1)).toEqual([
      {
        jsonrpc: '2.0',
        id: 8,
        result: {
          content: [
            {
              type: 'text',
              text: 'Input validation error: Invalid arguments for tool echo: text: Invalid input: expected string, received number',
            },
          ],
          isError: true,
        },
      },
    ]);
  });

  it('tools/call with structurally bad params (no name) -> -32602', async () => {
    await ready();
    h.write({ jsonrpc: '2.0', id: 11, method: 'tools/call', params: { arguments: {} } });
    const [line] = await h.expectExactly(1);
    expect(line).toEqual({
      jsonrpc: '2.0',
      id: 11,
      error: { code: -32602, message: expect.stringMatching(/^Invalid tools\/call request: .*"name"/s) },
    });
  });

  it('tool that throws -> isError result (SDK converts it; no -32603)', async () => {
    await ready();
    h.write(call(9, 'boom', {}));
    expect(await h.expectExactly(1)).toEqual([
      { jsonrpc: '2.0', id: 9, result: { content: [{ type: 'text', text: 'kaboom' }], isError: true } },
    ]);
  });
});

describe('SDK quirk fixed by the transport: params-schema failures are -32602, not -32603', () => {
  it.each([
    ['tools/list with a numeric cursor', { method: 'tools/list', params: { cursor: 5 } }, 'cursor'],
    ['initialize without protocolVersion', { method: 'initialize', params: {} }, 'protocolVersion'],
  ])('%s -> -32602', async (_name, request, field) => {
    await ready();
    h.write({ jsonrpc: '2.0', id: 12, ...request });
    expect(await h.expectExactly(1)).toEqual([
      { jsonrpc: '2.0', id: 12, error: { code: -32602, message: expect.stringContaining(`"${field}"`) } },
    ]);
  });

  it('an exception thrown by a non-tool handler stays -32603', async () => {
    const server = makeServer();
    server.registerPrompt('bad', {}, () => {
      throw new Error('prompt exploded');
    });
    h = new Harness().serve(server);
    await h.initialize();
    h.write({ jsonrpc: '2.0', id: 13, method: 'prompts/get', params: { name: 'bad' } });
    expect(await h.expectExactly(1)).toEqual([
      { jsonrpc: '2.0', id: 13, error: { code: -32603, message: 'prompt exploded' } },
    ]);
  });
});

/** A server whose tool `askPeer` waits for the client to answer a ping: a stand-in for sampling or elicitation. */
function serverAskingPeer() {
  const server = makeServer();
  server.registerTool('askPeer', { inputSchema: z.object({}) }, async (_args, ctx) => {
    await ctx.mcpReq.send({ method: 'ping' });
    return { content: [{ type: 'text', text: 'peer answered' }] };
  });
  return server;
}

describe('backpressure and bounded memory', () => {
  async function burst(count: number, maxInFlight: number): Promise<void> {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      await ready({ maxInFlight });
      // Observe in-flight from the outside: requests delivered to the server minus responses
      // the server has started to send (an upper bound of what is really unanswered).
      const deliver = h.transport.onmessage;
      if (!deliver) throw new Error('serveStdio attached no message handler to the transport');
      const send = h.transport.send.bind(h.transport);
      let delivered = 0;
      let answered = 0;
      let peak = 0;
      h.transport.onmessage = (m) => {
        if ('id' in m && 'method' in m) peak = Math.max(peak, ++delivered - answered, h.transport.inFlight);
        deliver(m);
      };
      h.transport.send = (m) => {
        if (!('method' in m)) answered++;
        return send(m);
      };
      h.stdin.write(
        Array.from({ length: count }, (_, i) => JSON.stringify(call(i, 'echo', { text: `m${i}` })) + '\n').join(''),
      );
      const lines = await h.waitForLines(count, 60_000);
      await new Promise((r) => setTimeout(r, scaled(30)));
      expect(lines).toHaveLength(count);
      const ids = new Set(lines.map((l) => l.id));
      expect(ids.size).toBe(count);
      for (const l of lines)
        expect(l).toEqual({
          jsonrpc: '2.0',
          id: l.id,
          result: { content: [{ type: 'text', text: `m${String(l.id)}` }] },
        });
      expect(peak).toBeLessThanOrEqual(maxInFlight);
      expect(peak).toBe(maxInFlight); // the limit was actually exercised
      expect(h.transport.inFlight).toBe(0);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  }

  it('5,000 pipelined tools/call: exactly one response each, in-flight <= maxInFlight', async () => {
    await burst(5000, 16);
  }, 60_000);

  it('20,000 pipelined requests: no MaxListenersExceededWarning', async () => {
    await burst(20_000, 64);
  }, 60_000);

  it('stops reading stdin while the client is not reading stdout', async () => {
    h = new Harness({ maxInFlight: 8 }, new PassThrough({ highWaterMark: 256 }), false).serve();
    h.write(INIT_REQUEST, ...Array.from({ length: 500 }, (_, i) => call(i, 'echo', { text: 'x'.repeat(100) })));
    await new Promise((r) => setTimeout(r, scaled(200)));
    // At most maxInFlight responses (~165 B each) + the init reply + the pipe's own highWaterMarks
    // can be buffered; stdin is paused with the rest unread.
    expect(buffered(h.stdout)).toBeLessThan((8 + 1) * 200 + 2 * 256);
    expect(buffered(h.stdin)).toBeGreaterThan(100 * 100);
    h.startReading();
    await h.waitForLines(501, 20_000);
    expect(new Set(h.lines.map((l) => l.id)).size).toBe(501);
  }, 30_000);

  it('paces the per-element errors of a huge batch by stdout (no 75x amplification in memory)', async () => {
    h = new Harness({}, new PassThrough({ highWaterMark: 1024 }), false).serve();
    h.write(INIT_REQUEST, `[${new Array(20_000).fill(0).join(',')}]`, { jsonrpc: '2.0', id: 'after', method: 'ping' });
    await new Promise((r) => setTimeout(r, scaled(100)));
    expect(buffered(h.stdout)).toBeLessThan(4096); // not 20,000 × ~150 bytes
    h.startReading();
    const lines = await h.waitForLines(20_002, 20_000);
    expect(lines.filter((l) => l.id === null)).toHaveLength(20_000);
    expect(lines).toContainEqual({ jsonrpc: '2.0', id: 'after', result: {} });
  }, 30_000);

  it('a cancelled request frees its slot (the SDK never answers it)', async () => {
    const server = makeServer();
    server.registerTool(
      'hang',
      { inputSchema: z.object({}) },
      (_args, ctx) =>
        new Promise((resolve) => ctx.mcpReq.signal.addEventListener('abort', () => resolve({ content: [] }))),
    );
    h = new Harness({ maxInFlight: 1 }).serve(server);
    await h.initialize();
    h.write(call('h', 'hang', {}), { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'h' } });
    h.write({ jsonrpc: '2.0', id: 2, method: 'ping' });
    expect(await h.expectExactly(1)).toEqual([{ jsonrpc: '2.0', id: 2, result: {} }]);
  });

  it('keeps reading replies to server->client requests even at the in-flight limit', async () => {
    const server = serverAskingPeer();
    h = new Harness({ maxInFlight: 1 }).serve(server);
    await h.initialize();
    h.write(call(1, 'askPeer', {}));
    const [ping] = await h.expectExactly(1, 0);
    expect(ping).toEqual({ jsonrpc: '2.0', id: ping.id, method: 'ping' });
    h.write({ jsonrpc: '2.0', id: ping.id, result: {} });
    expect(await h.expectExactly(1)).toEqual([
      { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'peer answered' }] } },
    ]);
  });
  it('tools waiting for the client never deadlock behind queued requests; the surplus gets -32000', async () => {
    const server = serverAskingPeer();
    h = new Harness({ maxInFlight: 2 }).serve(server);
    await h.initialize();
    h.write(call(1, 'askPeer', {}), call(2, 'askPeer', {})); // both slots now wait for the client
    const pings = await h.expectExactly(2, 0);
    // Two requests fill the queue, two more are refused, and the client's answers come last: they
    // must still be read (stopping at the queue limit would hang every call here).
    h.write(
      ...[3, 4, 5, 6].map((id) => ({ jsonrpc: '2.0', id, method: 'ping' })),
      ...pings.map((p) => ({ jsonrpc: '2.0', id: p.id, result: {} })),
    );
    const lines = await h.expectExactly(6);
    expect(lines).toHaveLength(6);
    const busy = lines.filter((l) => (l.error as { code?: number } | undefined)?.code === -32000);
    expect(busy.map((l) => l.id)).toEqual([5, 6]);
    expect(busy[0]).toEqual({
      jsonrpc: '2.0',
      id: 5,
      error: { code: -32000, message: 'Server busy: too many requests waiting; retry later', data: { maxInFlight: 2 } },
    });
    for (const id of [1, 2])
      expect(lines).toContainEqual({
        jsonrpc: '2.0',
        id,
        result: { content: [{ type: 'text', text: 'peer answered' }] },
      });
    for (const id of [3, 4]) expect(lines).toContainEqual({ jsonrpc: '2.0', id, result: {} });
    expect(h.transport.inFlight).toBe(0);
  });
});

describe('lifecycle', () => {
  it('stdin end -> onclose exactly once', async () => {
    const stdin = new PassThrough();
    const t = new ExactStdioTransport(stdin, new PassThrough());
    let closes = 0;
    t.onclose = () => closes++;
    await t.start();
    stdin.end();
    await new Promise((r) => setTimeout(r, scaled(20)));
    await t.close();
    expect(closes).toBe(1);
    h = new Harness();
  });

  it('close() detaches listeners, fires onclose once, and send() then rejects', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const t = new ExactStdioTransport(stdin, stdout);
    let closes = 0;
    t.onclose = () => closes++;
    await t.start();
    expect(stdin.listenerCount('data')).toBe(1);
    await t.close();
    await t.close();
    stdin.destroy();
    await new Promise((r) => setTimeout(r, scaled(20)));
    expect(closes).toBe(1);
    for (const ev of ['data', 'end', 'close']) expect(stdin.listenerCount(ev)).toBe(0);
    await expect(t.send({ jsonrpc: '2.0', id: 1, result: {} })).rejects.toThrow('closed');
    h = new Harness();
  });

  /** A server whose `slow` tool answers after `ms`: calls are still running when stdin ends. */
  const slowServer = (ms: number): McpServer => {
    const server = makeServer();
    server.registerTool('slow', { inputSchema: z.object({ n: z.number() }) }, async ({ n }) => {
      await new Promise((r) => setTimeout(r, ms));
      return { content: [{ type: 'text', text: `done ${n}` }] };
    });
    return server;
  };

  it.each([
    ['3 calls', 3, {}],
    ['a burst of 50 calls, more than maxInFlight (stdin paused at EOF)', 50, { maxInFlight: 8 }],
  ])('stdin end after %s: every call is answered, then the transport closes', async (_what, n, options) => {
    const server = slowServer(40);
    h = new Harness(options).serve(server);
    let closed = false;
    server.server.onclose = () => {
      closed = true;
    };
    h.write(INIT_REQUEST, { jsonrpc: '2.0', method: 'notifications/initialized' });
    for (let i = 1; i <= n; i++) h.write(call(i, 'slow', { n: i }));
    h.stdin.end();
    await h.transport.finished;
    const answers = h.lines.filter((l) => l.id !== 'init');
    expect(answers.map((l) => l.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );
    for (const a of answers)
      expect(a).toEqual({ jsonrpc: '2.0', id: a.id, result: { content: [{ type: 'text', text: `done ${a.id}` }] } });
    expect(closed).toBe(true); // and then the server is torn down, as before
  });

  it('stdin end: a last line without a newline is still a request, and is answered', async () => {
    h = new Harness().serve();
    await h.initialize();
    h.stdin.end(JSON.stringify(call(7, 'echo', { text: 'last' })));
    await h.transport.finished;
    expect(h.lines).toEqual([{ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'last' }] } }]);
  });

  it('close() while requests are in flight closes at once (SIGTERM): they are not answered', async () => {
    h = new Harness().serve(slowServer(200));
    await h.initialize();
    h.write(call(1, 'slow', { n: 1 }));
    await new Promise((r) => setTimeout(r, scaled(20)));
    if (!h.handle) throw new Error('the harness serves no server');
    await h.handle.close();
    await h.transport.finished;
    await new Promise((r) => setTimeout(r, scaled(250)));
    expect(h.lines).toEqual([]);
  });

  it('serveStdio tears the server down when stdin ends', async () => {
    const server: McpServer = makeServer();
    h = new Harness().serve(server);
    await h.initialize();
    let closed = false;
    server.server.onclose = () => {
      closed = true;
    };
    h.stdin.end();
    await new Promise((r) => setTimeout(r, scaled(20)));
    expect(closed).toBe(true);
  });
});

describe('outgoing message limit', () => {
  it('sends a response just under maxMessageBytes as it is', async () => {
    await ready({ maxMessageBytes: 64 * 1024 });
    h.write(call(1, 'echo', { text: 'x'.repeat(60 * 1024) }));
    const [line] = await h.expectExactly(1);
    expect(line).toMatchObject({ id: 1, result: { content: [{ type: 'text', text: 'x'.repeat(60 * 1024) }] } });
  });

  it('replaces a response over maxMessageBytes with an error saying why, and keeps serving', async () => {
    await ready({ maxMessageBytes: 64 * 1024 });
    h.write(call(1, 'echo', { text: 'x'.repeat(100 * 1024) }), call(2, 'echo', { text: 'small' }));
    const lines = await h.expectExactly(2);
    expect(lines.find((l) => l.id === 1)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32603,
        message: expect.stringMatching(/^response of \d+ bytes is over this server's limit of 65536 bytes per message/),
      },
    });
    expect(lines.find((l) => l.id === 2)).toMatchObject({ result: { content: [{ type: 'text', text: 'small' }] } });
    expect(Math.max(...h.rawLines.map((l) => l.length))).toBeLessThan(64 * 1024);
  });
});
