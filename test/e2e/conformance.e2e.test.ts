// The official MCP conformance suite against one generated server in HTTP mode, installed and built
// once, with the suite's fixtures (test_simple_text, test://static-text, test_simple_prompt, …,
// logging/setLevel, completion/complete) added by a test-only pack written with the generator
// contract (test/fixtures/conformance-pack). 2025 era (suite 0.1.16), stateful: every active
// scenario; stateless: all but the four where the server asks the client mid-call (sampling,
// elicitation and its two variants): the client's answer would reach another, fresh server instance,
// so they cannot work without sessions. 2026-07-28 (suite 0.2.0-alpha, `--requirements 2026-07-28`,
// one run per mode): every scored scenario, stateless and `--stateful` alike (that revision has no
// sessions: a stateful server serves its requests through the stateless handler).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import { installConformance, type ConformanceSuite, type ScenarioResult } from '../helpers/conformance.js';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';
import { installedRestServer } from '../helpers/generatedRepo.js';
import { afterAll, beforeAll, it, scaled } from '../helpers/timeouts.js';

const run = promisify(execFile);

const MID_CALL = [
  'tools-call-sampling',
  'tools-call-elicitation',
  'elicitation-sep1034-defaults',
  'elicitation-sep1330-enums',
];
// The suite's active server scenarios (`conformance list --server`, those a full run executes: the stateful test runs
// the whole suite and finds exactly these).
const ACTIVE = [
  'server-initialize',
  'logging-set-level',
  'ping',
  'completion-complete',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-with-logging',
  'tools-call-error',
  'tools-call-with-progress',
  ...MID_CALL,
  'server-sse-multiple-streams',
  'resources-list',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'resources-subscribe',
  'resources-unsubscribe',
  'prompts-list',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
  'dns-rebinding-protection',
];
const modes: Array<[string, string[], string[]]> = [
  ['stateful', ['--stateful'], ACTIVE],
  ['stateless', [], ACTIVE.filter((s) => !MID_CALL.includes(s))],
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
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), scaled(15_000));
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

/** The fixtures pack's generator, run in the repo as `npx plop conformance-fixtures` would. */
async function addFixtures(dir: string): Promise<void> {
  const plopfile = path.join(dir, 'plopfile-conformance.js');
  const packs = [
    path.join(FACTORY_ROOT, 'plopfile.ts'),
    path.join(FACTORY_ROOT, 'test/fixtures/conformance-pack/plopfile.js'),
  ];
  fs.writeFileSync(
    plopfile,
    `import { loadPacks } from 'mcp-factory';\nexport default (plop) => loadPacks(plop, ${JSON.stringify(packs)});\n`,
  );
  const plop = await nodePlop(plopfile, { destBasePath: dir, force: false });
  const { failures } = await plop.getGenerator('conformance-fixtures').runActions({});
  fs.rmSync(plopfile);
  expect(failures).toEqual([]);
}

beforeAll(async () => {
  const [server, installed] = await Promise.all([installedRestServer('conformance'), installConformance()]);
  repo = server.repo;
  suite = installed;
  await addFixtures(repo);
  const build = await server.sh`npm run build`;
  if (build.exitCode !== 0) process.stderr.write(`${build.stdout}\n${build.stderr}\n`);
  expect(build.exitCode).toBe(0);
  process.stderr.write(`conformance e2e: ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
}, 300_000);

afterAll(() => {
  for (const stop of stops) stop();
  process.stderr.write(`conformance e2e: ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all\n`);
});

describe('the official conformance suite against a generated server over HTTP', () => {
  it.each(modes)(
    '%s: every scenario it runs passes',
    async (mode, args, scenarios) => {
      const url = await serve(args);
      // Stateful passes every active scenario: one run of the suite's runner does them all. Stateless runs those it
      // can pass one by one (a run of the whole suite would also run the four mid-call ones, which cannot pass there).
      const whole = mode === 'stateful';
      const results: ScenarioResult[] = whole ? await suite.runActive(url) : [];
      if (!whole) for (const scenario of scenarios) results.push(await suite.run(url, scenario));
      const failed = results.filter((r) => !r.passed);
      // A whole run's output is one, shared by its scenarios.
      for (const r of whole ? failed.slice(0, 1) : failed) process.stderr.write(r.output);
      const warned = results.filter((r) => Object.values(r.statuses).includes('WARNING')).map((r) => r.scenario);
      process.stderr.write(
        `conformance ${mode}: ${results.filter((r) => r.passed).length}/${scenarios.length} passed; warnings: ${warned.join(', ') || 'none'}\n`,
      );
      expect(failed.map((r) => [r.scenario, r.statuses])).toEqual([]);
      // Each scenario once, and none but those (a whole run: the suite's active list is still ACTIVE).
      expect(results.map((r) => r.scenario).sort()).toEqual([...scenarios].sort());
    },
    240_000,
  );
});

describe('the official conformance suite, 2026-07-28 requirements, against the same server', () => {
  it.each(modes.map(([mode, args]) => [mode, args] as const))(
    '%s: every scored scenario passes',
    async (mode, args) => {
      const results = await suite.runRequirements(await serve(args), '2026-07-28');
      for (const r of results.filter((r) => !r.passed))
        process.stderr.write(`${r.scenario}: ${JSON.stringify(r.statuses)}\n`);
      const warned = results.filter((r) => Object.values(r.statuses).includes('WARNING')).map((r) => r.scenario);
      process.stderr.write(
        `conformance 2026-07-28 ${mode}: ${results.filter((r) => r.passed).length}/${results.length} scored passed; warnings: ${warned.join(', ') || 'none'}\n`,
      );
      expect(results.filter((r) => !r.passed).map((r) => [r.scenario, r.statuses])).toEqual([]);
      // The pinned suite scores 37 scenarios for 2026-07-28: fewer means some were not run or not read.
      expect(results).toHaveLength(37);
      expect(results.map((r) => r.scenario)).toEqual(
        expect.arrayContaining(['server-stateless', 'input-required-result-tampered-state', 'caching']),
      );
    },
    120_000,
  );
});

describe("the same server's card", () => {
  it('is served at the well-known URI from the facts of its server.json', async () => {
    const url = await serve([]);
    const response = await fetch(new URL('/.well-known/mcp/server-card.json', url));
    expect(response.headers.get('content-type')).toBe('application/mcp-server-card+json');
    const serverJson = JSON.parse(fs.readFileSync(path.join(repo, 'server.json'), 'utf8'));
    expect(await response.json()).toMatchObject({
      name: serverJson.name,
      version: serverJson.version,
      description: serverJson.description,
      remotes: [{ type: 'streamable-http', url }],
    });
  });
});

describe('the official MCP Inspector CLI against the same server over HTTP', () => {
  /** `mcp-inspector --cli <url> --transport http ...`, as a user scripts it; its stdout is the JSON answer. */
  async function inspector(url: string, args: string[]): Promise<Record<string, unknown>> {
    const bin = path.join(FACTORY_ROOT, 'node_modules/.bin/mcp-inspector');
    const { stdout } = await run(bin, ['--cli', url, '--transport', 'http', ...args], {
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: scaled(60_000),
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it.each(modes.map(([mode, args]) => [mode, args] as const))(
    '%s: lists the tools (with their schemas) and calls one',
    async (_mode, args) => {
      const url = await serve(args);
      const { tools } = (await inspector(url, ['--method', 'tools/list'])) as {
        tools: Array<{ name: string; inputSchema: object; outputSchema?: { properties?: object } }>;
      };
      const names = tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['ping', 'test_simple_text', 'test_tool_with_progress']));
      // The preset's ping tool has an output schema: served as JSON Schema by every fresh server instance.
      expect(Object.keys(tools.find((t) => t.name === 'ping')?.outputSchema?.properties ?? {}).sort()).toEqual([
        'body',
        'latencyMs',
        'ok',
        'url',
      ]);
      const called = await inspector(url, ['--method', 'tools/call', '--tool-name', 'test_simple_text']);
      expect(called).toEqual({
        content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
      });
    },
    120_000,
  );
});
