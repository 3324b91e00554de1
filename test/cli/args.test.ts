// Tool arguments from the command line, typed by the input schema the server publishes.
import { describe, expect, it } from '@jest/globals';
import { buildArguments, type JsonSchema } from '../../cli/args.js';

// The shape zod 4 publishes for z.object({ ids: z.array(z.string()), limit: z.number().int(), ... }).
const schema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    ids: { type: 'array', items: { type: 'string' } },
    counts: { type: 'array', items: { type: 'number' } },
    limit: { type: 'integer', minimum: 1 },
    exact: { type: 'boolean' },
    filter: { type: 'object', properties: { tag: { type: 'string' } } },
    query: { type: 'string' },
  },
  required: ['ids', 'limit'],
  additionalProperties: false,
};
const build = (...pairs: string[]) => buildArguments('find', schema, { pairs });

describe('buildArguments', () => {
  it('types key=value pairs from the schema: arrays, numbers, booleans, objects, strings', () => {
    expect(build('ids=a,b', 'counts=1,2.5', 'limit=3', 'exact=true', 'filter={"tag":"x"}', 'query=42')).toEqual({
      ids: ['a', 'b'],
      counts: [1, 2.5],
      limit: 3,
      exact: true,
      filter: { tag: 'x' },
      query: '42', // a string stays a string, even when it looks like a number
    });
    expect(build('ids=["a,b","c"]', 'limit=1')).toEqual({ ids: ['a,b', 'c'], limit: 1 });
  });

  it('merges --args JSON with pairs on top', () => {
    expect(buildArguments('find', schema, { json: '{"ids":["x"],"limit":9}', pairs: ['limit=2'] })).toEqual({
      ids: ['x'],
      limit: 2,
    });
  });

  it('names the field and the expected type on bad input', () => {
    expect(() => build('ids=a', 'limit=many')).toThrow('argument "limit" must be integer, got "many"');
    expect(() => build('ids=a', 'limit=1.5')).toThrow('argument "limit" must be integer');
    expect(() => build('ids=a', 'limit=0')).toThrow('argument "limit" must be >= 1');
    expect(() => build('ids=a', 'limit=1', 'counts=1,x')).toThrow('argument "counts[1]" must be number, got "x"');
    expect(() => build('ids=a', 'limit=1', 'exact=yes')).toThrow(
      'argument "exact" must be boolean (true or false), got "yes"',
    );
    expect(() => build('limit=1')).toThrow('find needs argument "ids" (array of string)');
    expect(() => build('ids=a', 'limit=1', 'colour=red')).toThrow(
      'find has no argument "colour" (it takes: ids, counts, limit, exact, filter, query)',
    );
    expect(() => build('ids')).toThrow('argument "ids" must be key=value');
    expect(() => buildArguments('find', schema, { json: '[1]', pairs: [] })).toThrow(
      '--args must be a JSON object, got [1]',
    );
  });

  it('all bad-input errors are usage errors (exit 2)', () => {
    let caught: unknown;
    try {
      build('limit=x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ exitCode: 2, message: 'argument "limit" must be integer, got "x"' });
  });
});
