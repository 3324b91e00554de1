// The `fixtures` generator against a freshly generated server repo (in-process, no install): one regression test
// per recording, the hashes of what it wrote kept in .mcp-factory.json, a re-run that adds and updates tests but
// never overwrites an edited one, and refusals that change no byte. The tests it writes are run for real in
// test/e2e/recordReplay.e2e.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import { FACTORY_ROOT, snapshot } from '../helpers/fsSnapshot.js';
import { archivedFactory, plopOk } from '../helpers/fixtureFactory.js';
import { beforeAll, it } from '../helpers/timeouts.js';
import { expectOneLineRefusal, expectRefusalAfterEdit } from '../helpers/refusal.js';
import { generateServer } from '../helpers/generatedRepo.js';
import {
  RECORDING_FORMAT,
  type PromptRecording,
  type Recording,
  type ResourceRecording,
  type ToolRecording,
} from '../../runtime/src/record/format.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
const fixtures = async (repo: string, answers: Record<string, unknown> = {}) =>
  (await nodePlop(plopfile, { destBasePath: repo, force: false })).getGenerator('fixtures').runActions({ ...answers });
const read = (repo: string, file: string) => fs.readFileSync(path.join(repo, file), 'utf8');

function recording(id: string, answer: string, extra: Partial<ToolRecording> = {}): ToolRecording {
  return {
    format: RECORDING_FORMAT,
    kind: 'tool',
    name: 'ping',
    input: { id },
    exchanges: [
      {
        request: {
          method: 'GET',
          path: `/items/${id}`,
          query: [
            ['verbose', 'true'],
            ['api_key', '[redacted]'],
          ],
          headers: { accept: 'application/json', authorization: '[redacted]' },
        },
        auth: { headers: ['authorization'], query: ['api_key'] },
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: answer },
      },
    ],
    result: { content: [{ type: 'text', text: answer }] },
    ...extra,
  };
}

/** A read of `items://<id>` through GET /items/<id>; `status` 404 is a failed read, recorded as its error. */
function resourceRecording(id: string, status = 200): ResourceRecording {
  const body = status === 200 ? `{"id":"${id}"}` : '{"error":"gone"}';
  return {
    format: RECORDING_FORMAT,
    kind: 'resource',
    name: 'item',
    baseUrl: 'http://127.0.0.1:5555/v1',
    input: { uri: `items://${id}` },
    exchanges: [
      {
        request: { method: 'GET', path: `/items/${id}`, query: [], headers: { authorization: '[redacted]' } },
        auth: { headers: ['authorization'], query: [] },
        response: { status, headers: { 'content-type': 'application/json' }, body },
      },
    ],
    ...(status === 200
      ? { result: { contents: [{ uri: `items://${id}`, mimeType: 'application/json', text: body }] } }
      : { error: { code: -32002, message: `Resource items://${id} not found (http://127.0.0.1:5555/v1)` } }),
  };
}

function promptRecording(topic: string): PromptRecording {
  return {
    format: RECORDING_FORMAT,
    kind: 'prompt',
    name: 'brief',
    input: { topic },
    exchanges: [],
    result: { messages: [{ role: 'user', content: { type: 'text', text: `Brief on ${topic}.` } }] },
  };
}

function writeRecording(repo: string, file: string, r: Recording): void {
  fs.mkdirSync(path.join(repo, 'recordings'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'recordings', file), `${JSON.stringify(r, null, 2)}\n`);
}

describe('fixtures generator', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await generateServer({ name: 'acme-rec', preset: 'rest', baseUrl: 'https://api.example.com' });
  });

  it('refuses a folder that does not exist, or holds no recording, with one line, changing no byte', async () => {
    await expectOneLineRefusal(
      repo,
      () => fixtures(repo),
      '--from recordings: no such folder (record calls first: npm run record, or <PREFIX>_RECORD=recordings)',
    );
    fs.mkdirSync(path.join(repo, 'empty'));
    await expectOneLineRefusal(
      repo,
      () => fixtures(repo, { from: 'empty' }),
      '--from empty: no recordings in it (record calls first: npm run record)',
    );
    fs.rmdirSync(path.join(repo, 'empty'));
  });

  it('refuses a file that is not a recording, naming it', async () => {
    writeRecording(repo, 'tool-ping-000000000000.json', recording('1', '{"n":1}'));
    fs.writeFileSync(path.join(repo, 'recordings', 'notes.json'), '{"hello": 1}');
    await expectOneLineRefusal(
      repo,
      () => fixtures(repo),
      `recordings/notes.json: not a recording (no "format": "${RECORDING_FORMAT}")`,
    );
    fs.writeFileSync(
      path.join(repo, 'recordings', 'notes.json'),
      JSON.stringify({ ...recording('1', '{}'), exchanges: 3 }),
    );
    await expectOneLineRefusal(
      repo,
      () => fixtures(repo),
      'recordings/notes.json: not a valid recording (exchanges: must be a list)',
    );
    fs.rmSync(path.join(repo, 'recordings'), { recursive: true });
  });

  it('writes one test per recording, skips what cannot replay exactly, and keeps the hashes (not a run)', async () => {
    writeRecording(repo, 'tool-ping-aaaaaaaaaaaa.json', recording('1', '{"n":1}'));
    const cut = recording('2', '{"n":');
    cut.exchanges[0].response.bodyLength = 500_000;
    writeRecording(repo, 'tool-ping-bbbbbbbbbbbb.json', cut);
    fs.writeFileSync(path.join(repo, 'recordings', 'redact.json'), '{"fields": ["email"]}');
    const runsBefore = JSON.parse(read(repo, '.mcp-factory.json')).runs;

    const { failures } = await fixtures(repo);
    expect(failures).toEqual([]);
    const test = read(repo, 'test/recorded/ping-aaaaaaaaaaaa.ts');
    expect(test).toContain('(tool-ping-aaaaaaaaaaaa.json)');
    expect(test).toContain("ACME_REC_BASE_URL: BASE, ACME_REC_MAX_ATTEMPTS: '1'");
    // The credential's header and query parameter are left out of what is compared.
    expect(test).toContain("path: '/items/1'");
    expect(test).toContain("query: [['verbose', 'true']]");
    expect(test).toMatch(/headers: \{\s*accept: 'application\/json',\s*\}/);
    expect(test).toContain("authQuery: ['api_key']");
    expect(test).not.toContain('authorization');
    expect(fs.existsSync(path.join(repo, 'test/recorded/ping-bbbbbbbbbbbb.ts'))).toBe(false);
    // One jest file runs every recorded call's module (jest sets up each test file apart).
    expect(read(repo, 'test/recorded.test.ts')).toContain("readdirSync(new URL('./recorded/', import.meta.url))");
    expect(test).toContain("describe('ping-aaaaaaaaaaaa', () => {");
    const manifest = JSON.parse(read(repo, '.mcp-factory.json'));
    expect(manifest.runs).toEqual(runsBefore);
    expect(manifest.fixtures).toEqual({
      from: 'recordings',
      files: { 'test/recorded/ping-aaaaaaaaaaaa.ts': expect.stringMatching(/^[0-9a-f]{16}$/) },
      recordings: { 'test/recorded/ping-aaaaaaaaaaaa.ts': expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
  });

  it('a re-run with the same recordings changes no byte', async () => {
    const before = snapshot(repo);
    const { changes, failures } = await fixtures(repo);
    expect(failures).toEqual([]);
    expect(snapshot(repo)).toEqual(before);
    expect(changes.map((c) => c.path).join('\n')).toContain('every test already up to date');
  });

  it('new and changed recordings: adds and updates tests; an edited test is never overwritten', async () => {
    writeRecording(repo, 'tool-ping-aaaaaaaaaaaa.json', recording('1', '{"n":2}'));
    const quoting = recording('3', '{"n":3}', { baseUrl: 'http://127.0.0.1:5555/v1' });
    quoting.result = { content: [{ type: 'text', text: 'http://127.0.0.1:5555/v1/items/3 answered' }] };
    writeRecording(repo, 'tool-ping-cccccccccccc.json', quoting);
    await expectRefusalAfterEdit(
      repo,
      'test/recorded/ping-aaaaaaaaaaaa.ts',
      (content) => `${content}\n// my own check\n`,
      () => fixtures(repo),
      'refusing to overwrite test/recorded/ping-aaaaaaaaaaaa.ts: it was changed since mcp-factory wrote it',
    );
    const { failures } = await fixtures(repo);
    expect(failures).toEqual([]);
    expect(read(repo, 'test/recorded/ping-aaaaaaaaaaaa.ts')).toContain('{"n":2}');
    const third = read(repo, 'test/recorded/ping-cccccccccccc.ts');
    expect(third).toContain("path: '/items/3'");
    // The result quoted the recording server's base URL: the test expects its own.
    expect(third).toContain("text: 'https://upstream.test/items/3 answered'");
    expect(Object.keys(JSON.parse(read(repo, '.mcp-factory.json')).fixtures.files).sort()).toEqual([
      'test/recorded/ping-aaaaaaaaaaaa.ts',
      'test/recorded/ping-cccccccccccc.ts',
    ]);
  });

  it('a test edited by hand stays as it is when its recording did not change', async () => {
    const file = path.join(repo, 'test/recorded/ping-cccccccccccc.ts');
    fs.appendFileSync(file, '\n// mine\n');
    const before = snapshot(repo);
    const { changes, failures } = await fixtures(repo);
    expect(failures).toEqual([]);
    expect(snapshot(repo)).toEqual(before);
    expect(changes.map((c) => c.path).join('\n')).toContain('every test already up to date');
  });

  it('a resource read and a prompt get: one test each, from their own templates; a failed read expects its error', async () => {
    writeRecording(repo, 'resource-item-dddddddddddd.json', resourceRecording('9'));
    writeRecording(repo, 'resource-item-ffffffffffff.json', resourceRecording('10', 404));
    writeRecording(repo, 'prompt-brief-eeeeeeeeeeee.json', promptRecording('tides'));
    const { failures } = await fixtures(repo);
    expect(failures).toEqual([]);

    const readTest = read(repo, 'test/recorded/resource-item-dddddddddddd.ts');
    expect(readTest).toContain('(resource-item-dddddddddddd.json)');
    expect(readTest).toContain("import { resources } from '../../src/primitives.js';");
    expect(readTest).toContain("const uri = 'items://9';");
    expect(readTest).toContain("path: '/items/9'");
    expect(readTest).not.toContain('authorization');
    expect(readTest).toContain('text: \'{"id":"9"}\'');
    expect(readTest).toContain('expect(await read).toEqual(result);');
    expect(readTest).not.toContain('rejects');

    const failed = read(repo, 'test/recorded/resource-item-ffffffffffff.ts');
    expect(failed).toContain('await expect(read).rejects.toMatchObject(error);');
    // The error quoted the recording server's base URL: the test expects its own.
    expect(failed).toContain("message: 'Resource items://10 not found (https://upstream.test)'");
    expect(failed).toContain('code: -32002');
    expect(failed).not.toContain('const result');

    const prompt = read(repo, 'test/recorded/prompt-brief-eeeeeeeeeeee.ts');
    expect(prompt).toContain("import { prompts } from '../../src/primitives.js';");
    expect(prompt).toContain("const args = {\n  topic: 'tides',\n};");
    expect(prompt).toContain("text: 'Brief on tides.'");
    expect(prompt).toContain('expect(await prompt.get(args)).toEqual(result);');
    expect(prompt).not.toContain('nock');
    expect(Object.keys(JSON.parse(read(repo, '.mcp-factory.json')).fixtures.files).sort()).toEqual([
      'test/recorded/ping-aaaaaaaaaaaa.ts',
      'test/recorded/ping-cccccccccccc.ts',
      'test/recorded/prompt-brief-eeeeeeeeeeee.ts',
      'test/recorded/resource-item-dddddddddddd.ts',
      'test/recorded/resource-item-ffffffffffff.ts',
    ]);
  });

  it('the re-run rules hold for them: unchanged is untouched, a changed recording updates, an edit refuses', async () => {
    const before = snapshot(repo);
    expect((await fixtures(repo)).failures).toEqual([]);
    expect(snapshot(repo)).toEqual(before);

    writeRecording(repo, 'prompt-brief-eeeeeeeeeeee.json', promptRecording('reefs'));
    expect((await fixtures(repo)).failures).toEqual([]);
    expect(read(repo, 'test/recorded/prompt-brief-eeeeeeeeeeee.ts')).toContain("text: 'Brief on reefs.'");

    writeRecording(repo, 'resource-item-dddddddddddd.json', resourceRecording('11'));
    await expectRefusalAfterEdit(
      repo,
      'test/recorded/resource-item-dddddddddddd.ts',
      (content) => `${content}\n// my own check\n`,
      () => fixtures(repo),
      'refusing to overwrite test/recorded/resource-item-dddddddddddd.ts: it was changed since mcp-factory wrote it',
    );
  });

  it('refuses a resource recording without a uri, naming the file', async () => {
    const { input: _uri, ...rest } = resourceRecording('12');
    fs.writeFileSync(
      path.join(repo, 'recordings', 'resource-item-000000000000.json'),
      JSON.stringify({ ...rest, input: {} }),
    );
    await expectOneLineRefusal(
      repo,
      () => fixtures(repo),
      'recordings/resource-item-000000000000.json: not a valid recording (input: must have a uri)',
    );
    fs.rmSync(path.join(repo, 'recordings', 'resource-item-000000000000.json'));
  });
});

/** The factory's last commit that wrote a jest file per recorded call (test/recorded/<tool>-<key>.test.ts). */
const LAST_TEST_FILE_PER_CALL = '67c6b2b';

describe('fixtures on a repo with a jest file per recorded call (the layout before)', () => {
  let repo: string;
  const A = 'tool-ping-aaaaaaaaaaaa.json';
  const B = 'tool-ping-bbbbbbbbbbbb.json';
  const C = 'tool-ping-cccccccccccc.json';
  const EDIT = '\n// my own check\n';
  beforeAll(async () => {
    repo = await generateServer({ name: 'acme-old-rec', preset: 'rest', baseUrl: 'https://api.example.com' });
    writeRecording(repo, A, recording('1', '{"n":1}'));
    writeRecording(repo, B, recording('2', '{"n":2}'));
    writeRecording(repo, C, recording('3', '{"n":3}'));
    const oldFactory = archivedFactory(LAST_TEST_FILE_PER_CALL, 'mcp-factory-test-per-call-factory-');
    plopOk(oldFactory, ['fixtures', '--dest', repo]);
    for (const key of ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc'])
      expect(fs.existsSync(path.join(repo, `test/recorded/ping-${key}.test.ts`))).toBe(true);
    fs.appendFileSync(path.join(repo, 'test/recorded/ping-bbbbbbbbbbbb.test.ts'), EDIT);
    fs.appendFileSync(path.join(repo, 'test/recorded/ping-cccccccccccc.test.ts'), EDIT);
  }, 120_000);

  it('refuses, with one line, an edited test whose recording changed', async () => {
    writeRecording(repo, B, recording('2', '{"n":22}'));
    await expectOneLineRefusal(
      repo,
      () => fixtures(repo),
      'refusing to replace test/recorded/ping-bbbbbbbbbbbb.test.ts: it was changed since mcp-factory wrote it and its recording changed',
    );
    writeRecording(repo, B, recording('2', '{"n":2}'));
  });

  it('replaces the tests still as written by modules, keeps the edited ones, and records what is where', async () => {
    const { failures } = await fixtures(repo);
    expect(failures).toEqual([]);
    expect(fs.existsSync(path.join(repo, 'test/recorded/ping-aaaaaaaaaaaa.test.ts'))).toBe(false);
    expect(read(repo, 'test/recorded/ping-aaaaaaaaaaaa.ts')).toContain('{"n":1}');
    for (const key of ['bbbbbbbbbbbb', 'cccccccccccc']) {
      expect(read(repo, `test/recorded/ping-${key}.test.ts`).endsWith(EDIT)).toBe(true);
      expect(fs.existsSync(path.join(repo, `test/recorded/ping-${key}.ts`))).toBe(false);
    }
    expect(fs.existsSync(path.join(repo, 'test/recorded.test.ts'))).toBe(true);
    const { files, recordings } = JSON.parse(read(repo, '.mcp-factory.json')).fixtures;
    expect(Object.keys(files).sort()).toEqual([
      'test/recorded/ping-aaaaaaaaaaaa.ts',
      'test/recorded/ping-bbbbbbbbbbbb.test.ts',
      'test/recorded/ping-cccccccccccc.test.ts',
    ]);
    expect(Object.keys(recordings).sort()).toEqual(Object.keys(files).sort());
  });

  it('a re-run changes no byte', async () => {
    const before = snapshot(repo);
    const { failures } = await fixtures(repo);
    expect(failures).toEqual([]);
    expect(snapshot(repo)).toEqual(before);
  });
});
