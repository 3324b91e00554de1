// The testing entry (@mcp-factory/runtime/testing) a server's tests use: the fake upstream records what it was
// sent and answers what the handler says (or a tool's example); captureLog returns stderr's lines and puts stderr back. (spawnServer is
// what runtime/test/dev drives the dev supervisor with.)
import { describe, expect, it } from '@jest/globals';
import { captureLog, startExampleUpstream, startFakeUpstream } from '../src/testing/index.js';

describe('@mcp-factory/runtime/testing', () => {
  it('startFakeUpstream records each request and answers what the handler returns', async () => {
    const upstream = await startFakeUpstream((req) =>
      req.path === '/items' ? { status: 201, body: { id: 7 }, headers: { 'x-seen': req.query.q ?? '' } } : {},
    );
    try {
      const response = await fetch(`${upstream.url}/items?q=a`, { method: 'POST', body: JSON.stringify({ n: 1 }) });
      expect([response.status, response.headers.get('x-seen'), await response.json()]).toEqual([201, 'a', { id: 7 }]);
      expect(upstream.requests).toEqual([
        expect.objectContaining({ method: 'POST', path: '/items', query: { q: 'a' }, body: { n: 1 } }),
      ]);
    } finally {
      await upstream.close();
    }
  });

  it("startExampleUpstream answers a tool example's path with its body, any other path with 404", async () => {
    const example = { arguments: {}, upstream: { method: 'GET', path: '/health', body: { status: 'ok' } } };
    const upstream = await startExampleUpstream(example);
    try {
      const ok = await fetch(`${upstream.url}/health`);
      expect([ok.status, await ok.json()]).toEqual([200, { status: 'ok' }]);
      const other = await fetch(`${upstream.url}/other`);
      expect([other.status, await other.json()]).toEqual([404, { error: { message: 'no route' } }]);
      expect(upstream.requests.map((r) => r.path)).toEqual(['/health', '/other']);
    } finally {
      await upstream.close();
    }
  });

  it('captureLog returns the lines written to stderr and restores it, also when the run throws', async () => {
    const write = process.stderr.write;
    const [result, lines] = await captureLog(async () => {
      process.stderr.write('first\nsecond\n');
      process.stderr.write(Buffer.from('third'));
      return 42;
    });
    expect([result, lines]).toEqual([42, ['first', 'second', 'third']]);
    expect(process.stderr.write).toBe(write);
    await expect(captureLog(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(process.stderr.write).toBe(write);
  });
});
