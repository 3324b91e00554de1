// `npx plop http`: the deployment files of HTTP mode (files/: Dockerfile, .dockerignore,
// deploy/kubernetes.yaml), the README section when missing, and the runtime's build in place of a copied
// scripts/build.mjs still as generated. HTTP mode itself is the runtime's (@mcp-factory/runtime/http), served by
// the runtime's entry (`npm start -- --http`) in every new server; a server whose src/index.ts predates it is
// refused with a pointer to `npx plop update`. `npx plop server -- --http` composes this run (recorded as an
// `http` run after the server's).
import fs from 'node:fs';
import path from 'node:path';
import { steps, type Step } from '../../engine/actions/index.js';
import { renderFile } from '../../engine/actions/render.js';
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { serverFacts as repoFacts, type ServerFacts as RepoFacts } from '../../engine/contract/vocabulary.js';
import { UPGRADABLE, entryProblem, upgradeProblem, upgradeStep } from './upgrade.js';

/** README.md: the "HTTP mode" section, above "## Tools" (or at the end), once. */
function readmeStep(data: RepoFacts): Step {
  return {
    name: 'http readme',
    async run({ tree, assets }) {
      const readme = tree.read('README.md');
      if (readme === undefined) return 'README.md: none in this repo';
      if (/^## HTTP mode$/m.test(readme)) return 'README.md: HTTP mode section already there';
      const section = renderFile(assets.partial('http/readme.md.ejs'), { ...data }, assets);
      const at = readme.search(/^## Tools$/m);
      const next =
        at < 0 ? `${readme.trimEnd()}\n\n${section}` : `${readme.slice(0, at)}${section}\n${readme.slice(at)}`;
      await tree.write('README.md', next, false);
      return 'README.md: HTTP mode section added';
    },
  };
}

export const httpGenerator = defineGenerator({
  name: 'http',
  description: 'add the HTTP deployment files (Dockerfile, Kubernetes example) for `npm start -- --http`',
  target: 'repo',
  questions: [],
  plan(_answers, { dest, manifest }) {
    const facts = repoFacts(dest, manifest);
    const entry = path.join(dest, 'src/index.ts');
    const notServing = entryProblem(fs.existsSync(entry) ? fs.readFileSync(entry, 'utf8') : undefined);
    if (notServing) throw new Error(notServing);
    for (const file of UPGRADABLE) {
      const target = path.join(dest, file.path);
      const problem = upgradeProblem(file, fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined);
      if (problem) throw new Error(problem);
    }
    if (!fs.existsSync(path.join(dest, 'package.json'))) throw new Error(`no package.json in ${dest}`);
    return facts;
  },
  summary: (facts) => `${facts.name}: HTTP deployment (Dockerfile, .dockerignore, deploy/kubernetes.yaml)`,
  steps: (facts) => [
    steps.renderTree({ from: 'http/files', to: '.', data: { ...facts } }),
    ...UPGRADABLE.map(upgradeStep),
    readmeStep(facts),
  ],
  record: () => ({}),
  nextSteps: (facts) =>
    [
      `${facts.name} has its HTTP deployment files. Next:`,
      '  npm install && npm test      # builds dist/ (dist/http.js: HTTP mode)',
      '  npm start -- --http          # http://127.0.0.1:3000/mcp; README "HTTP mode"',
      `  docker build -t ${facts.name} .   # Dockerfile; deploy/kubernetes.yaml to adapt`,
    ].join('\n'),
});
