// `npx plop server`: creates a new MCP server repo at <dest>/<name> from templates/server plus the
// preset's first tool (templates/tools/<kind>), registered through the same steps `method` uses.
import path from 'node:path';
import { steps } from '../actions/index.js';
import { registerInCatalog } from '../actions/registerInCatalog.js';
import { defineGenerator } from '../contract/defineGenerator.js';
import { toolNames } from '../shared/naming.js';
import { registerTool } from '../shared/registerTool.js';
import { recordAuth } from '../auth/schemes.js';
import { planServer, serverQuestions, type ServerPlan } from './answers.js';
import { templateData } from './templateData.js';

/** A path as the user would type it: relative when below the current folder, else absolute. */
function shortPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

export const serverGenerator = defineGenerator<ServerPlan>({
  name: 'server',
  description: 'create a new MCP server repo (presets: perplexity, gemini, openai, rest)',
  target: 'new',
  questions: serverQuestions,
  plan: (answers, { dest }) => planServer(answers, dest),
  repo: (plan) => plan.outDir,
  summary: (plan) => `${plan.name}: ${plan.preset.id} preset, into ${plan.outDir}`,
  steps(plan) {
    const data = templateData(plan);
    const toolData = { ...data, ...toolNames(plan.preset.tool) };
    return [
      steps.renderTree({ from: 'server', to: plan.outDir, data }),
      steps.renderTree({ from: `tools/${plan.preset.toolKind}`, to: plan.outDir, data: toolData }),
      steps.renderTree({ from: 'auth', to: plan.outDir, data }),
      steps.renderTree({ from: 'http', to: plan.outDir, data }), // shared with `npx plop http`
      ...registerTool({ repo: plan.outDir, data: toolData, readmeLine: plan.preset.toolSummary }),
      registerInCatalog({ repo: plan.outDir, name: plan.name, mcpName: plan.mcpName }),
    ];
  },
  record: (p) => ({
    name: p.name,
    preset: p.preset.id,
    description: p.description,
    baseUrl: p.baseUrl,
    healthPath: p.healthPath,
    model: p.model,
    mcpName: p.mcpName,
    ...recordAuth(p.auth, 'auth'),
  }),
  nextSteps: (plan) =>
    [
      `created ${plan.name} in ${plan.outDir}. Next:`,
      `  cd ${shortPath(plan.outDir)}`,
      '  npm install && npm test       # unit, integration and end-to-end tests',
      ...plan.auth.vars
        .filter((v) => v.secret)
        .map((v) => `  ${v.required ? '' : '# optional: '}export ${v.name}=...  # your credential`),
      '  npm run build && npm start    # MCP server on stdio; README.md has client configs',
      '  npm start -- --http           # or Streamable HTTP on 127.0.0.1:3000/mcp (README "HTTP mode")',
      '  npx plop method               # add a tool',
    ].join('\n'),
});
