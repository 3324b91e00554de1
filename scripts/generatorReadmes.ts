// `npm run docs:generators`: writes generators/<name>/README.md for every factory generator: what it does and its
// answers, each also a flag, exactly as its `--help` prints them (test/generators/generatorReadmes.test.ts keeps
// the files equal to this output, so a question changed without its README fails the tests).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readManifest, type PackGenerator } from '../engine/contract/defineGenerator.js';
import { helpText } from '../engine/contract/questions.js';
import { FACTORY_ROOT } from '../engine/paths.js';
import { factoryVersion } from '../engine/versions.js';
import { FACTORY_GENERATORS } from '../generators/index.js';
import { parseScript, scriptCommand } from './scriptCommand.js';

const FIXTURE_REPO = path.join(FACTORY_ROOT, 'test/fixtures/server-repo');

/** The README of one generator's folder. */
export function generatorReadme(generator: PackGenerator): string {
  // Questions may take their defaults from the repo they grow: the README lists them as the test fixture's small
  // rest server sees them (a new server's generator, as an empty folder does).
  const dest = generator.target === 'new' ? FACTORY_ROOT : FIXTURE_REPO;
  const manifest = generator.target === 'new' ? { factoryVersion, preset: '', runs: [] } : readManifest(dest);
  const ctx = { dest, manifest };
  return [
    `# \`npx plop ${generator.name}\``,
    '',
    `${generator.description[0].toUpperCase()}${generator.description.slice(1)}.`,
    '',
    'Its answers: each is a question when run at a terminal and a flag otherwise (`npx plop ' +
      `${generator.name} -- --flag value\`). Written from the questions by \`npm run docs:generators\`.`,
    '',
    '```',
    helpText(generator.name, generator.questionsOf(ctx)),
    '```',
    '',
  ].join('\n');
}

/** Where each README goes, and its text. */
export function generatorReadmes(): Map<string, string> {
  return new Map(
    FACTORY_GENERATORS.map((g) => [path.join(FACTORY_ROOT, 'generators', g.name, 'README.md'), generatorReadme(g)]),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  parseScript(
    scriptCommand(
      'docs:generators',
      'Writes generators/<name>/README.md for every factory generator: what it does and its answers, as its `--help` ' +
        'prints them.',
    ),
  );
  for (const [file, text] of generatorReadmes()) {
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(FACTORY_ROOT, file)}`);
  }
}
