// The order the test files start in (test/sequencer.mjs): the known-long ones first, longest first.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { LONGEST_FIRST, longestFirst } from './sequencer.mjs';
import { FACTORY_ROOT } from './helpers/fsSnapshot.js';

const at = (file: string) => ({ path: path.join(FACTORY_ROOT, file) });

describe('the test sequencer', () => {
  it('names only test files that exist, each once', () => {
    expect(LONGEST_FIRST.filter((file) => !fs.existsSync(path.join(FACTORY_ROOT, file)))).toEqual([]);
    expect(new Set(LONGEST_FIRST).size).toBe(LONGEST_FIRST.length);
  });

  it('names every e2e file that installs a generated repo', () => {
    const installing = ['test/e2e', 'test/corpus']
      .flatMap((dir) => fs.readdirSync(path.join(FACTORY_ROOT, dir)).map((file) => `${dir}/${file}`))
      .filter((file) =>
        /expectInstall|installedRestServer|npm run -s demo/.test(
          fs.readFileSync(path.join(FACTORY_ROOT, file), 'utf8'),
        ),
      );
    expect(installing.filter((file) => !LONGEST_FIRST.includes(file))).toEqual([]);
  });

  it('starts the listed files first, in the listed order, then the others in the order they came', () => {
    const [first, second] = LONGEST_FIRST;
    const tests = [at('test/b.test.ts'), at(second ?? ''), at('test/a.test.ts'), at(first ?? '')];
    expect(longestFirst(tests).map((test) => path.relative(FACTORY_ROOT, test.path))).toEqual([
      first,
      second,
      'test/b.test.ts',
      'test/a.test.ts',
    ]);
  });
});
