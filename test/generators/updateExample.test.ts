// `npx plop update` from the layout with test/fixtures/upstream.ts (the factory as of LAST_UPSTREAM_FIXTURE_FACTORY,
// archived from this checkout's history) to the current one, where the first tool carries its `example` and the
// tests serve it with the runtime's startExampleUpstream: the untouched fixture is removed, and no test of the repo
// (server and persistence e2e) still imports it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { archivedFactory, commitAll, plopOk } from '../helpers/fixtureFactory.js';
import { beforeAll, it } from '../helpers/timeouts.js';

/** The factory's last commit whose servers had a test/fixtures/upstream.ts. */
const LAST_UPSTREAM_FIXTURE_FACTORY = 'decb05a';
const FIXTURE = 'test/fixtures/upstream.ts';

let repo: string;
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');

beforeAll(() => {
  const oldFactory = archivedFactory(LAST_UPSTREAM_FIXTURE_FACTORY, 'mcp-factory-upstream-fixture-factory-');
  const parent = tempDir('mcp-factory-upstream-fixture-');
  repo = path.join(parent, 'older');
  const server = ['--name', 'older', '--preset', 'rest', '--baseUrl', 'https://api.example.com'];
  plopOk(oldFactory, ['server', '--dest', parent, '--', ...server, '--persistence', 'jsonl']);
  expect(read('test/e2e/server.e2e.test.ts')).toContain("from '../fixtures/upstream.js'");
  expect(read('test/e2e/persistence.e2e.test.ts')).toContain("from '../fixtures/upstream.js'");
  commitAll(repo, 'generated with test/fixtures/upstream.ts');
  const output = plopOk(FACTORY_ROOT, ['update', '--dest', repo, '--', '--baseline', oldFactory]);
  expect(output).not.toContain('conflict');
  expect(output).toMatch(new RegExp(`removed +${FIXTURE.replaceAll('.', '\\.')}`));
}, 180_000);

describe('a server generated with test/fixtures/upstream.ts', () => {
  it('is updated: the fixture removed, the tool carries the example its tests serve', () => {
    expect(fs.existsSync(path.join(repo, FIXTURE))).toBe(false);
    expect(read('src/tools/ping.ts')).toMatch(/export const example = \{/);
    expect(read('src/tools/ping.ts')).toMatch(/^ {2}example,$/m);
    const e2e = read('test/e2e/server.e2e.test.ts');
    expect(e2e).toContain("import { example } from '../../src/tools/ping.js';");
    expect(e2e).toContain('startExampleUpstream(example)');
    expect(read('test/e2e/persistence.e2e.test.ts')).toContain('startExampleUpstream(example)');
    for (const file of ['test/e2e/server.e2e.test.ts', 'test/e2e/persistence.e2e.test.ts', 'test/unit/ping.test.ts']) {
      expect(read(file)).not.toContain('fixtures/upstream');
    }
  });
});
