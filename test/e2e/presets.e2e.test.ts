// The proof that generated code works: for every preset, generate a server into a temp folder,
// install it (real npm install, shared npm cache), type-check it and run ITS OWN test suite
// (unit + integration + e2e over a real stdio pipe).
import { describe, expect } from '@jest/globals';
import { tempDir } from '../helpers/fsSnapshot.js';
import { expectInstall, expectTypecheckAndTests, generateServer, repoShell } from '../helpers/generatedRepo.js';
import { it } from '../helpers/timeouts.js';

const presets: Array<[string, Record<string, unknown>]> = [
  ['perplexity', {}],
  ['gemini', {}],
  ['openai', { baseUrl: 'https://llm.example.com/v1', model: 'local-model' }],
  ['rest', { baseUrl: 'https://api.example.com/v2', healthPath: '/health' }],
];

describe.each(presets)('a generated %s server', (preset, extra) => {
  it('installs, type-checks and passes its own tests', async () => {
    const repo = await generateServer(
      { name: `e2e-${preset}`, preset, ...extra },
      tempDir(`mcp-factory-e2e-${preset}-`),
    );
    const sh = repoShell(repo);
    await expectInstall(sh);
    const report = await expectTypecheckAndTests(sh);
    // A green run is quiet: the warnings of calls that are meant to fail are asserted by their tests, not
    // printed; no console output from tests, no ExperimentalWarning for jest's VM modules.
    expect(
      report.split('\n').filter((line) => / (warn|error): |ExperimentalWarning:|console\.(log|warn|error)$/.test(line)),
    ).toEqual([]);
  }, 300_000);
});
