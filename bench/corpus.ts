// `npm run bench:corpus`: the `openapi` generator on real published specs (the APIs.guru directory,
// bench/corpus/corpus.ts), a seeded random sample of them or all of them. For each spec: does
// `npx plop server --openapi` generate, does the repo type-check, do its own unit tests pass; then a
// summary table (counts per stage and per failure class). Figures, not assertions.
//
//   npm run bench:corpus                        # 30 specs, seed CORPUS_SEED, all three stages
//   npm run bench:corpus -- --count 200 --no-tests   # generate + type-check only
//   npm run bench:corpus -- --seed 7 --keep     # another sample; keep the generated repos
//
// The whole directory (`--all`: the 2,628 specs with at least one operation, 125,000 operations, in
// the seed's order; a few hours on 2 shared cores), resumable:
//
//   nice -n 19 npm run bench:corpus -- --all --no-tests --results all.jsonl [--minutes 50]
//
// Specs go through in chunks (--batch repos or --batch-ops operations, whichever comes first): a
// chunk is generated while the previous one type-checks (a program per repo, sharing the parsed node_modules), then its repos
// are deleted. Each finished spec is appended to the --results file (one JSON line); a later run
// with the same file and selection skips them, so a stopped run (or --minutes) resumes where it was.
// The table is printed over every result of the selection in the file. --rerun-failed runs only
// the specs whose last result in the file failed (after a generator fix); the new line wins.
// --reverse takes the selection from its end: a second process (another --results file) on the
// same selection meets the first in the middle. --from N / --to M narrow the selection to the
// seeded order's positions N (counted from 0) to M (excluded), e.g. the half a first run left.
// --report only prints the table of the file.
//
// The README's directory table was measured so: `--all --no-tests --results a.jsonl` and, at the
// same time, `--all --no-tests --reverse --results b.jsonl`, both stopped at the deadline (the
// specs they finished are a seeded random part of the directory); `cat a.jsonl b.jsonl > all.jsonl`;
// `--report --results all.jsonl` (before); after the fixes, `--rerun-failed --results all.jsonl`
// and `--report` again (after).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_PACKAGE, CORPUS_VERSION, ensureCorpus, operationCount, sampleSpecs } from './corpus/corpus.js';
import { checkResults, generate, repoName, sharedNodeModules, type SpecResult } from './corpus/check.js';
import { CORPUS_SEED } from './corpus/classes.js';
import { summary } from './corpus/report.js';
import { keepOption, parseScript, scriptCommand, wholeNumber } from '../scripts/scriptCommand.js';

const values = parseScript<{
  seed: number;
  count: number;
  all?: boolean;
  tests: boolean;
  keep?: boolean;
  batch: number;
  batchOps: number;
  results?: string;
  minutes?: number;
  rerunFailed?: boolean;
  reverse?: boolean;
  report?: boolean;
  from?: number;
  to?: number;
}>(
  scriptCommand(
    'bench:corpus',
    'The `openapi` generator on real published specs (the APIs.guru directory), a seeded random sample or all of ' +
      'them: does `server --openapi` generate, does the repo type-check, do its own unit tests pass; then a table.',
  )
    .option('--seed <n>', "the sample's seed", wholeNumber(), CORPUS_SEED)
    .option('--count <n>', 'specs in the sample', wholeNumber(1), 30)
    .option('--all', "every spec with at least one operation, in the seed's order (hours)")
    .option('--no-tests', "generate and type-check only, not the repos' unit tests")
    .addOption(keepOption('the generated repos'))
    .option('--batch <n>', 'repos per chunk', wholeNumber(1), 25)
    .option('--batch-ops <n>', 'operations per chunk (past its first spec)', wholeNumber(1), 2000)
    .option('--results <file>', 'append each finished spec to <file> (a JSON line); a later run with it skips them')
    .option('--minutes <n>', 'start no chunk after <n> minutes', wholeNumber(1))
    .option('--rerun-failed', 'only the specs whose last result in the --results file failed')
    .option('--reverse', 'take the selection from its end')
    .option('--report', 'only print the table of the --results file')
    .option('--from <n>', "from the seeded order's position <n> (counted from 0)", wholeNumber())
    .option('--to <n>', 'to position <n> (excluded)', wholeNumber()),
);
const say = (text: string) => process.stderr.write(`${text}\n`);

/** The results already in the --results file (a line per spec; a spec's latest line wins). */
function readResults(file: string | undefined): Map<string, SpecResult> {
  const done = new Map<string, SpecResult>();
  if (!file || !fs.existsSync(file)) return done;
  for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const result = JSON.parse(line) as SpecResult;
    done.set(result.spec, result);
  }
  return done;
}

/** Consecutive chunks of at most `size` specs and (past the first spec) `ops` operations. */
function chunks<T extends { operations: number }>(items: T[], size: number, ops: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let sum = 0;
  for (const item of items) {
    if (current.length && (current.length >= size || sum + item.operations > ops)) {
      out.push(current);
      current = [];
      sum = 0;
    }
    current.push(item);
    sum += item.operations;
  }
  if (current.length) out.push(current);
  return out;
}

async function main(): Promise<void> {
  const seed = values.seed;
  const tested = values.tests;
  const started = Date.now();
  const deadline = values.minutes ? started + values.minutes * 60_000 : Infinity;
  const api = await ensureCorpus(say);
  const drawn = values.all
    ? sampleSpecs(api, seed, Infinity, { min: 1, max: Infinity })
    : sampleSpecs(api, seed, values.count);
  const specs = drawn.slice(values.from ?? 0, values.to);
  const done = readResults(values.results);
  const todo = specs
    .map((spec, index) => ({ spec, index, operations: operationCount(path.join(api, spec)) }))
    .filter(({ spec }) =>
      values.report ? false : values.rerunFailed ? done.get(spec)?.failed !== undefined : !done.has(spec),
    );
  if (values.reverse) todo.reverse();
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-factory-corpus-'));
  process.env.MCP_FACTORY_HOME = path.join(parent, 'factory-home'); // keep corpus servers out of the catalog
  say(
    `… ${specs.length} specs of ${CORPUS_PACKAGE}@${CORPUS_VERSION} (seed ${seed}), ${todo.length} to run, in ${parent}`,
  );
  const record = (results: SpecResult[]) => {
    for (const r of results) done.set(r.spec, r);
    if (values.results) fs.appendFileSync(values.results, results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  };

  const nodeModules = todo.length ? await sharedNodeModules(parent) : '';
  const size = values.batch;
  let finishing: Promise<void> = Promise.resolve();
  let n = 0;
  for (const chunk of chunks(todo, size, values.batchOps)) {
    if (Date.now() > deadline) break;
    const results: SpecResult[] = [];
    for (const { spec, index, operations } of chunk) {
      const generated = await generate(path.join(api, spec), parent, repoName(spec, index), nodeModules);
      // The spec's path in the reason as the corpus names it (not where it is installed).
      if (generated.reason) generated.reason = generated.reason.split(`${api}${path.sep}`).join('');
      results.push({ spec, operations, ...generated });
      if (generated.failed) say(`  ${spec}: generate: ${generated.reason}`);
    }
    await finishing; // the previous chunk's type-check ran while this one generated
    n += chunk.length;
    say(`… ${n}/${todo.length} generated (${Math.round((Date.now() - started) / 1000)} s); checking ${chunk.length}`);
    finishing = checkResults(results, nodeModules, parent, tested, say).then(() => {
      for (const r of results) {
        if (r.repo && !values.keep) fs.rmSync(r.repo, { recursive: true, force: true });
        delete r.repo;
      }
      record(results);
    });
  }
  await finishing;
  const selected = specs.flatMap((spec) => done.get(spec) ?? []);
  process.stdout.write(
    `${summary(selected, { seed, of: specs.length, tested, table: !values.all, seconds: (Date.now() - started) / 1000 })}\n`,
  );
  if (!values.keep) fs.rmSync(parent, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`[ERROR] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
