// Output schemas of the tools `npx plop openapi` writes: declared from a 2xx JSON response (wrapped as
// `{ result }`, shape only), absent for other responses; the tool files stay in prettier's layout,
// and their unit tests reply with an answer that matches the schema and one that does not.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import * as prettier from 'prettier';
import * as z from 'zod';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { responseOutput, responseSamples } from '../../generators/openapi/responses.js';
import { sampleOf } from '../../generators/openapi/sample.js';

const SPEC = `openapi: 3.0.3
info: { title: shelf, version: '1' }
paths:
  /books:
    get:
      operationId: listBooks
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Book' } } } }
    post:
      operationId: addBook
      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Book' } } } }
      responses:
        '201': { description: created, content: { application/vnd.shelf+json: { schema: { $ref: '#/components/schemas/Book' } } } }
        '400': { description: bad, content: { application/json: { schema: { type: object } } } }
  /shelves/{shelf}/annotations:
    get:
      operationId: listEveryAnnotationOfEveryBookOnOneShelfWithAVeryLongOperationIdentifier
      parameters: [{ name: shelf, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } } }
  /books/{id}/text:
    get:
      operationId: readBook
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok, content: { text/plain: { schema: { type: string } } } } }
  /books/{id}:
    delete:
      operationId: deleteBook
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '204': { description: gone } }
components:
  schemas:
    Book:
      type: object
      required: [id, title]
      additionalProperties: false
      properties:
        id: { type: string, format: uuid, readOnly: true }
        title: { type: string, maxLength: 20, pattern: '^\\\\p{L}+$' }
        secret: { type: string, writeOnly: true }
        state: { type: string, enum: [new, old], nullable: true }
`;

describe('output schemas from 2xx JSON responses', () => {
  it('wraps the lowest 2xx JSON response as { result }, shape only: read-only fields kept, write-only and value constraints left out', () => {
    const book = {
      type: 'object',
      required: ['id', 'title'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true },
        title: { type: 'string', maxLength: 20, pattern: '^a$' },
        secret: { type: 'string', writeOnly: true },
        state: { type: 'string', enum: ['new', 'old'], nullable: true },
      },
    };
    const json = (schema: unknown) => ({ content: { 'application/json; charset=utf-8': { schema } } });
    expect(
      responseOutput({ responses: { '201': json({ type: 'integer' }), '200': json(book), default: json({}) } }),
    ).toEqual({
      status: '200',
      schema: {
        type: 'object',
        properties: {
          result: {
            type: 'object',
            required: ['id', 'title'],
            properties: { id: { type: 'string' }, title: { type: 'string' }, state: { type: ['string', 'null'] } },
          },
        },
      },
    });
    expect(responseOutput({ responses: { '2XX': json({ type: 'array', items: { type: 'integer' } }) } })).toEqual({
      status: '2XX',
      schema: { type: 'object', properties: { result: { type: 'array', items: { type: 'integer' } } } },
    });
    // Kept small for tools/list: no descriptions, any JSON three levels below the response's root.
    const nest = (depth: number): Record<string, unknown> =>
      depth ? { type: 'object', description: 'a level', properties: { a: nest(depth - 1) } } : { type: 'string' };
    expect(responseOutput({ responses: { '200': json(nest(6)) } })?.schema).toEqual({
      type: 'object',
      properties: {
        result: {
          type: 'object',
          properties: {
            a: {
              type: 'object',
              properties: { a: { type: 'object', properties: { a: { type: 'object', properties: { a: {} } } } } },
            },
          },
        },
      },
    });
    // Not JSON, no schema, an open schema, or only an error response: no output schema.
    expect(
      responseOutput({ responses: { '200': { content: { 'text/plain': { schema: { type: 'string' } } } } } }),
    ).toBe(undefined);
    expect(responseOutput({ responses: { '204': { description: 'gone' } } })).toBe(undefined);
    expect(responseOutput({ responses: { '200': json({ description: 'anything' }) } })).toBe(undefined);
    expect(responseOutput({ responses: { '404': json({ type: 'object' }) } })).toBe(undefined);
  });

  it('picks test answers that the generated server (zod) accepts and refuses, or none', () => {
    const sample = (schema: Record<string, unknown>) => sampleOf(schema, 'result');
    type JsonSchema = Exclude<Parameters<typeof z.fromJSONSchema>[0], boolean>;
    const of = (result: JsonSchema): JsonSchema => ({ type: 'object', properties: { result } });
    const parse = (output: JsonSchema, value: unknown) => z.fromJSONSchema(output).safeParse({ result: value }).success;
    const results: JsonSchema[] = [
      { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
      { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      { type: 'integer' },
    ];
    for (const result of results) {
      const { matching, mismatching } = responseSamples(of(result), sample);
      expect(matching).toBeDefined();
      expect(parse(of(result), matching)).toBe(true);
      expect(parse(of(result), mismatching)).toBe(false);
    }
    // Anything fits an untyped branch: no mismatching answer to test with.
    expect(responseSamples(of({ anyOf: [{ type: 'array' }, { type: 'object' }] }), sample).mismatching).toBe(undefined);
  });

  describe('in a generated repo', () => {
    let repo: string;
    const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
    beforeAll(async () => {
      repo = await generateServer({ name: 'shelf', preset: 'rest', baseUrl: 'https://api.example.com' });
      const spec = path.join(tempDir(), 'shelf.yaml');
      fs.writeFileSync(spec, SPEC);
      const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
      expect((await plop.getGenerator('openapi').runActions({ spec })).failures).toEqual([]);
    });

    it('a tool declares its output schema for a JSON response and returns structuredContent; none for other responses', () => {
      const list = read('src/tools/listBooks.ts');
      expect(list).toContain("// The output's JSON Schema, from the spec's 200 JSON response");
      expect(list).toContain('  outputSchema,\n');
      expect(list).toContain("const toResult = structuredResult('list_books', outputSchema);");
      expect(list).toContain('    return toResult(text, data, config.limits.maxResultChars);');
      expect(list).not.toContain('format'); // shape only
      expect(read('src/tools/addBook.ts')).toContain("from the spec's 201 JSON response"); // +json
      for (const file of ['src/tools/readBook.ts', 'src/tools/deleteBook.ts']) {
        expect(read(file)).not.toContain('outputSchema');
        expect(read(file)).toContain("return { content: [{ type: 'text', text }] };");
      }
      expect(list).toContain('  structuredResult,\n');
      expect(list).toContain("} from '@mcp-factory/runtime/openapi';");
    });

    it("the tool's unit test replies with a matching and a mismatching answer; the files are in prettier's layout", async () => {
      const unit = read('test/unit/openapi/listBooks.ts');
      expect(unit).toContain("it('returns an answer that matches the spec as structuredContent, and as text'");
      expect(unit).toContain(
        "it('returns an answer that does not match the spec as text, with one warning, not as an error'",
      );
      expect(unit).toContain("const mismatching = ['unexpected'];"); // a string where a book is expected
      expect(read('test/unit/openapi/readBook.ts')).not.toContain('matching');
      const config = await prettier.resolveConfig(path.join(repo, 'package.json'));
      // Every file the run wrote, a tool with a 64-character name among them.
      const { runs } = JSON.parse(read('.mcp-factory.json'));
      const written = Object.keys(runs.at(-1).answers.files).filter((f) => f.endsWith('.ts'));
      expect(written).toContain('src/tools/listEveryAnnotationOfEveryBookOnOneShelfWithAVeryLon.ts');
      for (const file of written) {
        expect([file, await prettier.check(read(file), { ...config, filepath: path.join(repo, file) })]).toEqual([
          file,
          true,
        ]);
      }
    });
  });
});
