// `npm run bench:corpus`: the `openapi` generator on real published specs (the APIs.guru directory,
// bench/corpus/corpus.ts), a seeded random sample of them or all of them. For each spec: does
// `npx plop server --openapi` generate, does the repo type-check, do its own unit tests pass; then a
// summary table (counts per stage and per failure class). Figures, not assertions.
//
//   npm run bench:corpus                        # 30 specs, seed CORPUS_SEED, all three stages
//   npm run bench:corpus -- --count 200 --no-tests   # generate + type-check only
//   npm run bench:corpus -- --all --no-tests    # the whole directory
//   npm run bench:corpus -- --seed 7 --keep     # another sample; keep the generated repos
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_PACKAGE, CORPUS_VERSION, ensureCorpus, operationCount, sampleSpecs } from './corpus/corpus.js';
import { generate, repoName, sharedNodeModules, typecheckAll, unitTests, type SpecResult } from './corpus/check.js';
import { CORPUS_SEED, failureClass } from './corpus/classes.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(CORPUS_SEED) },
    count: { type: 'string', default: '30' },
    all: { type: 'boolean', default: false },
    'no-tests': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    batch: { type: 'string', default: '10' },
  },
});
const say = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const seed = Number(values.seed);
  const count = values.all ? Infinity : Number(values.count);
  const api = await ensureCorpus(say);
  const specs = values.all
    ? sampleSpecs(api, seed, Infinity, { min: 1, max: Infinity })
    : sampleSpecs(api, seed, count);
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-corpus-'));
  process.env.MCP_FACTORY_HOME = path.join(parent, 'factory-home'); // keep corpus servers out of the catalog
  say(`… ${specs.length} specs of ${CORPUS_PACKAGE}@${CORPUS_VERSION} (seed ${seed}) in ${parent}`);
  const nodeModules = await sharedNodeModules(parent);

  const results: SpecResult[] = [];
  for (const [i, spec] of specs.entries()) {
    const file = path.join(api, spec);
    const generated = await generate(file, parent, repoName(spec, i), nodeModules);
    results.push({ spec, operations: operationCount(file), ...generated });
    if (generated.failed) say(`  ${spec}: generate: ${generated.reason}`);
  }
  const generated = results.filter((r) => r.repo);
  say(`… type-checking ${generated.length} repos (one tsc program per batch of ${values.batch})`);
  const size = Number(values.batch);
  for (let i = 0; i < generated.length; i += size) {
    const batch = generated.slice(i, i + size);
    const errors = await typecheckAll(
      batch.map((r) => r.repo!),
      nodeModules,
      parent,
    );
    for (const r of batch) {
      const error = errors.get(r.repo!);
      if (error) Object.assign(r, { failed: 'typecheck', reason: error });
      if (error) say(`  ${r.spec}: typecheck: ${error}`);
    }
  }
  if (!values['no-tests']) {
    const ready = results.filter((r) => r.repo && !r.failed);
    for (let i = 0; i < ready.length; i += size) {
      const batch = ready.slice(i, i + size);
      say(`… unit tests of repos ${i + 1}-${i + batch.length} of ${ready.length} (one jest process)`);
      const failures = await unitTests(
        batch.map((r) => r.repo!),
        nodeModules,
        parent,
      );
      for (const r of batch) {
        const reason = failures.get(r.repo!);
        if (reason) Object.assign(r, { failed: 'tests', reason });
        if (reason) say(`  ${r.spec}: tests: ${reason}`);
      }
    }
  }
  print(results, seed, !values['no-tests']);
  if (!values.keep) fs.rmSync(parent, { recursive: true, force: true });
}

function print(results: SpecResult[], seed: number, tested: boolean): void {
  const rows = results.map((r) => [
    r.spec,
    String(r.operations),
    r.failed === 'generate' ? 'no' : 'yes',
    r.failed === 'generate' ? '-' : r.failed === 'typecheck' ? 'no' : 'yes',
    !tested ? 'not run' : r.failed === 'generate' || r.failed === 'typecheck' ? '-' : r.failed ? 'no' : 'yes',
    r.failed ? failureClass(r.failed, r.reason ?? '') : '',
  ]);
  const head = ['spec', 'ops', 'generated', 'type-check', 'tests pass', 'failure class'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  const out = [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const n = results.length;
  const generated = results.filter((r) => r.failed !== 'generate').length;
  const typed = results.filter((r) => !r.failed || r.failed === 'tests').length;
  const passed = results.filter((r) => !r.failed).length;
  const pct = (k: number) => `${k}/${n} (${n ? ((100 * k) / n).toFixed(1) : '0'} %)`;
  out.push(
    '',
    `${CORPUS_PACKAGE}@${CORPUS_VERSION}, seed ${seed}, ${n} specs`,
    `generated:  ${pct(generated)}`,
    `type-check: ${pct(typed)}`,
    `tests pass: ${tested ? pct(passed) : 'not run'}`,
  );
  const classes = new Map<string, number>();
  for (const r of results) {
    if (!r.failed) continue;
    const c = failureClass(r.failed, r.reason ?? '');
    classes.set(c, (classes.get(c) ?? 0) + 1);
  }
  if (classes.size) {
    out.push('', '| failure class | specs |', '| --- | --- |');
    for (const [c, k] of [...classes].sort((a, b) => b[1] - a[1])) out.push(`| ${c} | ${k} |`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[ERROR] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
