// Form request bodies (an operation whose body is only urlencoded or multipart): the fields a body
// input becomes, and the exact body a real HTTP server receives through the upstream client.
import http from 'node:http';
import { describe, expect } from '@jest/globals';
import { FileInputError, filePart, formBody, formFields, formParts } from '../../src/openapi/form.js';
import { testConfig, testUpstream } from '../helpers/config.js';
import { closeLocal, listenLocal } from '../helpers/localServer.js';
import { afterAll, beforeAll, it } from '../../../test/helpers/timeouts.js';

const received: Array<{ type?: string; body: string; bytes: Buffer }> = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      received.push({ type: req.headers['content-type'], body: bytes.toString('utf8'), bytes });
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
    expect(formParts(value, { type: 'multipart' })).toEqual([
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
    expect(received).toMatchObject([
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
    expect(received).toMatchObject([{ type: 'application/json', body: '{"a":1}' }]);
  });
});

describe('files in a multipart body (format: binary)', () => {
  // Bytes that are not UTF-8 (a PNG signature): a file part must carry them as they are.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
  const files = { type: 'multipart', files: { image: { contentType: 'image/png' }, attachments: {} } } as const;

  it('reads base64 (or base64url, whitespace allowed), naming the part after the property', () => {
    const part = { filename: 'image', type: 'image/png', base64: png.toString('base64') };
    expect(filePart('image', png.toString('base64'), 'image/png')).toEqual(part);
    expect(filePart('image', ` ${png.toString('base64url').replace(/(.{4})/g, '$1\n')}`, 'image/png')).toEqual(part);
    expect(filePart('doc', 'c2FtcGxl')).toEqual({
      filename: 'doc',
      type: 'application/octet-stream',
      base64: 'c2FtcGxl',
    });
  });

  it('reads a data URL: its media type, its name parameter, base64 or percent-encoded text', () => {
    expect(filePart('image', `data:image/gif;name=a%20b.gif;base64,${png.toString('base64')}`, 'image/png')).toEqual({
      filename: 'a b.gif',
      type: 'image/gif',
      base64: png.toString('base64'),
    });
    expect(filePart('note', 'data:,caf%C3%A9 & co')).toEqual({
      filename: 'note',
      type: 'text/plain;charset=US-ASCII',
      base64: Buffer.from('café & co').toString('base64'),
    });
  });

  it('refuses a value that is neither, naming the property', () => {
    expect(() => filePart('image', 'not base64!')).toThrow(FileInputError);
    expect(() => filePart('image', 'not base64!')).toThrow(/^image: a file is a data URL/);
    expect(() => filePart('image', 'data:;base64,@@@')).toThrow(/^image: the data URL's data is not valid/);
    expect(() => filePart('image', 42)).toThrow(FileInputError);
  });

  it('makes a file part per file, one per array item, other properties as text parts', () => {
    const body = {
      title: 'scan',
      image: png.toString('base64'),
      attachments: ['data:text/plain;name=a.txt,A', 'Qg=='],
    };
    expect(formParts(body, files)).toEqual([
      ['title', 'scan'],
      ['image', { filename: 'image', type: 'image/png', base64: png.toString('base64') }],
      ['attachments', { filename: 'a.txt', type: 'text/plain', base64: 'QQ==' }],
      ['attachments', { filename: 'attachments', type: 'application/octet-stream', base64: 'Qg==' }],
    ]);
  });

  it('arrives as the exact multipart body: text and file parts, the bytes as they are', async () => {
    received.length = 0;
    await send(formBody({ title: 'scan', image: png.toString('base64') }, files));
    const [{ type, bytes }] = received;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(type ?? '')?.[1];
    expect(boundary).toBeDefined();
    const expected = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nscan\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="image"\r\n` +
          `Content-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(bytes.equals(expected)).toBe(true);
  });
});
