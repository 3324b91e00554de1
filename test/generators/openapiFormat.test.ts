// The tool files `npx plop openapi` writes come out in the repo's prettier style: printed straight
// into the layout prettier gives them when the repo has the factory's style (no formatting pass: that
// pass was most of the generation time), and formatted by prettier when the repo has its own style.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import nodePlop from 'node-plop';
import * as prettier from 'prettier';
import { FACTORY_ROOT, tempDir } from '../helpers/fsSnapshot.js';
import { generateServer } from '../helpers/generatedRepo.js';
import { syntheticSpec } from '../../bench/openapiSpec.js';
import { selectOperations } from '../../generators/openapi/operations.js';
import { loadSpec } from '../../generators/openapi/spec.js';
import { operationTemplateData } from '../../generators/openapi/templateData.js';

const petstore = path.join(FACTORY_ROOT, 'test/fixtures/openapi/petstore.yaml');

/** Runs `openapi` in `repo` and returns the tool and unit test files it wrote that prettier would change. */
async function unformattedAfter(repo: string, spec: string): Promise<{ written: string[]; unformatted: string[] }> {
  const plop = await nodePlop(path.join(FACTORY_ROOT, 'plopfile.ts'), { destBasePath: repo, force: false });
  const { failures } = await plop.getGenerator('openapi').runActions({ spec });
  expect(failures).toEqual([]);
  const config = await prettier.resolveConfig(path.join(repo, 'package.json'));
  const { runs } = JSON.parse(fs.readFileSync(path.join(repo, '.mcp-factory.json'), 'utf8'));
  const written = Object.keys(runs.at(-1).answers.files).filter((f: string) => f.endsWith('.ts'));
  const unformatted: string[] = [];
  for (const file of written) {
    const text = fs.readFileSync(path.join(repo, file), 'utf8');
    if (!(await prettier.check(text, { ...config, filepath: path.join(repo, file) }))) unformatted.push(file);
  }
  return { written, unformatted };
}

describe('openapi generator output and prettier', () => {
  it('writes the 97 tools of a large spec and the petstore tools already formatted, in the factory style', async () => {
    const repo = await generateServer({ name: 'big', preset: 'rest', baseUrl: 'https://api.example.com' });
    const spec = path.join(tempDir(), 'catalogue.json');
    fs.writeFileSync(spec, JSON.stringify(syntheticSpec(97)));
    // Printed, not formatted: every operation's files skip the formatting pass.
    const { operations } = selectOperations(await loadSpec(spec), { include: [], exclude: [], taken: new Set() });
    expect(operations.filter((op) => !operationTemplateData(op, 'BIG').preformatted)).toEqual([]);
    const big = await unformattedAfter(repo, spec);
    expect(big.written).toHaveLength(2 * 97);
    expect(big.unformatted).toEqual([]);
    const pets = await unformattedAfter(repo, petstore);
    expect(pets.written.length).toBeGreaterThan(10);
    expect(pets.unformatted).toEqual([]);
  });

  it('formats them with prettier in a repo with its own style', async () => {
    const repo = await generateServer({ name: 'narrow', preset: 'rest', baseUrl: 'https://api.example.com' });
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    pkg.prettier = { printWidth: 60, singleQuote: false };
    fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify(pkg, null, 2));
    const { written, unformatted } = await unformattedAfter(repo, petstore);
    expect(written.length).toBeGreaterThan(10);
    expect(unformatted).toEqual([]);
    expect(fs.readFileSync(path.join(repo, 'src/tools/listPets.ts'), 'utf8')).toContain('name: "list_pets",');
  });
});
