// The corpus report's text: the table of specs (or of the failing ones), the counts per stage over
// all specs and over the specs the generator accepts, and the count per failure class.
import { CORPUS_PACKAGE, CORPUS_VERSION } from './corpus.js';
import type { SpecResult } from './check.js';
import { failureClass, REFUSED } from './classes.js';

const classOf = (r: SpecResult) => (r.failed ? failureClass(r.failed, r.reason ?? '') : '');

function table(results: SpecResult[], tested: boolean): string[] {
  const rows = results.map((r) => [
    r.spec,
    String(r.operations),
    r.failed === 'generate' ? 'no' : 'yes',
    r.failed === 'generate' ? '-' : r.failed === 'typecheck' ? 'no' : 'yes',
    !tested ? 'not run' : r.failed === 'generate' || r.failed === 'typecheck' ? '-' : r.failed ? 'no' : 'yes',
    classOf(r),
  ]);
  const head = ['spec', 'ops', 'generated', 'type-check', 'tests pass', 'failure class'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/**
 * The report. `table`: a row per spec (else only the failing specs, with their reason). `of`: how
 * many specs the selection has (more than `results` when a resumable run is not finished).
 */
export function summary(
  results: SpecResult[],
  options: { seed: number; of: number; tested: boolean; table: boolean; seconds: number },
): string {
  const { tested } = options;
  const refused = results.filter((r) => classOf(r).startsWith(REFUSED));
  const accepted = results.filter((r) => !classOf(r).startsWith(REFUSED));
  const counts = (set: SpecResult[]) => {
    const n = set.length;
    const pct = (k: number) => `${k}/${n} (${n ? ((100 * k) / n).toFixed(1) : '0'} %)`;
    return {
      generated: pct(set.filter((r) => r.failed !== 'generate').length),
      typed: pct(set.filter((r) => !r.failed || r.failed === 'tests').length),
      passed: tested ? pct(set.filter((r) => !r.failed).length) : 'not run',
    };
  };
  const all = counts(results);
  const ok = counts(accepted);
  const failing = results.filter((r) => r.failed);
  const out = [
    ...(options.table
      ? table(results, tested)
      : failing.map((r) => `- ${r.spec} (${r.operations} ops): ${r.failed}: ${classOf(r)}: ${r.reason}`)),
    '',
    `${CORPUS_PACKAGE}@${CORPUS_VERSION}, seed ${options.seed}: ${results.length} of ${options.of} specs` +
      ` (${results.reduce((n, r) => n + r.operations, 0)} operations); this run ${Math.round(options.seconds)} s`,
    `| | all specs | specs the generator accepts |`,
    `| --- | --- | --- |`,
    `| generated | ${all.generated} | ${ok.generated} |`,
    `| type-check | ${all.typed} | ${ok.typed} |`,
    `| tests pass | ${all.passed} | ${ok.passed} |`,
    `| refused (the spec) | ${refused.length} | - |`,
  ];
  const classes = new Map<string, number>();
  for (const r of failing) classes.set(classOf(r), (classes.get(classOf(r)) ?? 0) + 1);
  if (classes.size) {
    out.push('', '| failure class | specs |', '| --- | --- |');
    for (const [c, k] of [...classes].sort((a, b) => b[1] - a[1])) out.push(`| ${c} | ${k} |`);
  }
  return out.join('\n');
}
