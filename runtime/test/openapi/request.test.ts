// The request builder of the tools `npx plop openapi` writes (src/openapi/request.ts), against
// the serialisations the OpenAPI 3 specification lists for each style (expected values written out).
import { describe, expect, it } from '@jest/globals';
import { buildRequest, type ParamSpec } from '../../src/openapi/request.js';

const one = (spec: Omit<ParamSpec, 'key'>, value: unknown) =>
  buildRequest(spec.in === 'path' ? `/x/{${spec.name}}` : '/x', [{ key: 'v', ...spec }], { v: value });
const sent = (query: Record<string, unknown>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const item of [v].flat()) search.append(k, String(item));
  return search.toString();
};

describe('OpenAPI parameter serialisation', () => {
  it.each([
    [{ name: 'id', in: 'path' }, 5, '/x/5'],
    [{ name: 'id', in: 'path' }, 'a b/c?d', '/x/a%20b%2Fc%3Fd'],
    [{ name: 'id', in: 'path' }, [3, 4, 5], '/x/3,4,5'],
    [{ name: 'id', in: 'path', explode: true }, { role: 'admin', first: 'Alex' }, '/x/role=admin,first=Alex'],
    [{ name: 'id', in: 'path' }, { role: 'admin', first: 'Alex' }, '/x/role,admin,first,Alex'],
    [{ name: 'id', in: 'path', style: 'label' }, [3, 4, 5], '/x/.3,4,5'],
    [{ name: 'id', in: 'path', style: 'label', explode: true }, [3, 4, 5], '/x/.3.4.5'],
    [{ name: 'id', in: 'path', style: 'matrix' }, [3, 4, 5], '/x/;id=3,4,5'],
    [{ name: 'id', in: 'path', style: 'matrix', explode: true }, [3, 4, 5], '/x/;id=3;id=4;id=5'],
    [{ name: 'id', in: 'path', style: 'matrix', explode: true }, { role: 'admin' }, '/x/;role=admin'],
  ] as const)('path %j with %j → %s', (spec, value, path) => {
    expect(one(spec as Omit<ParamSpec, 'key'>, value).path).toBe(path);
  });

  it.each([
    [{ name: 'id', in: 'query' }, [3, 4, 5], 'id=3&id=4&id=5'],
    [{ name: 'id', in: 'query', explode: false }, [3, 4, 5], 'id=3%2C4%2C5'],
    [{ name: 'id', in: 'query' }, { role: 'admin', first: 'Alex' }, 'role=admin&first=Alex'],
    [{ name: 'id', in: 'query', explode: false }, { role: 'admin', first: 'Alex' }, 'id=role%2Cadmin%2Cfirst%2CAlex'],
    [{ name: 'id', in: 'query', style: 'spaceDelimited', explode: false }, [3, 4], 'id=3+4'],
    [{ name: 'id', in: 'query', style: 'pipeDelimited', explode: false }, [3, 4], 'id=3%7C4'],
    [{ name: 'id', in: 'query', style: 'deepObject', explode: true }, { role: 'admin' }, 'id%5Brole%5D=admin'],
    [{ name: 'q', in: 'query' }, 'a b&c', 'q=a+b%26c'],
  ] as const)('query %j with %j → %s', (spec, value, query) => {
    expect(sent(one(spec as Omit<ParamSpec, 'key'>, value).query)).toBe(query);
  });

  it('sends header parameters as headers (lower-case names), and leaves out what is not given', () => {
    const specs: ParamSpec[] = [
      { key: 'rid', name: 'X-Request-Id', in: 'header' },
      { key: 'tags', name: 'X-Tags', in: 'header' },
      { key: 'limit', name: 'limit', in: 'query' },
    ];
    expect(buildRequest('/x', specs, { rid: 'abc', tags: ['a', 'b'] })).toEqual({
      path: '/x',
      route: '/x', // the template, for traces
      query: {},
      headers: { 'x-request-id': 'abc', 'x-tags': 'a,b' },
    });
  });
});
