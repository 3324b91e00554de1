// A repo whose spec tools each have a jest file (test/unit/<tool>.test.ts, the factory before
// test/unit/openapi/) takes an `openapi` run of the current factory: each tool's test becomes its module in
// test/unit/openapi/, run by test/unit/openapi.test.ts; an old test file still as written is removed, one the
// user changed is kept and named.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { archivedFactory, plopOk } from '../helpers/fixtureFactory.js';
import { beforeAll, it } from '../helpers/timeouts.js';

/** The factory's last commit that wrote a jest file per spec tool. */
const LAST_TEST_FILE_PER_TOOL = '67c6b2b';

let repo: string;
let output: string;
const exists = (file: string) => fs.existsSync(path.join(repo, file));
const EDITED = '// my own case\n';

beforeAll(() => {
  const oldFactory = archivedFactory(LAST_TEST_FILE_PER_TOOL, 'mcp-factory-test-per-tool-factory-');
  const parent = tempDir('mcp-factory-test-per-tool-');
  repo = path.join(parent, 'older');
  const spec = path.join(parent, 'petstore.yaml');
  fs.copyFileSync(path.join(FACTORY_ROOT, 'test/fixtures/openapi/petstore.yaml'), spec);
  const server = ['--name', 'older', '--preset', 'rest', '--baseUrl', 'https://api.example.com'];
  plopOk(oldFactory, ['server', '--dest', parent, '--', ...server, '--openapi', spec, '--include', 'tag:pets']);
  expect(exists('test/unit/listPets.test.ts')).toBe(true);
  expect(exists('test/unit/openapi.test.ts')).toBe(false);
  fs.appendFileSync(path.join(repo, 'test/unit/createPet.test.ts'), EDITED);
  output = plopOk(FACTORY_ROOT, ['openapi', '--dest', repo, '--', '--spec', spec, '--include', 'tag:pets']);
}, 240_000);

describe('an openapi run on a repo with a jest file per spec tool', () => {
  it('writes every tool a module in test/unit/openapi/ and the jest file that runs them', () => {
    const tools = fs.readdirSync(path.join(repo, 'src/tools')).filter((file) => file !== 'ping.ts');
    expect(tools.length).toBeGreaterThan(2);
    expect(fs.readdirSync(path.join(repo, 'test/unit/openapi')).sort()).toEqual(tools.sort());
    expect(exists('test/unit/openapi.test.ts')).toBe(true);
  });

  it('removes the old test files still as written, keeps and names the one the user changed', () => {
    const left = fs.readdirSync(path.join(repo, 'test/unit')).filter((file) => file.endsWith('.test.ts'));
    expect(left.sort()).toEqual(['auth.test.ts', 'createPet.test.ts', 'openapi.test.ts', 'ping.test.ts']);
    expect(fs.readFileSync(path.join(repo, 'test/unit/createPet.test.ts'), 'utf8').endsWith(EDITED)).toBe(true);
    expect(output).toMatch(
      /\d+ test file\(s\) of the earlier layout \(a jest file per tool\) replaced by test\/unit\/openapi\//,
    );
    expect(output).toContain(
      'kept, as you changed them (they test the tools as they were): test/unit/createPet.test.ts',
    );
  });

  it('records the modules as what it wrote, for the next run of the spec', () => {
    const { runs } = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
    const files = Object.keys(runs.at(-1).answers.files);
    expect(files).toContain('test/unit/openapi/listPets.ts');
    expect(files.filter((file) => /^test\/unit\/[^/]+\.test\.ts$/.test(file))).toEqual([]);
  });
});
