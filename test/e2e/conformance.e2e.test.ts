// The official MCP conformance suite against a generated server in HTTP mode, stateless and
// --stateful: one generated repo, installed and built once. Only the scenarios that need no
// fixture tools, resources or prompts run here (initialize, ping, tools/list, DNS rebinding
// protection, and in stateful mode several SSE streams per session); the fixture scenarios need a
// test-only generator pack that does not exist yet.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { installConformance, type ConformanceSuite } from '../helpers/conformance.js';
import { installedRestServer } from '../helpers/generatedRepo.js';

const COMMON = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];
const modes: Array<[string, string[], string[]]> = [
  ['stateless', [], COMMON],
  // A stateless server has no session to hold several streams: that scenario only warns there.
  ['stateful', ['--stateful'], [...COMMON, 'server-sse-multiple-streams']],
];

let repo: string;
let suite: ConformanceSuite;
const stops: Array<() => void> = [];
const startedAt = Date.now();

/** The built server on a free port; resolves with its /mcp URL once it logs where it listens. */
function serve(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [path.join(repo, 'dist/index.js'), '--http', '--port', '0', ...args], {
    cwd: repo,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  stops.push(() => child.kill('SIGKILL'));
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const port = /listening on [^ ]+:(\d+)\//.exec(stderr)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}/mcp`);
      }
    });
  });
}

beforeAll(async () => {
  const [server, installed] = await Promise.all([installedRestServer('conformance'), installConformance()]);
  repo = server.repo;
  suite = installed;
  const build = await server.sh`npm run build`;
  expect(build.exitCode).toBe(0);
}, 300_000);

afterAll(() => {
  for (const stop of stops) stop();
  process.stderr.write(`conformance e2e: ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all\n`);
});

describe('the official conformance suite against a generated server over HTTP', () => {
  it.each(modes)(
    '%s: every scenario it runs passes',
    async (_mode, args, scenarios) => {
      const url = await serve(args);
      for (const scenario of scenarios) {
        const result = await suite.run(url, scenario);
        if (!result.passed) process.stderr.write(result.output);
        expect({ scenario, statuses: result.statuses, passed: result.passed }).toEqual({
          scenario,
          statuses: result.statuses,
          passed: true,
        });
      }
    },
    120_000,
  );
});
