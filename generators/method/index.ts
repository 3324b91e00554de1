// `npx plop method`: adds one tool to an existing server repo: src/tools/<camelName>.ts calling the
// shared upstream client, its nock unit test, its registration in src/tools/index.ts, an end-to-end
// test, a README line and a record in .mcp-factory.json. Everything is validated first and staged in
// the run's tree, so a refusal (or --dry-run) writes nothing.
import path from 'node:path';
import type { NodePlopAPI, PlopGeneratorConfig } from 'node-plop';
import { actions } from '../actions/index.js';
import { renderFile } from '../actions/renderTree.js';
import { treeFor } from '../actions/tree.js';
import { destOf, type Answers } from '../actions/types.js';
import { collectAnswers } from '../shared/collect.js';
import { registerToolActions } from '../shared/registerTool.js';
import { FACTORY_ROOT } from '../server/answers.js';
import { methodQuestions, planMethod, readManifest, TARGETS, type MethodPlan } from './answers.js';
import { methodTemplateData } from './templateData.js';

const planOf = (answers: Answers) => answers.__plan as MethodPlan;
const dataOf = (answers: Answers) => methodTemplateData(planOf(answers));
const partial = (name: string) => path.join(FACTORY_ROOT, 'partials', name);

async function validate(answers: Answers, _config: unknown, plop: NodePlopAPI): Promise<string> {
  const plan = planMethod(answers, destOf(plop));
  answers.__plan = plan;
  return `${plan.name}: ${plan.httpMethod} ${plan.path} → src/tools/${plan.toolFile}.ts`;
}

/** Renders one template to a file whose name depends on the answers (renderTree keeps template names). */
function writeTemplate(template: string, target: (plan: MethodPlan) => string) {
  return async (answers: Answers, _config: unknown, plop: NodePlopAPI): Promise<string> => {
    const tree = treeFor(answers, destOf(plop));
    const file = target(planOf(answers));
    const content = renderFile(path.join(FACTORY_ROOT, 'templates/method', template), dataOf(answers));
    return `${file}: ${tree.create(file, content) === 'staged' ? 'to write' : 'already up to date'}`;
  };
}

function nextSteps(answers: Answers): string {
  const plan = planOf(answers);
  if (answers.dryRun) return 'dry run finished: nothing was written';
  return [
    `added tool ${plan.name} (src/tools/${plan.toolFile}.ts, test/unit/${plan.toolFile}.test.ts). Next:`,
    '  npm test                      # builds, then runs the new unit and end-to-end tests',
  ].join('\n');
}

/**
 * Prompts (every one also a flag), then the same validation as the first action: a refusal (no
 * server repo, tool exists, marker removed) is one `[ERROR]` line before any action runs.
 */
async function prompts(plop: NodePlopAPI, inquirer: never): Promise<Answers> {
  const repo = destOf(plop);
  readManifest(repo); // outside a server repo, say so before asking anything
  const answers = await collectAnswers('method', methodQuestions(repo), inquirer);
  planMethod(answers, repo);
  return answers;
}

export const methodGenerator = (plop: NodePlopAPI): Partial<PlopGeneratorConfig> => ({
  description: 'add a tool that calls one upstream HTTP endpoint (inside a server repo)',
  prompts: ((inquirer: never) => prompts(plop, inquirer)) as never,
  actions: [
    validate as never,
    writeTemplate('tool.ts.ejs', (p) => `src/tools/${p.toolFile}.ts`) as never,
    writeTemplate('tool.test.ts.ejs', (p) => `test/unit/${p.toolFile}.test.ts`) as never,
    ...registerToolActions({ repo: () => '.', vars: dataOf, readmeLine: (a) => dataOf(a).readmeLine }),
    actions.injectPartial({
      path: TARGETS.e2e.file, marker: 'e2e-tests', partial: partial('method/e2e.ts.ejs'), vars: dataOf,
    }),
    actions.recordRun({
      generator: 'method',
      repo: () => '.',
      pick: (a) => {
        const p = planOf(a);
        return { name: p.name, description: p.description, httpMethod: p.httpMethod, path: p.path, params: p.paramsSpec, ...p.annotations };
      },
    }),
    actions.commitTree(),
    nextSteps as never,
  ],
});
