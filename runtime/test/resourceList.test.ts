// resources/list across fixed resources and templates that enumerate their instances: pages, cursors,
// and one failing upstream list that must not hide the others.
import { describe, expect, it } from '@jest/globals';
import { ProtocolErrorCode } from '@modelcontextprotocol/server';
import { defineResource, listedFrom } from '../src/defineResource.js';
import { listResources } from '../src/resourceList.js';
import { testConfig, testUpstream } from './helpers/config.js';
import { captureLog } from '../src/testing/log.js';

const config = testConfig();
const deps = { config, upstream: testUpstream(config) };
const signal = new AbortController().signal;

const fixed = defineResource({
  name: 'readme',
  mimeType: 'text/markdown',
  uri: 'docs://readme',
  read: async () => 'hello',
});
const many = defineResource({
  name: 'item',
  mimeType: 'application/json',
  uri: 'items://{id}',
  read: async (vars) => vars,
  list: async () =>
    listedFrom(
      { items: Array.from({ length: 249 }, (_, i) => ({ id: `n ${i}` })) },
      'id',
      (id) => `items://${encodeURIComponent(id)}`,
      'application/json',
    ),
});
const broken = defineResource({
  name: 'broken',
  mimeType: 'application/json',
  uri: 'broken://{id}',
  read: async () => ({}),
  list: async () => {
    throw new Error('upstream down');
  },
});

describe('resources/list', () => {
  it('pages through every resource exactly once, fixed ones first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const [page, logged] = await captureLog(() => listResources([fixed, many, broken], deps, cursor, signal));
      // The failing list is logged, once per page, and does not hide the others.
      expect(logged).toEqual([
        expect.stringMatching(/ warn: resources\/list: broken could not list its instances: upstream down$/),
      ]);
      expect(page.resources.length).toBeLessThanOrEqual(100);
      seen.push(...page.resources.map((r) => r.uri));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]).toBe('docs://readme');
    expect(seen[1]).toBe('items://n%200');
  });

  it('refuses a cursor it did not hand out with -32602', async () => {
    await expect(listResources([fixed], deps, 'bm9wZQ', signal)).rejects.toMatchObject({
      code: ProtocolErrorCode.InvalidParams,
    });
  });

  it('reads the shapes upstream lists come in', () => {
    const uri = (id: string) => `x://${id}`;
    expect(listedFrom(['a', 2], 'id', uri, 'text/plain').map((r) => r.uri)).toEqual(['x://a', 'x://2']);
    expect(listedFrom({ data: [{ key: 'k', title: 'T' }] }, 'key', uri, 'text/plain')).toEqual([
      { uri: 'x://k', name: 'T', mimeType: 'text/plain' },
    ]);
    expect(listedFrom({ total: 0 }, 'id', uri, 'text/plain')).toEqual([]);
  });
});
