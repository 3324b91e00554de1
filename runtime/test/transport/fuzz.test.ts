/**
 * Property tests: whatever bytes arrive on stdin, the server stays up, every request with a
 * valid id gets exactly one response, and every output line is a well-formed JSON-RPC 2.0 response.
 * One long-lived connection per property (like a real session); 4 × 550 = 2,200 runs.
 */
import { describe, expect } from '@jest/globals';
import fc from 'fast-check';
import { Harness, type Line } from './harness.js';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';

type Item = { line: Buffer; expectId?: string };
const RUNS = 550;

const METHODS = [
  'ping',
  'tools/list',
  'tools/call',
  'prompts/list',
  'resources/list',
  'initialize',
  'completion/complete',
  'no/such',
];
const params = fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), {
  nil: undefined,
});
const toolCall = fc.record({
  name: fc.constantFrom('echo', 'boom', 'nope', ''),
  arguments: fc.oneof(fc.record({ text: fc.string() }), fc.jsonValue({ maxDepth: 2 })),
});
/** A structurally valid request; the id is filled in per run so it is unique. */
const validRequest = fc.oneof(
  fc.record({ method: fc.constantFrom(...METHODS), params }),
  fc.record({ method: fc.constant('tools/call'), params: toolCall }),
  fc.record({ method: fc.string({ maxLength: 12 }), params }),
);
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const randomBytes = fc.uint8Array({ maxLength: 120 }).map((b): Item => ({ line: Buffer.from(b) }));
const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((v): Item => ({ line: utf8(JSON.stringify(v)) }));
const truncated = validRequest.chain((r) => {
  const text = JSON.stringify({ jsonrpc: '2.0', id: 1, ...r });
  return fc.integer({ min: 0, max: text.length - 1 }).map((n): Item => ({ line: utf8(text.slice(0, n)) }));
});
const valid = validRequest.map((r): Item => ({
  line: utf8(JSON.stringify({ jsonrpc: '2.0', id: '?', ...r })),
  expectId: '?',
}));

function assertWellFormed(l: Line): void {
  expect(l.jsonrpc).toBe('2.0');
  expect('id' in l && (l.id === null || typeof l.id === 'string' || typeof l.id === 'number')).toBe(true);
  expect('result' in l !== 'error' in l).toBe(true);
  if ('error' in l) {
    const e = l.error as Record<string, unknown>;
    expect(Number.isInteger(e.code) && typeof e.message === 'string').toBe(true);
  }
  expect(Object.keys(l).every((k) => ['jsonrpc', 'id', 'result', 'error'].includes(k))).toBe(true);
}

const settle = () => new Promise<void>((r) => setImmediate(r));

describe('fuzz: ExactStdioTransport + McpServer over in-memory pipes', () => {
  let h: Harness;
  let run = 0;
  const seen = new Map<unknown, number>();
  const outcomes = new Map<string, number>();
  let checked = 0;

  function record(l: Line): void {
    assertWellFormed(l);
    seen.set(l.id, (seen.get(l.id) ?? 0) + 1);
    const key = 'error' in l ? String((l.error as { code: number }).code) : 'result';
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }

  beforeAll(async () => {
    h = new Harness({ maxLineBytes: 4096, maxInFlight: 8 }).serve();
    await h.initialize();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Writes the items in random-size chunks, then waits for every expected id plus a sentinel. */
  async function exchange(items: Item[], chunkSize: number): Promise<void> {
    run++;
    const expected: string[] = [];
    const lines = items.map((item, i) => {
      if (!item.expectId) return item.line;
      const id = `r${run}-${i}`;
      expected.push(id);
      return utf8(item.line.toString('utf8').replace('"id":"?"', JSON.stringify({ id }).slice(1, -1)));
    });
    const sentinel = `s${run}`;
    expected.push(sentinel);
    const stream = Buffer.concat([
      ...lines.flatMap((l) => [l, utf8('\n')]),
      utf8(JSON.stringify({ jsonrpc: '2.0', id: sentinel, method: 'ping' }) + '\n'),
    ]);
    for (let off = 0; off < stream.length; off += chunkSize) h.stdin.write(stream.subarray(off, off + chunkSize));

    const deadline = Date.now() + 5000;
    while (!expected.every((id) => seen.has(id))) {
      for (; checked < h.lines.length; checked++) record(h.lines[checked]);
      if (Date.now() > deadline)
        throw new Error(`missing responses for ${expected.filter((id) => !seen.has(id)).join(',')}`);
      await settle();
    }
    await settle();
    for (; checked < h.lines.length; checked++) record(h.lines[checked]);
    for (const id of expected) expect(seen.get(id)).toBe(1);
    expect(h.transport.inFlight).toBe(0);
  }

  const chunk = fc.integer({ min: 1, max: 512 });
  const prop = (item: fc.Arbitrary<Item>) =>
    fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 6 }), chunk, (items, size) => exchange(items, size));

  it('random byte strings', async () => {
    await fc.assert(prop(randomBytes), { numRuns: RUNS });
  }, 30_000);

  it('truncated JSON', async () => {
    await fc.assert(prop(truncated), { numRuns: RUNS });
  }, 30_000);

  it('random JSON values', async () => {
    await fc.assert(prop(jsonValue), { numRuns: RUNS });
  }, 30_000);

  it('valid requests with random params, mixed with garbage', async () => {
    await fc.assert(prop(fc.oneof(valid, valid, randomBytes, jsonValue, truncated)), { numRuns: RUNS });
  }, 30_000);

  it('the server is still alive and answering afterwards', async () => {
    await exchange([], 64);
    expect(run).toBeGreaterThanOrEqual(4 * RUNS);
    expect(h.errors.filter((e) => /closed/i.test(e.message))).toEqual([]);
    // The generators really reach every layer: transport errors, SDK errors and real results.
    for (const code of ['-32700', '-32600', '-32601', '-32602', 'result'])
      expect(outcomes.get(code)).toBeGreaterThan(0);
  });
});
