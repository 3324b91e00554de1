// `pg` is an optional peer of the runtime: only a server with the postgres backend installs it, so only
// `@mcp-factory/runtime/persistence/postgres` may load it. Each entry is imported in a fresh process that
// then lists the pg modules loaded (the postgres entry is the control: there they are).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { it } from '../../../test/helpers/timeouts.js';

const SRC = path.join(import.meta.dirname, '../../src');

/** How many modules of the pg package a fresh process has loaded after importing `entries`. */
function pgModulesAfter(entries: string[]): number {
  const script = `
    ${entries.map((e) => `await import(${JSON.stringify(path.join(SRC, e))});`).join('\n')}
    const { createRequire } = await import('node:module');
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    process.stdout.write(String(loaded.filter((file) => /[\\\\/]node_modules[\\\\/]pg[\\\\/]/.test(file)).length));
  `;
  // Through tsx, not a bundle (helpers/bundledFixture.ts): a bundle would take pg's modules in, the very thing counted.
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return Number(run.stdout);
}

describe('which persistence entries load pg', () => {
  it('the shared entry and the jsonl backend never do; the postgres backend does', () => {
    expect(pgModulesAfter(['persistence/index.ts', 'persistence/jsonl.ts'])).toBe(0);
    expect(pgModulesAfter(['persistence/postgres.ts'])).toBeGreaterThan(0);
  }, 30_000);
});
