// The sample input each generated unit test sends, on small specs shaped like the real published
// ones that broke it (the corpus test runs the real ones): the tool's own input schema (zod's
// fromJSONSchema, as the generated server builds it) accepts the sample, and the request the test
// expects is the one the generated client sends.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { selectOperations, type OperationPlan } from '../../generators/openapi/operations.js';
import { sampleOf } from '../../generators/openapi/sample.js';
import { toInputSchema } from '../../generators/openapi/schema.js';
import { loadSpec } from '../../generators/openapi/spec.js';
import { operationTemplateData, sampleInput } from '../../generators/openapi/templateData.js';
import { tempDir } from '../helpers/fsSnapshot.js';

async function operationsOf(paths: object, schemas: object = {}): Promise<OperationPlan[]> {
  const file = path.join(tempDir(), 'spec.json');
  const doc = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths, components: { schemas } };
  fs.writeFileSync(file, JSON.stringify(doc));
  return selectOperations(await loadSpec(file), { include: [], exclude: [], taken: new Set() }).operations;
}

const ok = { '200': { description: 'ok' } };
const jsonBody = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const accepted = (op: OperationPlan, input: unknown) =>
  z.fromJSONSchema(op.inputSchema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(input);

describe('sample inputs of generated unit tests', () => {
  it('fills path parameters declared on the path item, whose schemas have patterns (cloud specs)', async () => {
    const shared = [
      { name: 'subscriptionId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'resourceGroupName', in: 'path', required: true, schema: { type: 'string', pattern: '^[-\\w._()]+$' } },
      { name: 'Sid', in: 'path', required: true, schema: { type: 'string', pattern: '^SM[0-9a-fA-F]{32}$' } },
    ];
    const [del] = await operationsOf({
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/messages/{Sid}': {
        parameters: shared,
        delete: { operationId: 'delete_sample', responses: ok },
      },
    });
    const data = operationTemplateData(del, 'X');
    expect(Object.keys(data.sample.input).sort()).toEqual(['Sid', 'resourceGroupName', 'subscriptionId']);
    expect(data.sample.input.Sid).toMatch(/^SM[0-9a-fA-F]{32}$/);
    expect(accepted(del, data.sample.input).success).toBe(true);
    expect(data.sample.uri).not.toContain('{');
    // Seeded: the same spec gives the same sample (generated files stay unchanged on a re-run).
    expect(operationTemplateData(del, 'X').sample.input).toEqual(data.sample.input);
  });

  it('gives a string for body properties that are $refs to named string schemas, also wrapped in allOf', async () => {
    const schemas = {
      KeyspaceName: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_]{1,47}$', minLength: 1, maxLength: 48 },
      TableName: { type: 'string', minLength: 3, maxLength: 48 },
    };
    const [create] = await operationsOf(
      {
        '/#X-Amz-Target=Keyspaces.CreateTable': {
          post: {
            operationId: 'CreateTable',
            requestBody: jsonBody({
              type: 'object',
              required: ['keyspaceName', 'tableName'],
              properties: {
                keyspaceName: { $ref: '#/components/schemas/KeyspaceName' },
                tableName: { allOf: [{ $ref: '#/components/schemas/TableName' }, { description: 'The table.' }] },
              },
            }),
            responses: ok,
          },
        },
      },
      schemas,
    );
    const { input } = operationTemplateData(create, 'X').sample;
    const body = input.body as Record<string, unknown>;
    expect(typeof body.keyspaceName).toBe('string');
    expect(typeof body.tableName).toBe('string');
    expect(accepted(create, input).success).toBe(true);
  });

  it('fills required properties however deep, and picks a oneOf branch the schema accepts', async () => {
    const leaf = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, note: { type: 'string' } } };
    let deep: object = leaf;
    for (let i = 0; i < 5; i += 1) deep = { type: 'object', required: ['next'], properties: { next: deep } };
    const [put] = await operationsOf({
      '/things': {
        put: {
          operationId: 'putThing',
          requestBody: jsonBody({
            type: 'object',
            required: ['deep', 'kind'],
            properties: {
              deep,
              // Overlapping branches (no discriminator): the first sample matches both.
              kind: {
                oneOf: [
                  { type: 'object', properties: { a: { type: 'string' } } },
                  { type: 'object', required: ['b'], properties: { b: { type: 'integer' } } },
                ],
              },
            },
          }),
          responses: ok,
        },
      },
    });
    const { input } = operationTemplateData(put, 'X').sample;
    expect(accepted(put, input).success).toBe(true);
    expect(JSON.stringify(input)).toContain('"id":"id a/b"');
  });

  it('a discriminated oneOf whose branches overlap becomes an anyOf (otherwise no input passes)', async () => {
    const base = {
      type: 'object',
      required: ['product'],
      properties: { product: { type: 'string', enum: ['SMS', 'VOICE'] }, from: { type: 'string' } },
    };
    const [report] = await operationsOf({
      '/reports': {
        post: {
          operationId: 'createReport',
          requestBody: jsonBody({
            discriminator: { propertyName: 'product' },
            oneOf: [
              { allOf: [base, { properties: { product: { type: 'string', enum: ['SMS'] } } }] },
              { allOf: [base, { properties: { to: { type: 'string' } } }] },
            ],
          }),
          responses: ok,
        },
      },
    });
    const body = (report.inputSchema.properties as Record<string, Record<string, unknown>>).body;
    expect(body.oneOf).toBeUndefined();
    expect(body.anyOf).toHaveLength(2);
    const { input } = operationTemplateData(report, 'X').sample;
    expect(accepted(report, input).success).toBe(true);
  });

  it('a oneOf without a discriminator whose every sample matches two branches becomes an anyOf too', async () => {
    // GitHub's shape (orgs/delete-attestations-bulk): branches that differ by which property they
    // require, beside properties that every branch allows, so no input matches exactly one.
    const [del] = await operationsOf({
      '/attestations/delete-request': {
        post: {
          operationId: 'deleteBulk',
          requestBody: jsonBody({
            type: 'object',
            properties: {
              subject_digests: { type: 'array', items: { type: 'string' } },
              attestation_ids: { type: 'array', items: { type: 'integer' } },
            },
            oneOf: [
              { properties: { subject_digests: { type: 'array', items: { type: 'string' } } } },
              { properties: { attestation_ids: { type: 'array', items: { type: 'integer' } } } },
            ],
          }),
          responses: ok,
        },
      },
    });
    const body = (del.inputSchema.properties as Record<string, Record<string, unknown>>).body;
    expect(body.oneOf).toBeUndefined();
    expect(body.anyOf).toHaveLength(2);
    const { input } = operationTemplateData(del, 'X').sample;
    expect(accepted(del, input).success).toBe(true);
  });

  it('documents a pattern no string can match instead of checking it (no input could pass)', async () => {
    const [get] = await operationsOf({
      '/accounts/{CatalogId}': {
        get: {
          operationId: 'getAccount',
          parameters: [
            {
              name: 'CatalogId',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '.*/^[\\d]{12}$/.*', minLength: 12, maxLength: 12 },
            },
          ],
          responses: ok,
        },
      },
    });
    const id = (get.inputSchema.properties as Record<string, Record<string, unknown>>).CatalogId;
    expect(id.pattern).toBeUndefined();
    expect(id.description).toBe('Pattern (not checked here): .*/^[\\d]{12}$/.*.');
    const { input } = operationTemplateData(get, 'X').sample;
    expect(accepted(get, input).success).toBe(true);
  });

  it.each([
    ['^SM[0-9a-fA-F]{32}$', 0, Infinity],
    ['.*(^arn:((aws)|(aws-cn)|(aws-us-gov)):s3:::)([a-zA-Z0-9_-]+$).*', 0, 1024],
    ['(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?', 24, 24],
    [
      '^([a-z]|(\\d(?!\\d{0,2}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})))([a-z\\d]|(\\.(?!(\\.|-)))|(-(?!\\.))){1,61}[a-z\\d]$',
      3,
      63,
    ],
  ])(
    "samples a string matching the pattern %s within its length bounds (real specs' patterns)",
    (pattern, min, max) => {
      const value = sampleOf({ type: 'string', pattern, minLength: min, maxLength: max }, 'name');
      expect(typeof value).toBe('string');
      expect(value).toMatch(new RegExp(pattern));
      expect((value as string).length).toBeGreaterThanOrEqual(min);
      expect((value as string).length).toBeLessThanOrEqual(max);
    },
  );

  it.each([
    ['/jobs?op=LISTAFTERID', '/jobs?op=LISTAFTERID&limit=2'],
    ['/#X-Amz-Target=Service.ListJobs', '/?limit=2'],
    ['/jobs', '/jobs?limit=2'],
  ])('expects the URI the client sends for the path key %s: %s', async (key, uri) => {
    const [list] = await operationsOf({
      [key]: {
        get: {
          operationId: 'listJobs',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 2 } }],
          responses: ok,
        },
      },
    });
    const data = operationTemplateData(list, 'X');
    expect(data.sample.uri).toBe(uri);
    // The end-to-end cases compare the path the upstream sees (no query string, no fragment).
    expect(data.sample.path).toBe(uri.replace(/\?.*$/, ''));
  });

  it('fills a fixed-length array (a tuple) with items, never a hole, when its items sample the same twice', () => {
    // Blockfrost's additionalUtxoSet: [TxIn, TxOut] pairs (minItems = maxItems = 2).
    const pair = {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: { type: 'object', properties: { txId: { type: 'string' } } },
    };
    const value = sampleOf(pair, 'pair');
    expect(value).toHaveLength(2);
    expect((value as unknown[]).every((item) => item !== undefined && item !== null)).toBe(true);
  });

  it('merges the items of an array two allOf branches describe (the item must satisfy both)', () => {
    // asana.com's custom field: `data` is an allOf whose branches both have enum_options, items open in one
    // (a cycle cut short) and objects in the other; the sample gave strings, which the object branch refuses.
    const open = { description: 'Recursive or deeply nested: any JSON value (see the API documentation).' };
    const data = {
      allOf: [
        { type: 'object', properties: { enum_options: { type: 'array', items: { allOf: [open, open] } } } },
        {
          type: 'object',
          properties: {
            enum_options: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
          },
        },
      ],
    };
    const value = sampleOf(data, 'data');
    expect(value).toEqual({ enum_options: [{ name: 'name a/b' }] });
    expect(z.fromJSONSchema(data as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value).success).toBe(true);
  });

  it('documents a format no string within the bounds and pattern can have, instead of checking it', () => {
    // zuora.com: `job-id` a uuid of at least 64 characters; amadeus.com: an email whose pattern wants a backslash.
    const jobId = toInputSchema({ type: 'string', format: 'uuid', minLength: 64, maxLength: 64 });
    expect(jobId).toEqual({
      type: 'string',
      minLength: 64,
      maxLength: 64,
      description: 'Format (not checked here): uuid.',
    });
    const email = toInputSchema({ type: 'string', format: 'email', pattern: '^[a-z]+@[a-z]+\\\\.[a-z]+$' });
    expect(email).toMatchObject({
      pattern: '^[a-z]+@[a-z]+\\\\.[a-z]+$',
      description: 'Format (not checked here): email.',
    });
    expect(email.format).toBeUndefined();
    for (const schema of [jobId, email]) {
      expect(
        z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(sampleOf(schema, 'id')).success,
      ).toBe(true);
    }
    // A format the bounds allow is still checked.
    expect(toInputSchema({ type: 'string', format: 'uuid', maxLength: 36 })).toEqual({
      type: 'string',
      format: 'uuid',
      maxLength: 36,
    });
  });

  it('keeps an array empty when its maxItems is 0', async () => {
    // appveyor.com: a project's `stacks`, an array of strings with `maxItems: 0`.
    const [update] = await operationsOf({
      '/projects': {
        put: {
          operationId: 'updateProject',
          requestBody: jsonBody({
            type: 'object',
            properties: { stacks: { type: 'array', maxItems: 0, items: { type: 'string', enum: ['unknown'] } } },
            required: ['stacks'],
          }),
          responses: ok,
        },
      },
    });
    const sample = sampleInput(update);
    expect(sample).toEqual({ body: { stacks: [] } });
    expect(accepted(update, sample).success).toBe(true);
    expect(sampleOf({ type: 'array', maxItems: 1, minItems: 3, items: { type: 'integer' } }, 'n')).toEqual([1]);
  });

  it.each([
    // telnyx.com: a refresh token of format jwt; the rest are the other formats zod checks.
    'jwt',
    'cidr-v6',
    'credit_card',
    'iban',
    'emoji',
    'nanoid',
    'cuid',
    'cuid2',
    'ulid',
    'xid',
    'ksuid',
  ])('gives a string of format %s that the format check accepts', (format) => {
    const schema = toInputSchema({ type: 'object', properties: { token: { type: 'string', format } } });
    expect(schema).toEqual({ type: 'object', properties: { token: { type: 'string', format } } });
    const value = sampleOf(schema, 'body');
    expect(z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value).success).toBe(true);
    // The check is real: the plain sample string fails it.
    const plain = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse({ token: 'token a/b' });
    expect(plain.success).toBe(false);
  });

  it("an allOf branch of string-typed extra fields leaves a sibling branch's boolean property a boolean", async () => {
    // zuora.com: a new account (allowInvoiceEdit: boolean, …) allOf a branch `additionalProperties: {type: string}`
    // (its custom fields): read literally no input passes, a boolean being an additional property of that branch.
    const [order] = await operationsOf({
      '/orders': {
        post: {
          operationId: 'postOrder',
          requestBody: jsonBody({
            type: 'object',
            properties: {
              newAccount: {
                allOf: [
                  {
                    type: 'object',
                    properties: { name: { type: 'string' }, allowInvoiceEdit: { type: 'boolean' } },
                    required: ['name'],
                  },
                  { type: 'object', additionalProperties: { type: 'string' } },
                ],
              },
            },
          }),
          responses: ok,
        },
      },
    });
    const sample = sampleInput(order);
    expect(sample).toEqual({ body: { newAccount: { name: 'name a/b', allowInvoiceEdit: true } } });
    expect(accepted(order, sample).success).toBe(true);
    // The branch still checks the fields nobody declares, and the sibling still checks its own.
    const withCustom = (extra: object) => ({ body: { newAccount: { name: 'n', allowInvoiceEdit: true, ...extra } } });
    expect(accepted(order, withCustom({ region__h: 'EU' })).success).toBe(true);
    expect(accepted(order, withCustom({ region__h: 3 })).success).toBe(false);
    expect(accepted(order, withCustom({ allowInvoiceEdit: 'yes' })).success).toBe(false);
    // A property declared beside the allOf is not an additional one either.
    const beside = toInputSchema({
      type: 'object',
      properties: { id: { type: 'integer' } },
      allOf: [
        { properties: { on: { type: 'boolean' } } },
        { type: 'object', additionalProperties: { type: 'string' } },
      ],
    });
    const check = z.fromJSONSchema(beside as Parameters<typeof z.fromJSONSchema>[0]);
    expect(check.safeParse(sampleOf(beside, 'x')).success).toBe(true);
    expect(check.safeParse({ id: 1, on: true }).success).toBe(true);
  });
});
