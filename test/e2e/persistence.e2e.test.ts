// The proof that `npx plop server --persistence jsonl` makes a working server: one `rest` server (base URL with a
// path, a health path of its own) is generated with persistence (and --http's deployment files, each a composed
// generator's own recorded run) and installed once (the packed runtime, without
// the PostgreSQL driver); it is format-checked, type-checked and passes its own tests quietly, the wiring one
// included (the built server records a call of its tool, read back through the history tool and resource; `npm
// run history` prints it). The stores themselves are tested once, in runtime/test/persistence. Then its auth is
// switched to none and back to bearer (now with a required key), each time the files of a new server with that
// scheme, format-checked, type-checked and passing its own tests: no credential of any scheme reaches a record
// (test/e2e/auth.e2e.test.ts does the same for the other schemes, side by side). Last, it is switched to
// `--persistence postgres`, installed again (pg) and passes its tests (records go to the spill while no database
// URL is set).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import type { Shell } from 'zx';
import { type ServerAnswers, expectSameAsNewServer, switchAuth } from '../helpers/authSwitch.js';
import { plainOutput } from '../helpers/cliOutput.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import {
  expectInstall,
  expectQuietReport,
  expectTypecheckAndTests,
  generateServer,
  repoShell,
} from '../helpers/generatedRepo.js';
import { beforeAll, it } from '../helpers/timeouts.js';

/** One `history` call to the built server over stdio (the official client), recorded in RECORDED_DATA_DIR. */
const CALL_HISTORY = `
const { Client } = await import('@modelcontextprotocol/client');
const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
const client = new Client({ name: 'e2e', version: '0' });
await client.connect(new StdioClientTransport({ command: process.execPath, args: ['dist/index.js'],
  env: { PATH: process.env.PATH, RECORDED_DATA_DIR: process.env.RECORDED_DATA_DIR, RECORDED_DURABILITY: 'always' } }));
await client.callTool({ name: 'history', arguments: {} });
await client.close();
`;

// The rest preset's own answers (presets.e2e.test.ts has the others): a base URL with a path, a health path.
const generation: ServerAnswers = {
  name: 'recorded',
  preset: 'rest',
  baseUrl: 'https://api.example.com/v2',
  healthPath: '/health',
  persistence: 'jsonl',
  http: true, // the http generator's deployment files too, composed in the same run
};

let repo: string;
let sh: Shell;

beforeAll(async () => {
  const parent = tempDir('mcp-factory-e2e-persistence-');
  // CI runs as root, where the embedded PostgreSQL runs as the postgres user: it must reach node_modules.
  fs.chmodSync(parent, 0o755);
  repo = await generateServer(generation, parent);
  sh = repoShell(repo);
  await expectInstall(sh);
}, 180_000);

describe('a server generated with --persistence jsonl', () => {
  it('type-checks and passes its own tests, the persistence ones included', async () => {
    expect(fs.existsSync(path.join(repo, 'node_modules/pg'))).toBe(false); // an optional peer of the runtime
    // --persistence and --http: the persistence and http generators' own runs, recorded after the server's.
    const { runs } = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
    expect(runs.map((r: { generator: string }) => r.generator)).toEqual(['server', 'persistence', 'http']);
    for (const file of ['Dockerfile', '.dockerignore', 'deploy/kubernetes.yaml'])
      expect(fs.existsSync(path.join(repo, file))).toBe(true);
    const report = await expectTypecheckAndTests(sh);
    expect(report).toMatch(/PASS\s+test\/e2e\/persistence\.e2e\.test\.ts/);
    expectQuietReport(report);
    // The test left its records in a temp dir; one more call through the built server, then the history CLI.
    const dataDir = tempDir('mcp-factory-e2e-records-');
    const call = await sh`RECORDED_DATA_DIR=${dataDir} node --input-type=module -e ${CALL_HISTORY}`;
    expect(call.exitCode).toBe(0);
    const history = await sh`RECORDED_DATA_DIR=${dataDir} npm run -s history -- --json`;
    expect(history.exitCode).toBe(0);
    expect(JSON.parse(history.stdout.trim())).toMatchObject({ tool: 'history', outcome: 'ok' });
  }, 300_000);

  it.each(['none', 'bearer'])(
    'npx plop auth --auth %s: the files of a new server with it; type-checks and passes its own tests, no credential in a record',
    async (scheme) => {
      await switchAuth(sh, repo, scheme);
      await expectSameAsNewServer(repo, generation);
      const report = await expectTypecheckAndTests(sh);
      expect(report).toMatch(/PASS\s+test\/unit\/auth\.test\.ts/);
      expect(report).toMatch(/PASS\s+test\/e2e\/persistence\.e2e\.test\.ts/);
    },
    240_000,
  );

  it('switches to postgres; installs the driver, type-checks and passes its persistence test', async () => {
    const run = await sh`npx plop persistence -- --persistence postgres --durability always`;
    if (run.exitCode !== 0) process.stderr.write(plainOutput(run));
    expect(run.exitCode).toBe(0);
    await expectInstall(sh);
    // The build type-checks first (npm prints each script's command): no `tsc --noEmit` of its own.
    const build = await sh`npm run build --loglevel=notice`;
    if (build.exitCode !== 0) process.stderr.write(plainOutput(build));
    expect(build.exitCode).toBe(0);
    expect(plainOutput(build)).toMatch(/^> tsc --noEmit( |$)/m);
    expect(fs.existsSync(path.join(repo, 'node_modules/pg'))).toBe(true);
    const test =
      await sh`NODE_OPTIONS=--experimental-vm-modules node_modules/.bin/jest test/e2e/persistence.e2e.test.ts`;
    if (test.exitCode !== 0) process.stderr.write(plainOutput(test));
    expect(test.exitCode).toBe(0);
    expect(plainOutput(test)).toMatch(/Tests:\s+1 passed, 1 total/);
  }, 300_000);
});
