// stdout carries JSON-RPC only: once the guard is imported, every console method of any code prints to stderr.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from '@jest/globals';
import { bundledFixture } from './helpers/bundledFixture.js';

/** The guard's module bundled (helpers/bundledFixture.ts): plain node imports it, without tsx's ~0.5 s of CPU. */
const guard = pathToFileURL(bundledFixture(path.join(import.meta.dirname, '../src/stdoutGuard.ts'))).href;

it('routes console output of any code to stderr, never stdout', () => {
  const script = `await import(${JSON.stringify(guard)}); console.log('log'); console.info('info'); console.debug('debug'); console.warn('warn'); console.table(['t']);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^log\ninfo\ndebug\nwarn\n/);
});
