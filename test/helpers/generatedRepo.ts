// Driving a generated server repo from the factory's e2e tests: a shell in it, its install, and the
// proof that it works (its type-check and its own test suite).
import path from 'node:path';
import { expect } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import nodePlop from 'node-plop';
import { $, type Shell } from 'zx';
import { plainOutput } from './cliOutput.js';
import { oldestNode, packagesExcluding } from './engines.js';
import { FACTORY_ROOT, tempDir } from './fsSnapshot.js';
import { ensureRuntimeTarball } from '../../scripts/runtimeTarball.js';

/** `npx plop server` in-process (node-plop runActions) into `parent`; returns the new repo's folder. */
export async function generateServer(
  answers: { name: string; preset: string } & Record<string, unknown>,
  parent = tempDir(),
): Promise<string> {
  const factory = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
  const { failures } = await factory.getGenerator('server').runActions({ ...answers });
  expect(failures).toEqual([]);
  return path.join(parent, answers.name);
}

/** A generated `rest` server in a fresh temp folder, installed: the starting point of the e2e suites. */
export async function installedRestServer(name: string): Promise<{ parent: string; repo: string; sh: Shell }> {
  const parent = tempDir(`mcp-factory-e2e-${name}-`);
  const repo = await generateServer({ name, preset: 'rest', baseUrl: 'https://api.example.com' }, parent);
  const sh = repoShell(repo);
  await expectInstall(sh);
  return { parent, repo, sh };
}

/** A zx shell in the repo. The repo sets its own NODE_OPTIONS in its scripts; jest's must not leak into it. */
export const repoShell = (cwd: string): Shell =>
  $({ cwd, quiet: true, nothrow: true, env: { ...process.env, NODE_OPTIONS: '' } });

/**
 * A real `npm install`, sharing the npm cache: no EBADENGINE warning, and every installed package runs on the
 * oldest Node the repo's package.json promises.
 */
export async function expectInstall(sh: Shell): Promise<void> {
  await ensureRuntimeTarball(); // the repo depends on it (test/setupRuntime.ts)
  const install = await sh`npm install --no-audit --no-fund --prefer-offline`;
  expect(install.exitCode).toBe(0);
  expect(plainOutput(install)).not.toContain('EBADENGINE');
  const repo = (await sh`pwd`).stdout.trim();
  expect(packagesExcluding(repo, oldestNode(path.join(repo, 'package.json')))).toEqual([]);
}

/**
 * Every generated file is formatted (`npm run format:check`), `tsc --noEmit` prints nothing and
 * `npm test` passes with nothing failed, skipped or todo; returns jest's report. `skip`: test paths left out (suites
 * that other e2e files already run on a repo the change cannot affect).
 */
export async function expectTypecheckAndTests(sh: Shell, { skip = [] }: { skip?: string[] } = {}): Promise<string> {
  const format = await sh`npm run -s format:check`;
  if (format.exitCode !== 0) process.stderr.write(plainOutput(format));
  expect(format.exitCode).toBe(0);
  const typecheck = await sh`npx tsc --noEmit`;
  expect(plainOutput(typecheck).trim()).toBe('');
  const ignore = skip.map((pattern) => `--testPathIgnorePatterns=${pattern}`);
  const test = await sh`npm test -- ${ignore}`;
  if (test.exitCode !== 0) process.stderr.write(`${test.stdout}\n${test.stderr}\n`);
  expect(test.exitCode).toBe(0);
  const report = plainOutput(test);
  expect(report).toMatch(/Tests:\s+(\d+) passed, \1 total/);
  return report;
}

/** The official MCP client connected to a generated repo's built server (dist/index.js) over stdio, with only PATH and `env`. */
export async function stdioClientOf(repo: string, env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.join(repo, 'dist/index.js')],
      env: { PATH: process.env.PATH ?? '', ...env },
      stderr: 'ignore',
    }),
  );
  return client;
}
