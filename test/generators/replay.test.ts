// What `update` relies on: a repo's recorded runs, replayed with the factory that made them, render
// the repo again byte for byte. One repo is grown with every kind of run that records something
// (server, openapi with a spec inside the repo, method, resource, prompt, auth, persistence) and a
// partial overridden in the repo, then replayed in a temp folder through child processes, as update does;
// and a server that composed other generators, from a manifest of each shape (before and since each
// composed generator recorded its own run).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import nodePlop from 'node-plop';
import type { RecordedRun } from '../../engine/actions/recordRun.js';
import { listFiles } from '../../generators/update/plan.js';
import { renderRuns } from '../../generators/update/replay.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { beforeAll, it } from '../helpers/timeouts.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
let repo: string;

async function runIn(dest: string, generator: string, answers: Record<string, unknown>): Promise<void> {
  const { failures } = await (
    await nodePlop(plopfile, { destBasePath: dest, force: false })
  )
    .getGenerator(generator)
    .runActions(answers);
  expect(failures).toEqual([]);
}

/** `server --auth header … --persistence jsonl …`: the answers the fixture manifest from before composition recorded. */
const COMPOSED = {
  name: 'shop',
  preset: 'rest',
  baseUrl: 'https://api.example.com',
  auth: 'header',
  headerName: 'X-Api-Key',
  envVar: 'SHOP_KEY',
  persistence: 'jsonl',
  durability: 'none',
  keepFiles: 3,
};

/** The repo's `mcp-factory` dependency, which update hands to the replayed server run. */
const factorySpecOf = (repo: string): string =>
  JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).devDependencies['mcp-factory'];

/** Every file of `render` as in `repo`, the manifest aside (its factory stamps are the replay's). */
function expectSameRepo(render: string, repo: string): void {
  const [original, again] = [listFiles(repo), listFiles(render)];
  expect([...again.keys()].sort()).toEqual([...original.keys()].sort());
  for (const [file, content] of original)
    if (file !== '.mcp-factory.json') expect({ file, content: again.get(file) }).toEqual({ file, content });
}

beforeAll(async () => {
  const parent = tempDir('mcp-factory-replay-');
  await runIn(parent, 'server', { name: 'shop', preset: 'rest', baseUrl: 'https://api.example.com' });
  repo = path.join(parent, 'shop');
  // The repo's own override of a partial: the runs after it use it, and so must their replays.
  fs.mkdirSync(path.join(repo, '.mcp-factory/partials/readme'), { recursive: true });
  fs.writeFileSync(
    path.join(repo, '.mcp-factory/partials/readme/tool.md.ejs'),
    '- `<%= toolName %>` (ours): <%- description %>',
  );
  fs.mkdirSync(path.join(repo, 'specs'));
  fs.copyFileSync(
    path.join(FACTORY_ROOT, 'test/fixtures/openapi/petstore.yaml'),
    path.join(repo, 'specs/petstore.yaml'),
  );
  await runIn(repo, 'openapi', { spec: 'specs/petstore.yaml' });
  await runIn(repo, 'method', {
    name: 'get_order',
    description: 'Fetch an order',
    path: '/orders/{id}',
    params: 'id:string',
  });
  await runIn(repo, 'resource', { name: 'order', uri: 'orders://{id}', path: '/orders/{id}', list: true });
  await runIn(repo, 'prompt', { name: 'summarize', description: 'Summarize an order', args: 'id:Order id' });
  await runIn(repo, 'auth', { scheme: 'header', headerName: 'X-Api-Key', envVar: 'SHOP_KEY' });
  await runIn(repo, 'persistence', { backend: 'jsonl' });
}, 120_000);

describe('replaying the recorded runs', () => {
  it('renders every file of the repo again, identical, and records the same answers', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
    expect(manifest.runs.map((r: { generator: string }) => r.generator)).toEqual([
      'server',
      'openapi',
      'method',
      'resource',
      'prompt',
      'auth',
      'persistence',
    ]);
    const workDir = tempDir('mcp-factory-replay-work-');
    const factorySpec = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).devDependencies[
      'mcp-factory'
    ];
    const { repo: render } = await renderRuns(
      FACTORY_ROOT,
      manifest.runs,
      { userRepo: repo, factorySpec },
      workDir,
      'this factory',
    );
    expect(fs.existsSync(path.join(render, '.git'))).toBe(false); // a render is compared, never committed
    const [original, again] = [listFiles(repo), listFiles(render)];
    expect(original.get('README.md')).toContain('- `get_order` (ours): Fetch an order');
    expect([...again.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [file, content] of original) expect({ file, content: again.get(file) }).toEqual({ file, content });
    const replayed = JSON.parse(fs.readFileSync(path.join(render, '.mcp-factory.json'), 'utf8'));
    expect(replayed.runs.map((r: { answers: unknown }) => r.answers)).toEqual(
      manifest.runs.map((r: { answers: unknown }) => r.answers),
    );
  }, 120_000);

  it('replays a manifest from before spec copies (the spec path only) from the spec file, as before', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
    const openapi = manifest.runs.find((r: { generator: string }) => r.generator === 'openapi');
    const copy = `.mcp-factory/specs/${openapi.answers.specHash}.yaml`;
    expect(fs.existsSync(path.join(repo, copy))).toBe(true);
    // The older repo: no hash recorded, no copy (a copy of the repo without it).
    const older = path.join(tempDir('mcp-factory-replay-older-'), 'shop');
    fs.cpSync(repo, older, { recursive: true });
    fs.rmSync(path.join(older, '.mcp-factory/specs'), { recursive: true });
    delete openapi.answers.specHash;
    const { repo: render, recorded } = await renderRuns(
      FACTORY_ROOT,
      manifest.runs,
      { userRepo: older },
      tempDir(),
      'this factory',
    );
    expect(fs.readFileSync(path.join(render, copy), 'utf8')).toBe(
      fs.readFileSync(path.join(older, 'specs/petstore.yaml'), 'utf8'),
    );
    expect(recorded.map((runs) => runs.map((r) => r.generator))).toEqual(
      manifest.runs.map((r: { generator: string }) => [r.generator]),
    );
    // Without the spec where the run read it, one line says which run and where to put it back.
    fs.rmSync(path.join(older, 'specs/petstore.yaml'));
    await expect(
      renderRuns(FACTORY_ROOT, manifest.runs, { userRepo: older }, tempDir(), 'this factory'),
    ).rejects.toThrow(
      'cannot replay run 2 (openapi): its OpenAPI spec specs/petstore.yaml is gone from the repo (put it back there)',
    );
  }, 120_000);

  it('replays a server that composed auth, persistence and http: each its own run, the same files', async () => {
    const parent = tempDir('mcp-factory-replay-composed-');
    await runIn(parent, 'server', { ...COMPOSED, http: true });
    const composed = path.join(parent, 'shop');
    const manifest = JSON.parse(fs.readFileSync(path.join(composed, '.mcp-factory.json'), 'utf8'));
    expect(manifest.runs.map((r: { generator: string }) => r.generator)).toEqual([
      'server',
      'auth',
      'persistence',
      'http',
    ]);
    const { repo: render, recorded } = await renderRuns(
      FACTORY_ROOT,
      manifest.runs,
      { userRepo: composed, factorySpec: factorySpecOf(composed) },
      tempDir(),
      'this factory',
    );
    // Each run replays to itself: the server run (its own scheme, no persistence) composes nothing more.
    expect(recorded.map((runs) => runs.map((r) => r.generator))).toEqual([
      ['server'],
      ['auth'],
      ['persistence'],
      ['http'],
    ]);
    expectSameRepo(render, composed);
  }, 120_000);

  it('replays a manifest from before composition (one server run with auth and persistence answers) into separate runs', async () => {
    const parent = tempDir('mcp-factory-replay-composed-');
    await runIn(parent, 'server', COMPOSED);
    const composed = path.join(parent, 'shop');
    const before: { runs: RecordedRun[] } = JSON.parse(
      fs.readFileSync(path.join(FACTORY_ROOT, 'test/fixtures/manifests/server-before-composition.json'), 'utf8'),
    );
    expect(before.runs.map((r) => r.generator)).toEqual(['server']);
    expect(before.runs[0].answers).toMatchObject({ auth: 'header', persistence: 'jsonl' });
    const { repo: render, recorded } = await renderRuns(
      FACTORY_ROOT,
      before.runs,
      { userRepo: composed, factorySpec: factorySpecOf(composed) },
      tempDir(),
      'this factory',
    );
    // The one old run records what this factory records for the same command: a server run, then auth's and persistence's.
    const now = JSON.parse(fs.readFileSync(path.join(composed, '.mcp-factory.json'), 'utf8')).runs;
    const answers = (runs: RecordedRun[]) => runs.map((r) => [r.generator, r.answers]);
    expect(recorded).toHaveLength(1);
    expect(answers(recorded[0])).toEqual(answers(now));
    expect(answers(now).map(([generator]) => generator)).toEqual(['server', 'auth', 'persistence']);
    expectSameRepo(render, composed);
  }, 120_000);

  it("stops at a run of a generator the factory does not have (a team pack's), naming it", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
    const runs = [manifest.runs[0], { generator: 'team-status', answers: { name: 'billing_status' } }];
    await expect(renderRuns(FACTORY_ROOT, runs, { userRepo: repo }, tempDir(), 'this factory')).rejects.toThrow(
      "replaying run 2 (team-status) with this factory failed: not a generator of this factory: update replays only the factory's own generators",
    );
  }, 60_000);
});
