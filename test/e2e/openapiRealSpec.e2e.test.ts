// A server from a real published OpenAPI document: the Blockfrost API (MIT; the file the
// @blockfrost/openapi package ships, a devDependency, never copied into this repo). ~100 of its
// operations (its Cardano tags) become tools with `npx plop server --openapi` and `--include`; the
// repo is installed, type-checked, runs its own tests (a nock unit test per tool, all in one jest file, and
// the end-to-end calls), and the official MCP client lists the tools and calls two of them against a local upstream
// that records the exact requests. The same repo then takes GitHub's REST spec (@octokit/openapi, ~1,100
// operations) in dynamic tool mode: one install covers both, and with <PREFIX>_TOOLSETS naming GitHub's
// toolsets only the three dynamic tools (and ping) are listed.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import { FACTORY_ROOT } from '../../engine/paths.js';
import type { Shell } from 'zx';
import { tempDir } from '../helpers/fsSnapshot.js';
import {
  expectEveryOpenapiModuleRan,
  expectInstall,
  expectTypecheckAndTests,
  generateServer,
  repoShell,
  stdioClientOf,
} from '../helpers/generatedRepo.js';
import { afterAll, beforeAll, it } from '../helpers/timeouts.js';
import { defined } from '../helpers/defined.js';

const published = createRequire(import.meta.url).resolve('@blockfrost/openapi/openapi.yaml');
const github = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
const TAGS = ['Governance', 'Transactions', 'Accounts', 'Pools', 'Blocks', 'Epochs', 'Assets', 'Scripts', 'Addresses']
  .concat('Utilities')
  .map((t) => `tag:Cardano » ${t}`);

const TOOL_INDEPENDENT = ['test/transport/'];
let repo: string;
let sh: Shell;
let generationMs: number;
let githubMs: number;
const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
const upstream = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify([{ ok: true }]));
  });
});

beforeAll(async () => {
  // The published file says `openapi: 3.0.3` but uses 3.1's `type: 'null'` in a few schemas, which
  // the validator rightly refuses; declared as what it is (3.1.0), it validates. Nothing else changes.
  const spec = path.join(tempDir('mcp-factory-blockfrost-'), 'blockfrost.yaml');
  const text = fs.readFileSync(published, 'utf8');
  expect(text).toMatch(/^openapi: 3\.0\.3$/m);
  fs.writeFileSync(spec, text.replace(/^openapi: 3\.0\.3$/m, 'openapi: 3.1.0'));
  const started = performance.now();
  repo = await generateServer({ name: 'blockfrost', preset: 'rest', openapi: spec, include: TAGS.join(',') });
  generationMs = performance.now() - started;
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
  const githubStarted = performance.now();
  const { failures } = await plop.getGenerator('openapi').runActions({ spec: github, toolMode: 'dynamic' });
  githubMs = performance.now() - githubStarted;
  expect(failures).toEqual([]);
  sh = repoShell(repo);
  await expectInstall(sh);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
}, 240_000);

afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

describe('a server from the published Blockfrost OpenAPI document', () => {
  it('has ~100 tools from the spec, its base URL and API key header, and passes its own tests', async () => {
    const { runs } = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
    // The spec's tools are the openapi generator's run, composed by `server --openapi`.
    const tools: string[] = runs.find((run: { generator: string }) => run.generator === 'openapi').answers.tools;
    process.stderr.write(`blockfrost: ${tools.length} tools generated in ${Math.round(generationMs)} ms\n`);
    expect(tools.length).toBeGreaterThanOrEqual(95);
    expect(tools.length).toBeLessThanOrEqual(110);
    expect(fs.readFileSync(path.join(repo, 'src/config.ts'), 'utf8')).toContain(
      "default('https://cardano-mainnet.blockfrost.io/api/v0')",
    );
    expect(fs.readFileSync(path.join(repo, 'src/auth.ts'), 'utf8')).toContain(
      "export const KEY_HEADER = 'project_id';",
    );
    // Suites about the transport, HTTP mode, the build and dev mode do not depend on the tool set;
    // other e2e files run them. Every tool's unit test and the end-to-end calls run here.
    const results = path.join(tempDir('mcp-factory-blockfrost-results-'), 'jest.json');
    const report = await expectTypecheckAndTests(sh, { skip: TOOL_INDEPENDENT, results });
    // The tools' unit tests are modules of one jest file (test/unit/openapi.test.ts): every tool's ran.
    expect(report).toMatch(/PASS\s+test\/unit\/openapi\.test\.ts/);
    expect(expectEveryOpenapiModuleRan(repo, results)).toBe(tools.length);
    expect(report).toMatch(/PASS\s+test\/e2e\/server\.e2e\.test\.ts/);
    // GitHub's operations in dynamic mode: search, describe and request-exact calls of a sample.
    expect(report).toMatch(/PASS\s+test\/unit\/openapiOperations\.test\.ts/);
  }, 420_000);

  it('lists its tools to the official MCP client and sends spec-exact requests', async () => {
    // Built by the test above: npm test builds first (its pretest), and nothing has changed since.
    expect(fs.existsSync(path.join(repo, 'dist/index.js'))).toBe(true);
    const client = await stdioClientOf(repo, {
      BLOCKFROST_BASE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api/v0`,
      BLOCKFROST_API_KEY: 'mainnetTestKey',
    });
    try {
      const { tools } = await client.listTools();
      const history = tools.find((t) => t.name === 'get_accounts_by_stake_address_history');
      expect(history?.annotations).toMatchObject({ readOnlyHint: true });
      expect(history?.inputSchema.required).toEqual(['stake_address']);
      expect(tools.find((t) => t.name === 'post_utils_txs_evaluate_utxos')).toBeDefined();

      const read = await client.callTool({
        name: 'get_accounts_by_stake_address_history',
        arguments: { stake_address: 'stake1u9/x y', count: 5, page: 2, order: 'desc' },
      });
      expect(read.isError).toBeFalsy();
      expect(seen.at(-1)).toMatchObject({
        method: 'GET',
        url: '/api/v0/accounts/stake1u9%2Fx%20y/history?count=5&page=2&order=desc',
        headers: { project_id: 'mainnetTestKey' },
      });

      const cbor = '84a300818258200000000000000000000000000000000000000000000000000000000000000000';
      const evaluate = await client.callTool({
        name: 'post_utils_txs_evaluate_utxos',
        arguments: { version: 6, body: { cbor, additionalUtxoSet: [] } },
      });
      expect(evaluate.isError).toBeFalsy();
      const sent = defined(seen.at(-1), 'a request upstream');
      expect(sent).toMatchObject({ method: 'POST', url: '/api/v0/utils/txs/evaluate/utxos?version=6' });
      expect(sent.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(sent.body)).toEqual({ cbor, additionalUtxoSet: [] });
    } finally {
      await client.close();
    }
  }, 120_000);

  it("serves GitHub's ~1,100 operations through three tools (tools/list under 4 KB) and calls one request-exact", async () => {
    process.stderr.write(`github: dynamic catalog generated in ${Math.round(githubMs)} ms\n`);
    expect(fs.existsSync(path.join(repo, 'dist/index.js'))).toBe(true); // built by the test above
    const client = await stdioClientOf(repo, {
      BLOCKFROST_BASE_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api/v0`,
      BLOCKFROST_API_KEY: 'mainnetTestKey',
      BLOCKFROST_TOOLSETS: 'issues,repos',
    });
    try {
      const listed = await client.listTools();
      expect(listed.tools.map((t) => t.name).sort()).toEqual([
        'call_operation',
        'describe_operation',
        'ping',
        'search_operations',
      ]);
      expect(Buffer.byteLength(JSON.stringify(listed))).toBeLessThanOrEqual(4096);

      const search = await client.callTool({ name: 'search_operations', arguments: { query: 'create an issue' } });
      const text = (search.content as Array<{ text: string }>)[0].text;
      expect(text).toMatch(
        /^issues_create: Create an issue \(POST \/repos\/\{owner\}\/\{repo\}\/issues\) \[issues\]$/m,
      );

      const call = await client.callTool({
        name: 'call_operation',
        arguments: {
          operation: 'issues_create',
          arguments: { owner: 'oct o', repo: 'hello', body: { title: 'Found a bug', labels: ['bug'] } },
        },
      });
      expect(call.isError).toBeFalsy();
      const sent = defined(seen.at(-1), 'a request upstream');
      expect(sent).toMatchObject({
        method: 'POST',
        url: '/api/v0/repos/oct%20o/hello/issues',
        headers: { project_id: 'mainnetTestKey' },
      });
      expect(JSON.parse(sent.body)).toEqual({ title: 'Found a bug', labels: ['bug'] });

      // A toolset left out is not served: its operations are unknown to call_operation.
      const hidden = await client.callTool({ name: 'call_operation', arguments: { operation: 'gists_list' } });
      expect(hidden.isError).toBe(true);
      expect((hidden.content as Array<{ text: string }>)[0].text).toContain(
        'is in toolset gists, which is not enabled',
      );
    } finally {
      await client.close();
    }
  }, 120_000);
});
