// The proof that generated code works: for every LLM preset, generate a server into a temp folder,
// install it (real npm install, shared npm cache), type-check it and run ITS OWN test suite
// (unit + integration + e2e over a real stdio pipe), which must be quiet. The rest preset, with its own
// answers (a base URL with a path, a health path), is installed and tested the same way in
// persistence.e2e.test.ts, whose repo is then switched through auth schemes: one install fewer.
import { describe, expect } from '@jest/globals';
import { presetIds } from '../../engine/contract/presets.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import {
  expectInstall,
  expectQuietReport,
  expectTypecheckAndTests,
  generateServer,
  repoShell,
} from '../helpers/generatedRepo.js';
import { it } from '../helpers/timeouts.js';

const presets: Array<[string, Record<string, unknown>]> = [
  ['perplexity', {}],
  ['gemini', {}],
  ['openai', { baseUrl: 'https://llm.example.com/v1', model: 'local-model' }],
];

it('covers every preset, rest in persistence.e2e.test.ts', () => {
  expect([...presets.map(([preset]) => preset), 'rest'].sort()).toEqual([...presetIds].sort());
});

describe.each(presets)('a generated %s server', (preset, extra) => {
  it('installs, type-checks and passes its own tests', async () => {
    const repo = await generateServer(
      { name: `e2e-${preset}`, preset, ...extra },
      tempDir(`mcp-factory-e2e-${preset}-`),
    );
    const sh = repoShell(repo);
    await expectInstall(sh);
    expectQuietReport(await expectTypecheckAndTests(sh));
  }, 300_000);
});
