// Spec drift: re-running `openapi` on a changed spec prints its breaking changes apart from its
// additions, measured against the copy the earlier run kept in the repo, and the version bump they
// call for (read from the repo's package.json), in dry runs too.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { changesBetween, nextVersion } from '../../generators/openapi/drift.js';
import { selectOperations } from '../../generators/openapi/operations.js';

const book = (extra = '') => `
    Book:
      type: object
      required: [id]
      properties:
        id: { type: string }
        title: { type: string }${extra}`;

const V1 = `openapi: 3.0.3
info: { title: shelf, version: '1' }
paths:
  /books:
    get:
      operationId: listBooks
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
        - { name: sort, in: query, schema: { type: string } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Book' } } } } }
  /books/{id}:
    get:
      operationId: getBook
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Book' } } } }
    delete:
      operationId: deleteBook
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '204': { description: gone } }
components:
  schemas:${book()}
`;

// deleteBook gone, limit now a string, sort required, title gone from Book; a new operation, a new
// optional input and a new response field.
const V2 = `openapi: 3.0.3
info: { title: shelf, version: '2' }
paths:
  /books:
    get:
      operationId: listBooks
      parameters:
        - { name: limit, in: query, schema: { type: string } }
        - { name: sort, in: query, required: true, schema: { type: string } }
        - { name: q, in: query, schema: { type: string } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Book' } } } } }
    post:
      operationId: addBook
      responses: { '201': { description: created } }
  /books/{id}:
    get:
      operationId: getBook
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Book' } } } }
components:
  schemas:
    Book:
      type: object
      required: [id]
      properties:
        id: { type: string }
        year: { type: integer, nullable: true }
`;

const TABLE_V2 = [
  'spec drift since the last run of this spec (.mcp-factory/specs/HASH.yaml):',
  '  breaking changes (5):',
  '    GET /books          input limit: type integer → string',
  '    GET /books          input now required: sort',
  '    GET /books          response field removed: [].title',
  '    GET /books/{id}     response field removed: title',
  '    DELETE /books/{id}  operation removed (tool delete_book)',
  '  additions (4):',
  '    GET /books          new optional input: q',
  '    GET /books          new response field: [].year',
  '    GET /books/{id}     new response field: year',
  '    POST /books         operation added',
  '  suggested version: 0.1.0 → 1.0.0 (major: breaking changes; package.json "version")',
];

describe('spec drift on a re-run of openapi', () => {
  let repo: string;
  let spec: string;
  let run: (answers: Record<string, unknown>) => Promise<{ shown: string[]; failures: unknown[] }>;
  const copyOfV1 = () =>
    JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8')).runs.at(-1).answers.specHash as string;
  const driftLines = (shown: string[]) => {
    const lines = shown.join('\n').split('\n');
    const start = lines.findIndex((l) => l.startsWith('spec drift since'));
    return start < 0
      ? []
      : lines.slice(
          start,
          lines.findIndex((l, i) => i > start && !l.startsWith('  ')),
        );
  };

  beforeAll(async () => {
    repo = await generateServer({ name: 'shelf', preset: 'rest', baseUrl: 'https://api.example.com' });
    spec = path.join(tempDir(), 'shelf.yaml');
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
    run = async (answers) => {
      const { changes, failures } = await plop.getGenerator('openapi').runActions({ spec, ...answers });
      return { shown: changes.map((c) => c.path), failures };
    };
  });

  it('the first run, and a run on the same spec, print no drift', async () => {
    fs.writeFileSync(spec, V1);
    const first = await run({});
    expect(first.failures).toEqual([]);
    expect(driftLines(first.shown)).toEqual([]);
    expect(driftLines((await run({})).shown)).toEqual([]);
  });

  it('--dry-run on a changed spec prints the breaking changes apart from the additions and the bump, writing nothing', async () => {
    const hash = copyOfV1();
    fs.writeFileSync(spec, V2);
    const before = snapshot(repo);
    const { shown, failures } = await run({ dryRun: true });
    expect(failures).toEqual([]);
    expect(driftLines(shown)).toEqual(TABLE_V2.map((l) => l.replace('HASH', hash)));
    expect(snapshot(repo)).toEqual(before);
  });

  it('the run itself prints it too; a later change with additions only suggests a minor version', async () => {
    const hash = copyOfV1();
    const { shown, failures } = await run({});
    expect(failures).toEqual([]);
    expect(driftLines(shown)).toEqual(TABLE_V2.map((l) => l.replace('HASH', hash)));

    const v2 = copyOfV1();
    fs.writeFileSync(
      spec,
      V2.replace(
        '        - { name: q,',
        '        - { name: page, in: query, schema: { type: integer } }\n        - { name: q,',
      ),
    );
    const added = await run({ dryRun: true });
    expect(driftLines(added.shown)).toEqual([
      `spec drift since the last run of this spec (.mcp-factory/specs/${v2}.yaml):`,
      '  breaking changes: none',
      '  additions (1):',
      '    GET /books  new optional input: page',
      '  suggested version: 0.1.0 → 0.2.0 (minor: additions only; package.json "version")',
    ]);

    // A spec changed in its wording only: a patch.
    fs.writeFileSync(spec, V2.replace("version: '2'", "version: '2.1'"));
    expect(driftLines((await run({ dryRun: true })).shown).slice(1)).toEqual([
      '  breaking changes: none',
      '  additions: none',
      '  suggested version: 0.1.0 → 0.1.1 (patch: no breaking change or addition; package.json "version")',
    ]);
  });

  it('a wider input or a narrower response is an addition; the other way, or a response schema gone, breaks', () => {
    const ops = (input: object, response?: object) =>
      selectOperations(
        {
          paths: {
            '/x': {
              get: {
                parameters: [{ name: 'a', in: 'query', schema: input }],
                responses: {
                  '200': response ? { description: 'ok', content: { 'application/json': { schema: response } } } : {},
                },
              },
            },
          },
        },
        { include: [], exclude: [], taken: new Set() },
      ).operations;
    const what = (before: ReturnType<typeof ops>, after: ReturnType<typeof ops>) =>
      changesBetween(before, after).map((c) => `${c.breaking ? 'breaking' : 'added'}: ${c.what}`);
    const str = { type: 'string' };
    const nullable = { type: 'string', nullable: true };
    expect(what(ops(str, str), ops(nullable, str))).toEqual(['added: input a: type string → string|null']);
    expect(what(ops(nullable, str), ops(str, str))).toEqual(['breaking: input a: type string|null → string']);
    expect(what(ops(str, nullable), ops(str, str))).toEqual(['added: response: type string|null → string']);
    expect(what(ops(str, str), ops(str, nullable))).toEqual(['breaking: response: type string → string|null']);
    expect(what(ops(str, str), ops(str))).toEqual(['breaking: JSON response schema removed']);
    expect(what(ops(str), ops(str, str))).toEqual(['added: JSON response schema added']);
  });

  it('bumps major.minor.patch, and gives no version for a pre-release or one it cannot read', () => {
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.2.9', 'patch')).toBe('1.2.10');
    expect(nextVersion('1.2.3-beta.1', 'patch')).toBe(undefined);
    expect(nextVersion('latest', 'patch')).toBe(undefined);
  });
});
