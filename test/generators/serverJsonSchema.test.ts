// Every server.json the generators write is valid under the official MCP registry schema (the vendored
// 2025-12-11 file, through the check `mcp-factory doctor` runs): each preset, each upstream auth scheme,
// --openapi specs, persistence backends, and the `auth` and `persistence` generators editing an
// existing repo. HTTP mode is rendered by every `server` run, so each case covers it too (it does not
// change server.json: the package is still run over stdio unless started with --http).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { officialSchemaUrl, serverJsonProblem } from '../../cli/serverJson.js';
import { answersOf, schemes } from '../helpers/authSchemes.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { expectOneLineRefusal } from '../helpers/refusal.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
const spec = (file: string) => path.join(FACTORY_ROOT, 'test/fixtures/openapi', file);
const serverJsonOf = (repo: string): unknown => JSON.parse(fs.readFileSync(path.join(repo, 'server.json'), 'utf8'));

const generated: Array<[string, Record<string, unknown>]> = [
  ['perplexity preset', { preset: 'perplexity' }],
  ['gemini preset', { preset: 'gemini' }],
  ['openai preset', { preset: 'openai' }],
  ['rest preset', { preset: 'rest', baseUrl: 'https://api.example.com' }],
  ...schemes.map(([scheme, flags]): [string, Record<string, unknown>] => [
    `rest preset, --auth ${scheme}`,
    { preset: 'rest', baseUrl: 'https://api.example.com', auth: scheme, ...answersOf(flags) },
  ]),
  ['--openapi petstore.yaml', { preset: 'rest', openapi: spec('petstore.yaml') }],
  ['--openapi swagger2.yaml', { preset: 'rest', openapi: spec('swagger2.yaml') }],
  ['--openapi styles.yaml', { preset: 'rest', openapi: spec('styles.yaml') }],
  ['--persistence jsonl', { preset: 'rest', baseUrl: 'https://api.example.com', persistence: 'jsonl' }],
  ['--persistence postgres', { preset: 'openai', persistence: 'postgres' }],
  [
    'every registry limit at its maximum',
    {
      preset: 'rest',
      baseUrl: 'https://api.example.com',
      description: 'd'.repeat(100),
      mcpName: `io.github.${'o'.repeat(100)}/${'n'.repeat(89)}`, // 200 characters
    },
  ],
];

describe('generated server.json under the official registry schema', () => {
  it.each(generated)('server: %s', async (_, answers) => {
    const repo = await generateServer({ name: 'acme-api', ...answers } as { name: string; preset: string });
    const doc = serverJsonOf(repo);
    expect(serverJsonProblem(doc)).toBeUndefined();
    expect(doc).toMatchObject({ $schema: officialSchemaUrl() });
  });

  it('stays valid while the auth and persistence generators edit it', async () => {
    const repo = await generateServer({ name: 'acme-api', preset: 'rest', baseUrl: 'https://api.example.com' });
    const factory = await nodePlop(plopfile, { destBasePath: repo, force: false });
    const runs: Array<[string, Record<string, unknown>]> = [
      ...schemes.map(([scheme, flags]): [string, Record<string, unknown>] => ['auth', { scheme, ...answersOf(flags) }]),
      ['persistence', { backend: 'jsonl' }],
      ['persistence', { backend: 'postgres' }],
      ['auth', { scheme: 'bearer' }],
    ];
    for (const [generator, answers] of runs) {
      const { failures } = await factory.getGenerator(generator).runActions({ ...answers });
      expect(failures).toEqual([]);
      expect([generator, answers, serverJsonProblem(serverJsonOf(repo))]).toEqual([generator, answers, undefined]);
    }
  });

  it('refuses an --mcpName longer than the registry allows (200), writing nothing', async () => {
    const parent = tempDir();
    const factory = await nodePlop(plopfile, { destBasePath: parent, force: false });
    const mcpName = `io.github.${'o'.repeat(100)}/${'n'.repeat(90)}`; // 201 characters
    await expectOneLineRefusal(
      parent,
      () =>
        factory
          .getGenerator('server')
          .runActions({ name: 'acme-api', preset: 'rest', baseUrl: 'https://api.example.com', mcpName }),
      '--mcpName must be at most 200 characters (the MCP registry limit), got 201',
    );
  });
});
