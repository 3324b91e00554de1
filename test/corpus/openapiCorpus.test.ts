// The `openapi` generator on real published specs nobody here wrote: a seeded random sample of the
// APIs.guru directory (bench/corpus/corpus.ts installs it once into the OS cache, pinned). Every
// sampled spec's sample inputs pass its tools' input schemas; the first CI_SPECS of them go the
// whole way: `server --openapi` generates, the repo type-checks and its own unit tests pass (one
// installed node_modules for all, a type-check program per repo sharing the parsed node_modules, one jest process for the batch).
// `npm run bench:corpus` runs the whole way on 30 specs (or the directory) and prints a table.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from '@jest/globals';
import { ensureCorpus, sampleSpecs } from '../../bench/corpus/corpus.js';
import { generate, repoName, typecheckAll, unitTests } from '../../bench/corpus/check.js';
import { CORPUS_SEED } from '../../bench/corpus/classes.js';
import { rejectedSamples } from '../../bench/corpus/samples.js';
import { tempDir } from '../helpers/fsSnapshot.js';
import { installedRestServer } from '../helpers/generatedRepo.js';
import { beforeAll, it } from '../helpers/timeouts.js';

/** Specs whose sample inputs are checked (fast: no repo). */
const SAMPLED = 30;
/** Of those, how many are generated, type-checked and tested in CI (the CI time budget: ~4 min). */
const CI_SPECS = 8;

let api: string;
let specs: string[];

beforeAll(async () => {
  api = await ensureCorpus();
  specs = sampleSpecs(api, CORPUS_SEED, SAMPLED);
}, 180_000);

describe(`a seeded sample of real published OpenAPI specs (seed ${CORPUS_SEED})`, () => {
  it(`has ${SAMPLED} specs, drawn again the same by the seed`, () => {
    expect(specs).toHaveLength(SAMPLED);
    expect(sampleSpecs(api, CORPUS_SEED, SAMPLED)).toEqual(specs);
    expect(sampleSpecs(api, CORPUS_SEED + 1, SAMPLED)).not.toEqual(specs);
  });

  it(`every tool's sample input passes the tool's input schema, in all ${SAMPLED} specs`, async () => {
    const rejected: Record<string, string[]> = {};
    for (const spec of specs) {
      const found = await rejectedSamples(path.join(api, spec)).catch((e: unknown) => [`cannot load: ${String(e)}`]);
      if (found.length) rejected[spec] = found.slice(0, 3);
    }
    expect(rejected).toEqual({});
  }, 240_000);

  it(`the first ${CI_SPECS} generate, type-check and pass their own unit tests`, async () => {
    const parent = tempDir('mcp-factory-corpus-');
    process.env.MCP_FACTORY_HOME = path.join(parent, 'factory-home');
    // The node_modules every repo links to: a rest server's, installed as the e2e files install theirs (from the
    // seed of an earlier install of the same dependencies when there is one; bench:corpus installs its own).
    const nodeModules = path.join((await installedRestServer('corpus-shared')).repo, 'node_modules');
    const problems: Record<string, string> = {};
    const repos = new Map<string, string>();
    for (const [i, spec] of specs.slice(0, CI_SPECS).entries()) {
      const result = await generate(path.join(api, spec), parent, repoName(spec, i), nodeModules);
      if (result.repo) repos.set(result.repo, spec);
      else problems[spec] = `generate: ${result.reason}`;
    }
    for (const [repo, reason] of await typecheckAll([...repos.keys()], nodeModules, parent)) {
      problems[repos.get(repo) ?? repo] = `typecheck: ${reason}`;
      repos.delete(repo);
    }
    for (const [repo, reason] of await unitTests([...repos.keys()], nodeModules, parent)) {
      problems[repos.get(repo) ?? repo] = `tests: ${reason}`;
    }
    expect(problems).toEqual({});
    fs.rmSync(parent, { recursive: true, force: true });
  }, 600_000);
});
