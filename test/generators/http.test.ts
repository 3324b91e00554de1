// The `http` generator: a server generated before HTTP mode (rebuilt here from a fresh one: the
// HTTP files taken out, src/index.ts and scripts/build*.mjs as the factory wrote them just before)
// ends up exactly as `npx plop server` writes it today; re-runs change nothing; an edited entry
// file is refused with one line and no byte changed; --dry-run writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { FACTORY_ROOT, snapshot, tempDir } from '../helpers/fsSnapshot.js';
import { expectOneLineRefusal, expectRefusalAfterEdit } from '../helpers/refusal.js';
import { generateServer } from '../helpers/generatedRepo.js';

const plopfile = path.join(FACTORY_ROOT, 'plopfile.ts');
const PRE_HTTP = path.join(FACTORY_ROOT, 'test/fixtures/pre-http');
// HTTP mode itself is the runtime's (@mcp-factory/runtime/http, tested in runtime/test/http): a repo gets the entry
// that binds it to the repo, and the deployment files its author owns.
const HTTP_FILES = ['Dockerfile', '.dockerignore', 'deploy/kubernetes.yaml', 'src/http.ts'];

const http = async (repo: string, answers: Record<string, unknown> = {}) =>
  (await nodePlop(plopfile, { destBasePath: repo, force: false })).getGenerator('http').runActions({ ...answers });
const read = (repo: string, file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const runsOf = (repo: string) =>
  JSON.parse(read(repo, '.mcp-factory.json')).runs.map((r: { generator: string }) => r.generator);

/** A copy of `fresh` as the factory generated it before HTTP mode. */
function preHttpCopy(fresh: string): string {
  const repo = path.join(tempDir('mcp-factory-pre-http-'), 'acme-api');
  fs.cpSync(fresh, repo, { recursive: true });
  for (const file of HTTP_FILES) fs.rmSync(path.join(repo, file));
  fs.rmSync(path.join(repo, 'deploy'), { recursive: true });
  fs.copyFileSync(path.join(PRE_HTTP, 'src/index.ts'), path.join(repo, 'src/index.ts'));
  fs.cpSync(path.join(PRE_HTTP, 'scripts'), path.join(repo, 'scripts'), { recursive: true });
  const pkg = JSON.parse(read(repo, 'package.json'));
  pkg.scripts.build = 'tsc -p tsconfig.build.json && node scripts/build.mjs';
  delete pkg.dependencies['@modelcontextprotocol/node'];
  delete pkg.dependencies.jose;
  fs.writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const readme = read(repo, 'README.md');
  fs.writeFileSync(
    path.join(repo, 'README.md'),
    readme.slice(0, readme.indexOf('## HTTP mode')) + readme.slice(readme.indexOf('## Tools')),
  );
  return repo;
}

describe('http generator', () => {
  let fresh: string;
  let repo: string;
  beforeAll(async () => {
    fresh = await generateServer({ name: 'acme-api', preset: 'rest', baseUrl: 'https://api.example.com' });
    repo = preHttpCopy(fresh);
  });

  it('lists every file the server generator writes from templates/http', () => {
    const rendered = Object.keys(snapshot(fresh)).filter((f) => HTTP_FILES.includes(f));
    expect(rendered.sort()).toEqual([...HTTP_FILES].sort());
  });

  it('refuses a src/index.ts from a factory older than src/extras.ts, saying what to do', async () => {
    await expectRefusalAfterEdit(
      repo,
      'src/index.ts',
      () => fs.readFileSync(path.join(PRE_HTTP, 'src/index.before-extras.ts'), 'utf8'),
      () => http(repo),
      'src/index.ts comes from an older factory version (before src/extras.ts)',
    );
  });

  it('refuses a src/index.ts edited by hand, with one line and no byte changed', async () => {
    await expectRefusalAfterEdit(
      repo,
      'src/index.ts',
      (s) => s.replace('serveStdio(', 'serveStdio(/* mine */ '),
      () => http(repo),
      'src/index.ts was edited or comes from another factory version: serve on stdio only when httpRequested(ENV_PREFIX)',
    );
  });

  it('with --dry-run writes nothing', async () => {
    const before = snapshot(repo);
    const { failures } = await http(repo, { dryRun: true });
    expect(failures).toEqual([]);
    expect(snapshot(repo)).toEqual(before);
  });

  it('gives a pre-HTTP server the files, entry, build, dependencies and README a new server has', async () => {
    const dependencies = JSON.parse(read(repo, 'package.json')).dependencies;
    const { failures } = await http(repo);
    expect(failures).toEqual([]);
    for (const file of [...HTTP_FILES, 'src/index.ts', 'README.md'])
      expect([file, read(repo, file)]).toEqual([file, read(fresh, file)]);
    // The copied build gives way to the runtime's (mcp-factory-build), which bundles HTTP mode.
    expect(fs.readdirSync(path.join(repo, 'scripts'))).toEqual([]);
    const [pkg, freshPkg] = [repo, fresh].map((dir) => JSON.parse(read(dir, 'package.json')));
    expect(pkg.dependencies).toEqual(freshPkg.dependencies);
    expect(pkg.scripts).toEqual(freshPkg.scripts);
    // The HTTP code's own dependencies come with the runtime: the repo's stay as they were, as a new server's are.
    expect(pkg.dependencies).toEqual(dependencies);
    expect(Object.keys(pkg.dependencies)).not.toContain('jose');
    expect(runsOf(repo)).toEqual(['server', 'http']);
  });

  it('changes nothing and records nothing when run again, or on a server that already has HTTP mode', async () => {
    for (const dir of [repo, fresh]) {
      const before = snapshot(dir);
      const { failures } = await http(dir);
      expect(failures).toEqual([]);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('refuses outside a server repo', async () => {
    const empty = tempDir();
    await expectOneLineRefusal(empty, () => http(empty), '.mcp-factory.json');
  });
});
