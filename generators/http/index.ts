// `npx plop http`: HTTP mode for a server generated before it existed. It writes the same files
// `npx plop server` writes (templates/http: src/http.ts, the entry that binds the runtime's HTTP mode to
// this server, Dockerfile, deploy/), upgrades src/index.ts and scripts/build.mjs when they are still as
// generated, and adds the README section. The HTTP code and its dependencies come with the runtime
// (@mcp-factory/runtime/http). New servers get all of this from `server` directly.
import fs from 'node:fs';
import path from 'node:path';
import { steps, type Step } from '../actions/index.js';
import { renderFile } from '../actions/render.js';
import { defineGenerator } from '../contract/defineGenerator.js';
import { serverFacts as repoFacts, type ServerFacts as RepoFacts } from '../contract/vocabulary.js';
import { UPGRADABLE, upgradeProblem, upgradeStep } from './upgrade.js';

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

export const httpGenerator = defineGenerator<RepoFacts>({
  name: 'http',
  description: 'add HTTP mode (Streamable HTTP, Dockerfile, Kubernetes example) to a server generated before it',
  target: 'repo',
  questions: [],
  plan(_answers, { dest, manifest }) {
    const facts = repoFacts(dest, manifest!);
    for (const file of UPGRADABLE) {
      const target = path.join(dest, file.path);
      const problem = upgradeProblem(file, fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined);
      if (problem) throw new Error(problem);
    }
    if (!fs.existsSync(path.join(dest, 'package.json'))) throw new Error(`no package.json in ${dest}`);
    return facts;
  },
  summary: (facts) => `${facts.name}: HTTP mode (src/http.ts, Dockerfile, deploy/kubernetes.yaml)`,
  steps: (facts) => [
    steps.renderTree({ from: 'http', to: '.', data: { ...facts } }),
    ...UPGRADABLE.map(upgradeStep),
    readmeStep(facts),
  ],
  record: () => ({}),
  nextSteps: (facts) =>
    [
      `${facts.name} now serves HTTP mode too. Next:`,
      '  npm install && npm test      # builds dist/ (dist/http.js: HTTP mode)',
      '  npm start -- --http          # http://127.0.0.1:3000/mcp; README "HTTP mode"',
    ].join('\n'),
});
