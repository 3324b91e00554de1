// Form request bodies (an operation whose body is only urlencoded or multipart): the fields a body
// input becomes, and the exact body a real HTTP server receives through the upstream client.
import http from 'node:http';
import { describe, expect } from '@jest/globals';
import { formBody, formFields } from '../../src/openapi/form.js';
import { testConfig, testUpstream } from '../helpers/config.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';

const received: Array<{ type?: string; body: string }> = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  base = await listenLocal(server);
});
afterAll(() => closeLocal(server));

const send = (body: unknown) =>
  testUpstream(testConfig({ baseUrl: base, retry: { maxAttempts: 1 } })).request({ method: 'POST', path: '/', body });

describe('formFields', () => {
  const value = { a: 'x y', list: [1, 2], obj: { k: 'v', n: 2 }, skipped: undefined };

  it('serialises urlencoded properties as form, exploded, by default', () => {
    expect(formFields(value, { type: 'urlencoded' })).toEqual([
      ['a', 'x y'],
      ['list', '1'],
      ['list', '2'],
      ['k', 'v'],
      ['n', '2'],
    ]);
  });

  it("follows the spec's encoding: deepObject brackets, delimited and unexploded values", () => {
    const encoding = {
      list: { style: 'pipeDelimited', explode: false },
      obj: { style: 'form', explode: false },
      nested: { style: 'deepObject', explode: true },
    } as const;
    const fields = formFields({ ...value, nested: { a: { b: 1 }, c: ['x', 'y'] } }, { type: 'urlencoded', encoding });
    expect(fields).toEqual([
      ['a', 'x y'],
      ['list', '1|2'],
      ['obj', 'k,v,n,2'],
      ['nested[a][b]', '1'],
      ['nested[c][0]', 'x'],
      ['nested[c][1]', 'y'],
    ]);
  });

  it('makes multipart parts: one per array item, an object as its JSON', () => {
    expect(formFields(value, { type: 'multipart' })).toEqual([
      ['a', 'x y'],
      ['list', '1'],
      ['list', '2'],
      ['obj', '{"k":"v","n":2}'],
    ]);
  });

  it('has no fields for a body that is not an object, and no body for no value', () => {
    expect(formFields('text', { type: 'urlencoded' })).toEqual([]);
    expect(formBody(undefined, { type: 'multipart' })).toBeUndefined();
  });
});

describe('a form body through the upstream client', () => {
  it('arrives urlencoded, exactly, with its content type', async () => {
    received.length = 0;
    await send(formBody({ grant: 'a&b', scope: ['r', 'w'] }, { type: 'urlencoded' }));
    expect(received).toEqual([
      { type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'grant=a%26b&scope=r&scope=w' },
    ]);
  });

  it('arrives as multipart parts, in order', async () => {
    received.length = 0;
    await send(formBody({ title: 'Notes & more', tags: ['a', 'b'] }, { type: 'multipart' }));
    const [{ type, body }] = received;
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const parts = [...(await new Response(body, { headers: { 'content-type': type ?? '' } }).formData())];
    expect(parts).toEqual([
      ['title', 'Notes & more'],
      ['tags', 'a'],
      ['tags', 'b'],
    ]);
  });

  it('still sends any other body as JSON', async () => {
    received.length = 0;
    await send({ a: 1 });
    expect(received).toEqual([{ type: 'application/json', body: '{"a":1}' }]);
  });
});
