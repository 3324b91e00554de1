// Shapes from real published specs of the APIs.guru directory that the `openapi` generator got
// wrong (found by `npm run bench:corpus -- --all`), each reduced to the part that broke it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { specFacts } from '../../generators/openapi/facts.js';
import { responseOutput, responseSamples } from '../../generators/openapi/responses.js';
import { sampleOf } from '../../generators/openapi/sample.js';
import { selectOperations, toolNameOf } from '../../generators/openapi/operations.js';
import { toInputSchema } from '../../generators/openapi/schema.js';
import { toolNames } from '../../engine/primitives/naming.js';
import nodePlop from 'node-plop';
import * as z from 'zod';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';

const specFile = (doc: object) => {
  const file = path.join(tempDir(), 'spec.json');
  fs.writeFileSync(file, JSON.stringify({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {}, ...doc }));
  return file;
};

describe('specs of the APIs.guru directory', () => {
  // motaword.com: `"tokenUrl": "/token"` beside `"servers": [{ "url": "https://api.motaword.com" }]`.
  const oauth = (tokenUrl: string) => ({
    security: [{ mwoAuth: ['default'] }],
    components: {
      securitySchemes: {
        mwoAuth: { type: 'oauth2', flows: { clientCredentials: { scopes: { default: 'default' }, tokenUrl } } },
      },
    },
  });

  it('resolves a relative OAuth token URL against the server URL', () => {
    const file = specFile({ servers: [{ url: 'https://api.motaword.com' }], ...oauth('/token') });
    expect(specFacts(file).auth).toEqual({
      scheme: 'oauth2',
      tokenUrl: 'https://api.motaword.com/token',
      scopes: 'default',
    });
  });

  // velopayments.com: a client-credentials flow whose scopes include a blank name (" ").
  it('requests only the scope names a token request can carry', () => {
    const file = specFile({
      servers: [{ url: 'https://api.example.com' }],
      security: [{ o: [] }],
      components: {
        securitySchemes: {
          o: {
            type: 'oauth2',
            flows: { clientCredentials: { tokenUrl: '/token', scopes: { ' ': 'blank', read: 'r' } } },
          },
        },
      },
    });
    expect(specFacts(file).auth).toEqual({
      scheme: 'oauth2',
      tokenUrl: 'https://api.example.com/token',
      scopes: 'read',
    });
  });

  it('keeps an absolute token URL as written, and maps no oauth2 scheme from a relative one without a server', () => {
    const absolute = specFile({ servers: [{ url: 'https://api.example.com' }], ...oauth('https://auth.example.com') });
    expect(specFacts(absolute).auth).toMatchObject({ tokenUrl: 'https://auth.example.com' });
    expect(specFacts(specFile(oauth('/token'))).auth).toBeUndefined();
  });

  // royalmail.com/click-and-drop.json GET /orders/{orderIdentifiers}/label: a 200 application/json
  // response whose schema is a string (also azure.com's SAS URI, rumble.run's JSONL export).
  it('writes no matching-reply test for a JSON string response (the mock would send it as bare text)', () => {
    const op = (schema: object) => ({ responses: { '200': { content: { 'application/json': { schema } } } } });
    const samples = (schema: object) => {
      const output = responseOutput(op(schema));
      if (!output) throw new Error('no output schema for a 200 JSON response');
      return responseSamples(output.schema, (s) => sampleOf(s, 'result'));
    };
    const text = samples({ type: 'string', format: 'byte' });
    expect(text.matching).toBeUndefined();
    expect(text.mismatching).toBeDefined();
    expect(samples({ type: 'object', properties: { id: { type: 'string' } } }).matching).toEqual({ id: 'id a/b' });
    expect(samples({ type: 'integer' }).matching).toBe(1);
  });
});

describe('schemas whose `type` is not a JSON Schema type', () => {
  // codat.io/accounting.json: `properties: { type: { $ref: itemType } }` with `itemType: { type: { description, enum,
  // type: string } }` (a schema where the type name goes), also kept under `definitions`; zod refused the whole input
  // schema ("Unsupported type: [object Object]") and the spec did not generate.
  const itemType = { type: { description: 'Type of the item.', enum: ['Unknown', 'Service'], type: 'string' } };
  const body = {
    type: 'object',
    properties: { name: { type: 'string' }, type: itemType, count: { type: ['integer', 'Number'] } },
    definitions: { itemType },
  };

  it('drops the type (the value is left open) and the unused definitions; zod reads the schema', () => {
    const schema = toInputSchema(body);
    expect(schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, type: {}, count: { type: ['integer'] } },
    });
    const zod = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    expect(zod.safeParse({ name: 'n', type: 'Service', count: 2 }).success).toBe(true);
    expect(zod.safeParse({ name: 3 }).success).toBe(false);
  });

  it('generates a server from such a spec (input and output schema)', async () => {
    const spec = specFile({
      openapi: '3.1.0', // as codat.io's: 3.0's schema validation refuses such a type, 3.1's leaves schemas to JSON Schema
      servers: [{ url: 'https://api.codat.io' }],
      paths: {
        '/items': {
          post: {
            operationId: 'createItem',
            requestBody: { content: { 'application/json': { schema: body } } },
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: body } } } },
          },
        },
      },
    });
    const parent = tempDir();
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const { failures } = await plop
      .getGenerator('server')
      .runActions({ name: 'items', preset: 'rest', openapi: spec, git: false });
    expect(failures).toEqual([]);
    expect(fs.existsSync(path.join(parent, 'items/src/tools/createItem.ts'))).toBe(true);
  });
});

describe('tool names that would clash with the repo’s own files', () => {
  // authentiq.io: an operation whose id is `client` wrote test/unit/client.test.ts over the upstream client's test.
  it('an operation named like one of the repo’s own test files gets another name', async () => {
    const parent = tempDir();
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const spec = path.join(FACTORY_ROOT, 'test/fixtures/openapi/petstore.yaml');
    const { failures } = await plop
      .getGenerator('server')
      .runActions({ name: 'clash', preset: 'rest', openapi: spec, auth: 'bearer', git: false });
    expect(failures).toEqual([]);
    const tools = new Set(
      fs.readdirSync(path.join(parent, 'clash/src/tools')).map((file) => file.replace(/\.ts$/, '')),
    );
    const ownTests = fs
      .readdirSync(path.join(parent, 'clash/test/unit'))
      .map((file) => file.replace(/\.test\.ts$/, ''))
      .filter((name) => !tools.has(name));
    expect(ownTests.length).toBeGreaterThan(0); // auth's own (the runtime's tests moved out of the repo)
    for (const own of ownTests) {
      const toolName = toolNameOf(own, 'get', '/x');
      expect(toolNames(toolName).toolFile).not.toBe(own);
    }
    expect(toolNameOf('client', 'get', '/client')).toBe('client_op');
  });

  // seldon.local/wrapper.json: an operation `route` declared `const route` twice in its tool file (the path's constant).
  it('an operation named like a name its tool file or test declares or imports gets another name', () => {
    expect(toolNameOf('route', 'post', '/route')).toBe('route_op');
    expect(toolNameOf(undefined, 'get', '/sample')).toBe('get_sample');
    for (const name of ['sample', 'expected', 'params', 'describe', 'expect', 'build_request', 'load_config'])
      expect(toolNameOf(name, 'get', '/x')).toBe(`${name}_op`);
    expect(toolNameOf('router', 'get', '/x')).toBe('router');
  });
});

describe('names a real spec gives that a server cannot use as they are', () => {
  // intellifi.nl: operations `getSpotsetsById` and `getSpotSetsById` wrote two tool files whose names differ only in
  // case (one file on macOS and Windows; tsc refuses the pair anywhere).
  it('gives tools whose file names differ only in case different files', () => {
    const get = (operationId: string) => ({
      get: {
        operationId,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'ok' } },
      },
    });
    const { operations } = selectOperations(
      { paths: { '/spotsets/{id}': get('getSpotsetsById'), '/spotSets/{id}': get('getSpotSetsById') } },
      { include: [], exclude: [], taken: new Set() },
    );
    const files = operations.map((op) => toolNames(op.name).toolFile);
    expect(files).toHaveLength(2);
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(2);
    expect(operations.map((op) => op.name)).toEqual(['get_spotsets_by_id', 'get_spot_sets_by_id_2']);
  });

  // rapidapi.com/dynamicdocs: an API key header named `ADVICEment API Key` (spaces): no client can send it.
  it('maps no header scheme from an API key whose header name HTTP cannot carry', () => {
    const apiKey = (name: string) =>
      specFile({
        security: [{ key: [] }],
        components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name } } },
      });
    expect(specFacts(apiKey('ADVICEment API Key')).auth).toBeUndefined();
    expect(specFacts(apiKey('X-Api-Key')).auth).toEqual({ scheme: 'header', headerName: 'X-Api-Key' });
  });
});
