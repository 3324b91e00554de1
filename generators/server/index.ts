// `npx plop server`: creates a new MCP server repo at <dest>/<name> from templates/server plus the
// preset's first tool (templates/tools/<kind>), registered through the same partials `method` uses.
import path from 'node:path';
import type { NodePlopAPI, PlopGeneratorConfig } from 'node-plop';
import { actions } from '../actions/index.js';
import { destOf, type Answers } from '../actions/types.js';
import { collectAnswers } from '../shared/collect.js';
import { FACTORY_ROOT, planServer, serverQuestions, type ServerPlan } from './answers.js';
import { templateData } from './templateData.js';
import { toolNames } from '../shared/naming.js';
import { registerToolActions } from '../shared/registerTool.js';

const planOf = (answers: Answers) => answers.__plan as ServerPlan;
const dataOf = (answers: Answers) => templateData(planOf(answers));
const toolData = (answers: Answers) => ({ ...dataOf(answers), ...toolNames(planOf(answers).preset.tool) });

async function validate(answers: Answers, _config: unknown, plop: NodePlopAPI): Promise<string> {
  const plan = planServer(answers, destOf(plop));
  answers.__plan = plan;
  return `${plan.name}: ${plan.preset.id} preset, into ${plan.outDir}`;
}

/** A path as the user would type it: relative when below the current folder, else absolute. */
function shortPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

function nextSteps(answers: Answers): string {
  const plan = planOf(answers);
  if (answers.dryRun) return 'dry run finished: nothing was written';
  return [
    `created ${plan.name} in ${plan.outDir}. Next:`,
    `  cd ${shortPath(plan.outDir)}`,
    '  npm install && npm test       # unit, integration and end-to-end tests',
    plan.preset.keyRequired ? `  export ${plan.prefix}_API_KEY=...  # your key` : `  # optional: export ${plan.prefix}_API_KEY=...`,
    '  npm run build && npm start    # MCP server on stdio; README.md has client configs',
    '  npx plop method               # add a tool',
  ].join('\n');
}

/** Validates the collected answers (and the target folder) before plop runs any action. */
async function prompts(plop: NodePlopAPI, inquirer: never): Promise<Answers> {
  const answers = await collectAnswers('server', serverQuestions, inquirer);
  planServer(answers, destOf(plop));
  return answers;
}

export const serverGenerator = (plop: NodePlopAPI): Partial<PlopGeneratorConfig> => ({
  description: 'create a new MCP server repo (presets: perplexity, gemini, openai, rest)',
  prompts: ((inquirer: never) => prompts(plop, inquirer)) as never,
  actions: [
    validate as never,
    actions.renderTree({ from: path.join(FACTORY_ROOT, 'templates/server'), to: (a) => planOf(a).outDir, vars: dataOf }),
    actions.renderTree({
      from: (a) => path.join(FACTORY_ROOT, 'templates/tools', planOf(a).preset.toolKind),
      to: (a) => planOf(a).outDir,
      vars: toolData,
    }),
    ...registerToolActions({ repo: (a) => planOf(a).outDir, vars: toolData, readmeLine: (a) => planOf(a).preset.toolSummary }),
    actions.recordRun({
      generator: 'server',
      repo: (a) => planOf(a).outDir,
      pick: (a) => {
        const p = planOf(a);
        return { name: p.name, preset: p.preset.id, description: p.description, baseUrl: p.baseUrl, healthPath: p.healthPath, model: p.model, mcpName: p.mcpName };
      },
    }),
    actions.commitTree(),
    nextSteps as never,
  ],
});
