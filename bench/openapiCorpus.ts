// Part of `npm run bench:openapi`: the corpus sample (bench/corpus: a seeded random sample of the
// APIs.guru directory's specs, never hand-picked) the whole way a user goes: `server --openapi`
// generates, the repo type-checks, its own unit tests pass; the report's table and counts per failure
// class. `npm run bench:corpus` runs the same on more specs or the whole directory.
import fs from 'node:fs';
import path from 'node:path';
import { checkResults, generate, repoName, sharedNodeModules, type SpecResult } from './corpus/check.js';
import { CORPUS_SEED } from './corpus/classes.js';
import { ensureCorpus, operationCount, sampleSpecs } from './corpus/corpus.js';
import { summary } from './corpus/report.js';

export async function corpusSample(count: number, parent: string, say: (text: string) => void): Promise<string[]> {
  const started = Date.now();
  const api = await ensureCorpus(say);
  const specs = sampleSpecs(api, CORPUS_SEED, count);
  const folder = path.join(parent, 'corpus');
  fs.mkdirSync(folder, { recursive: true });
  say(`… corpus sample: ${specs.length} specs (seed ${CORPUS_SEED}): generate, type-check, unit tests`);
  const nodeModules = await sharedNodeModules(folder);
  const results: SpecResult[] = [];
  for (const [index, spec] of specs.entries()) {
    const generated = await generate(path.join(api, spec), folder, repoName(spec, index), nodeModules);
    if (generated.reason) generated.reason = generated.reason.split(`${api}${path.sep}`).join('');
    results.push({ spec, operations: operationCount(path.join(api, spec)), ...generated });
  }
  await checkResults(results, nodeModules, folder, true, say);
  for (const r of results) delete r.repo;
  const seconds = (Date.now() - started) / 1000;
  return summary(results, { seed: CORPUS_SEED, of: specs.length, tested: true, table: true, seconds }).split('\n');
}
