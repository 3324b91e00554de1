// The order jest starts the test files in: the known-long files first, longest first, then the rest in
// jest's own order. With a few workers the run ends when the last file does; a long file started last is a long tail
// with one core idle. Jest orders by the durations of the previous run only when its cache holds them (a CI checkout
// has none: it falls back to file size, and the longest e2e files are among the shortest sources).
//
// Plain JavaScript: jest loads a sequencer as it is (its TypeScript loader only reads jest.config.ts), so this file
// is not compiled; its types are in sequencer.d.mts and test/sequencer.test.ts checks it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sequencer from '@jest/test-sequencer';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Test files (from the repository root), longest first, by their durations in a CI run of a fresh clone on the
 * 2-core machine (two files at a time; jest now runs three): the e2e files that grow generated repos and run their tests (0.4 to 1.3
 * minutes each), and the other files of 15 s or more (update: ~30 runs of plop; the runtime's HTTP client and
 * history CLI over PostgreSQL). Only the order is used: a file missing from this list runs
 * after these, in jest's own order (by file size on a fresh clone).
 */
export const LONGEST_FIRST = [
  'test/e2e/recordReplay.e2e.test.ts',
  // Second, though shorter than several: it installs only after ~20 s of checking specs, when the first file's
  // install of the same dependencies is there to start from (test/helpers/generatedRepo.ts, where files that
  // reach the first install of a set together wait for the one that makes it).
  'test/corpus/openapiCorpus.test.ts',
  'test/e2e/method.e2e.test.ts',
  'test/e2e/openapiRealSpec.e2e.test.ts',
  'test/e2e/demo.e2e.test.ts',
  'test/e2e/runtimeMigration.e2e.test.ts',
  'test/e2e/auth.e2e.test.ts',
  'test/e2e/conformance.e2e.test.ts',
  'test/e2e/eject.e2e.test.ts',
  'test/generators/update.test.ts',
  'test/e2e/persistence.e2e.test.ts',
  'test/e2e/presets.e2e.test.ts',
  'test/generators/updateComposed.test.ts',
  'test/e2e/update.e2e.test.ts',
  'test/e2e/factoryCli.e2e.test.ts',
  'runtime/test/http/client.test.ts',
  'test/e2e/realClients.e2e.test.ts',
  'runtime/test/persistence/historyCli.test.ts',
];

/**
 * `tests` with those of LONGEST_FIRST first, in its order, then the others in the order they came.
 * @template {{ path: string }} T
 * @param {T[]} tests
 * @returns {T[]}
 */
export function longestFirst(tests) {
  const rank = new Map(LONGEST_FIRST.map((file, index) => [path.join(ROOT, file), index]));
  const known = tests.filter((test) => rank.has(test.path));
  known.sort((a, b) => (rank.get(a.path) ?? 0) - (rank.get(b.path) ?? 0));
  return [...known, ...tests.filter((test) => !rank.has(test.path))];
}

export default class LongestFirstSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  async sort(tests) {
    // jest's own order for the others (failed first, then its cached durations, then file size); it also records
    // each file's duration for its cache.
    return longestFirst(await super.sort(tests));
  }
}
