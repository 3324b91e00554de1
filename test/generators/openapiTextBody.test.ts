// Operations whose request body the spec offers only as text (openbanking.org.uk: a signed event as
// `application/jwt`; text/plain; application/xml) become tools that take the body as a string and send it as it
// is with that Content-Type; their unit test expects those exact bytes. A JSON body is still preferred.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import * as z from 'zod';
import { catalogEntry } from '../../generators/openapi/dynamic.js';
import { selectOperations, type OperationPlan } from '../../generators/openapi/operations.js';
import { loadSpec } from '../../generators/openapi/spec.js';
import { operationTemplateData } from '../../generators/openapi/templateData.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';

const ok = { '201': { description: 'created' } };
const body = (content: object, required = true) => ({ required, content });
const spec = {
  openapi: '3.0.3',
  info: { title: 'Events', version: '1' },
  paths: {
    '/event-notifications': {
      post: {
        operationId: 'CreateEventNotification',
        requestBody: body({ 'application/jwt': { schema: { type: 'string', format: 'base64' } } }),
        responses: ok,
      },
    },
    '/notes': { post: { operationId: 'addNote', requestBody: body({ 'text/plain': {} }, false), responses: ok } },
    '/pets/{id}': {
      put: {
        operationId: 'putPet',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: body({
          'application/xml': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
        }),
        responses: ok,
      },
    },
    '/mixed': {
      post: {
        operationId: 'mixed',
        requestBody: body({
          'application/xml': { schema: { type: 'string' } },
          'application/json': { schema: { type: 'object' } },
        }),
        responses: ok,
      },
    },
    '/photo': { post: { operationId: 'photo', requestBody: body({ 'image/png': {} }), responses: ok } },
  },
};

let file: string;
let repo: string;
let plans: Map<string, OperationPlan>;
let notes: string[];
const read = (name: string) => fs.readFileSync(path.join(repo, name), 'utf8');
const plan = (name: string) => {
  const op = plans.get(name);
  if (!op) throw new Error(`no operation ${name}`);
  return op;
};

beforeAll(async () => {
  file = path.join(tempDir(), 'events.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  const selection = selectOperations(await loadSpec(file), { include: [], exclude: [], taken: new Set() });
  plans = new Map(selection.operations.map((op) => [op.name, op]));
  notes = selection.notes;
  repo = await generateServer({ name: 'events', preset: 'rest', baseUrl: 'https://api.example.com' });
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
  const { failures } = await plop.getGenerator('openapi').runActions({ spec: file });
  expect(failures).toEqual([]);
});

describe('text request bodies', () => {
  it('plans a string body input with the media type it is sent as', () => {
    expect(plan('create_event_notification')).toMatchObject({
      bodyKey: 'body',
      contentType: 'application/jwt',
      inputSchema: {
        properties: {
          body: { type: 'string', format: 'base64', description: 'The body as application/jwt text, sent as it is.' },
        },
        required: ['body'],
      },
    });
    // An XML body described as an object is still taken as its text; an optional body stays optional.
    expect(plan('put_pet').inputSchema.properties).toMatchObject({ body: { type: 'string' } });
    expect(plan('put_pet').contentType).toBe('application/xml');
    expect(plan('add_note')).toMatchObject({ contentType: 'text/plain' });
    expect(plan('add_note').inputSchema.required).toBeUndefined();
    // JSON is preferred when the spec offers it too; a binary body is still skipped.
    expect(plan('mixed').contentType).toBeUndefined();
    expect(plans.has('photo')).toBe(false);
    expect(notes).toContain('POST /photo: skipped (its required body is image/png, not JSON, a form or text)');
    expect(catalogEntry(plan('put_pet')).contentType).toBe('application/xml');
  });

  it('expects the sample text as it is, with its content type, and the sample passes the input schema', () => {
    const data = operationTemplateData(plan('put_pet'), 'EVENTS');
    expect(data.sample.body).toBe('body a/b');
    expect(data.printed.expected).toContain("headers: { 'content-type': 'application/xml' },");
    expect(data.printed.expected).toContain("body: 'body a/b',");
    const schema = z.fromJSONSchema(
      plan('create_event_notification').inputSchema as Parameters<typeof z.fromJSONSchema>[0],
    );
    expect(
      schema.safeParse(operationTemplateData(plan('create_event_notification'), 'EVENTS').sample.input).success,
    ).toBe(true);
    expect(schema.safeParse({ body: { not: 'text' } }).success).toBe(false);
  });

  it('writes a tool that sends the body with its content type, and a test that reads the exact text', () => {
    const tool = read('src/tools/createEventNotification.ts');
    expect(tool).toContain("      body: values['body'],\n      contentType: 'application/jwt',\n");
    const test = read('test/unit/openapi/createEventNotification.ts');
    expect(test).toContain('seen.body = text || undefined; // the text, as sent');
    expect(test).toContain("headers: { 'content-type': 'application/jwt' }");
    // A JSON body is sent as before: no content type option.
    const mixed = read('src/tools/mixed.ts');
    expect(mixed).toContain("      body: values['body'],\n      signal,");
    expect(read('test/unit/openapi/mixed.ts')).toContain('seen.body = text ? JSON.parse(text) : undefined;');
  });
});
