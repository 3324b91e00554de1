// The proof that generated code works: for every preset, generate a server into a temp folder,
// install it (real npm install, shared npm cache), type-check it and run ITS OWN test suite
// (unit + integration + e2e over a real stdio pipe).
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import { $ } from 'zx';
import { plainOutput } from '../helpers/cliOutput.js';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';

const presets: Array<[string, Record<string, unknown>]> = [
  ['perplexity', {}],
  ['gemini', {}],
  ['openai', { baseUrl: 'https://llm.example.com/v1', model: 'local-model' }],
  ['rest', { baseUrl: 'https://api.example.com/v2', healthPath: '/health' }],
];

describe.each(presets)('a generated %s server', (preset, extra) => {
  it('installs, type-checks and passes its own tests', async () => {
    const parent = tempDir(`mcp-factory-e2e-${preset}-`);
    const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: parent, force: false });
    const name = `e2e-${preset}`;
    const { failures } = await plop.getGenerator('server').runActions({ name, preset, ...extra });
    expect(failures).toEqual([]);

    // The generated repo sets its own NODE_OPTIONS in its scripts; jest's must not leak into it.
    const sh = $({ cwd: path.join(parent, name), quiet: true, nothrow: true, env: { ...process.env, NODE_OPTIONS: '' } });
    const install = await sh`npm install --no-audit --no-fund --prefer-offline`;
    expect(install.exitCode).toBe(0);
    const typecheck = await sh`npx tsc --noEmit`;
    expect(plainOutput(typecheck).trim()).toBe('');
    const test = await sh`npm test`;
    if (test.exitCode !== 0) process.stderr.write(`${test.stdout}\n${test.stderr}\n`);
    expect(test.exitCode).toBe(0);
    const report = plainOutput(test);
    expect(report).toMatch(/Tests:\s+(\d+) passed, \1 total/); // nothing failed, skipped or todo
  }, 300_000);
});
