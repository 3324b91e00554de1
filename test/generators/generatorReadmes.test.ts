// Each generator's folder holds a README of its answers, written from its questions (npm run docs:generators):
// a question, flag or help line changed without running the script fails here, naming the file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { generatorReadmes } from '../../scripts/generatorReadmes.js';
import { FACTORY_GENERATORS } from '../../generators/index.js';
import { FACTORY_ROOT } from '../helpers/fsSnapshot.js';

describe('generators/<name>/README.md', () => {
  const readmes = generatorReadmes();

  it('exists for every generator folder, and only for generators', () => {
    const folders = fs
      .readdirSync(path.join(FACTORY_ROOT, 'generators'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(FACTORY_GENERATORS.map((g) => g.name).sort()).toEqual(folders);
    expect([...readmes.keys()].map((file) => path.basename(path.dirname(file))).sort()).toEqual(folders);
  });

  it.each([...readmes].map(([file, text]) => [path.relative(FACTORY_ROOT, file), text]))(
    '%s lists the answers --help lists (npm run docs:generators rewrites it)',
    (file, text) => {
      expect(fs.readFileSync(path.join(FACTORY_ROOT, file), 'utf8')).toBe(text);
      expect(text).toContain('--dry-run');
    },
  );
});
