// `npx plop auth` in an installed server, as a user does it, and the proof that the switched repo is the one
// `npx plop server --auth <scheme>` makes. The e2e suites switch one installed repo through several schemes
// (test/e2e/auth.e2e.test.ts and persistence.e2e.test.ts, which share out the schemes): after each switch its files
// are compared byte for byte with a new server generated with that scheme and the same answers (no install), then
// the repo is format-checked, type-checked and passes its own tests. One build and test per scheme thus proves both
// ways to a scheme, and that a switch leaves nothing of the scheme before it.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import type { Shell } from 'zx';
import { flagsOf } from './authSchemes.js';
import { plainOutput } from './cliOutput.js';
import { tempDir } from './fsSnapshot.js';
import { generateServer } from './generatedRepo.js';

/** What a test generated its repo with: the answers of `server`, the auth scheme's aside. */
export type ServerAnswers = Parameters<typeof generateServer>[0];

/** `npx plop auth -- --auth <scheme> <its flags>` in the repo: exit 0, and src/auth.ts names the scheme. */
export async function switchAuth(sh: Shell, repo: string, scheme: string): Promise<void> {
  const run = await sh`npx plop auth -- --auth ${scheme} ${flagsOf(scheme)}`;
  if (run.exitCode !== 0) process.stderr.write(plainOutput(run));
  expect(run.exitCode).toBe(0);
  expect(fs.readFileSync(path.join(repo, 'src/auth.ts'), 'utf8')).toContain(`AUTH_SCHEME = '${scheme}'`);
}

interface Manifest {
  facts: { [fact: string]: unknown };
  runs: Array<{ generator: string; answers: { [answer: string]: unknown } }>;
}

const manifestOf = (repo: string): Manifest =>
  JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8')) as Manifest;

/**
 * Path → sha256 of the repo's files as git sees them (node_modules, dist and data are ignored), without
 * package-lock.json (the install's) and .mcp-factory.json (its runs differ: compared by its facts).
 */
function filesOf(repo: string): { [file: string]: string } {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
  });
  const files = listed
    .split('\0')
    .filter((file) => file && !['package-lock.json', '.mcp-factory.json'].includes(file))
    .filter((file) => fs.existsSync(path.join(repo, file))) // a tracked file a switch removed
    .sort();
  return Object.fromEntries(
    files.map((file) => [
      file,
      crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(repo, file)))
        .digest('hex'),
    ]),
  );
}

/**
 * The repo holds, byte for byte, the files of a new server generated with `generation` and the answers of its
 * last `npx plop auth` run (as .mcp-factory.json recorded them), and records the same facts.
 */
export async function expectSameAsNewServer(repo: string, generation: ServerAnswers): Promise<void> {
  const last = manifestOf(repo)
    .runs.filter((run) => run.generator === 'auth')
    .at(-1);
  expect(last).toBeDefined();
  const { scheme, ...answers } = last?.answers ?? {};
  const fresh = await generateServer({ ...generation, auth: scheme, ...answers }, tempDir('mcp-factory-e2e-fresh-'));
  const files = filesOf(repo);
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['src/auth.ts', 'test/unit/auth.test.ts', 'README.md']));
  expect(files).toEqual(filesOf(fresh));
  expect(manifestOf(repo).facts).toEqual(manifestOf(fresh).facts);
}
