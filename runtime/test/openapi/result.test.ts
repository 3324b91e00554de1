// structuredResult: a tool from an OpenAPI spec returns the upstream's answer as text, and as
// structuredContent `{ result }` when it matches the spec's response schema; an answer that does not
// match, no body, or one over the result limit is text alone (one warning line for the mismatch).
import { describe, expect, it, jest } from '@jest/globals';
import { lazyInputSchema } from '../../src/openapi/schema.js';
import { structuredResult } from '../../src/openapi/result.js';

const outputSchema = lazyInputSchema({
  type: 'object',
  properties: { result: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } },
});
const toResult = structuredResult('get_pet', outputSchema);

describe('structuredResult', () => {
  it('gives a matching answer as text and as structuredContent', () => {
    expect(toResult('{"id":1}', { id: 1 }, 100)).toEqual({
      content: [{ type: 'text', text: '{"id":1}' }],
      structuredContent: { result: { id: 1 } },
    });
  });

  it('gives no body, or a body over the limit, as text alone', () => {
    expect(toResult('GET /pets/1 succeeded (no content)', undefined, 100).structuredContent).toEqual({});
    expect(toResult('{"id":1}', { id: 1 }, 3)).toEqual({
      content: [{ type: 'text', text: '{"id":1}' }],
      structuredContent: {},
    });
  });

  it('gives a mismatching answer as text alone, with one warning line naming where it differs', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(toResult('{"id":"x"}', { id: 'x' }, 100)).toEqual({
        content: [{ type: 'text', text: '{"id":"x"}' }],
        structuredContent: {},
      });
      const lines = stderr.mock.calls.map(([line]) => String(line));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /get_pet: the upstream response does not match the spec \(id: .+\); returned as text only/,
      );
    } finally {
      stderr.mockRestore();
    }
  });
});
