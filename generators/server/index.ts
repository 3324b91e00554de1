// `npx plop server`: creates a new MCP server repo at <dest>/<name> from templates/server plus the
// preset's first tool (templates/tools/<kind>), registered through the same steps `method` uses.
import path from 'node:path';
import { steps } from '../actions/index.js';
import { registerInCatalog } from '../actions/registerInCatalog.js';
import { defineGenerator } from '../contract/defineGenerator.js';
import { toolNames } from '../shared/naming.js';
import { registerTool } from '../shared/registerTool.js';
import { recordAuth } from '../auth/schemes.js';
import { planFromSpec } from '../openapi/answers.js';
import { specFacts } from '../openapi/facts.js';
import { openapiSteps } from '../openapi/index.js';
import { NO_PERSISTENCE, recordPersistence } from '../persistence/answers.js';
import { persistenceSteps } from '../persistence/index.js';
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
  async plan(answers, { dest }) {
    const plan = planServer(answers, dest);
    if (!answers.openapi) return plan;
    // The preset's first tool keeps its name; the spec's tools are named around it.
    const spec = path.resolve(String(answers.openapi));
    const taken = new Set([plan.preset.tool, toolNames(plan.preset.tool).toolVar]);
    const openapi = await planFromSpec({ ...answers, spec: answers.openapi }, spec, plan.outDir, plan.prefix, taken);
    return { ...plan, openapi: { ...openapi, schemes: specFacts(spec).schemes } };
  },
  repo: (plan) => plan.outDir,
  summary: (plan) =>
    [
      `${plan.name}: ${plan.preset.id} preset, into ${plan.outDir}`,
      ...(plan.openapi
        ? [
            `${plan.openapi.operations.length} tool(s) from ${plan.openapi.spec}, upstream ${plan.baseUrl || `from ${plan.prefix}_BASE_URL at run time`}, auth ${plan.auth.scheme}`,
            ...(plan.baseUrl
              ? []
              : [
                  `  the spec names no server: set ${plan.prefix}_BASE_URL when running the server, or generate with --baseUrl <url>`,
                ]),
            ...plan.openapi.schemes.map((scheme) => `  security scheme ${scheme}`),
            ...plan.openapi.notes.map((note) => `  note: ${note}`),
          ]
        : []),
    ].join('\n'),
  steps(plan) {
    const data = templateData(plan);
    const toolData = { ...data, ...toolNames(plan.preset.tool) };
    return [
      steps.renderTree({ from: 'server', to: plan.outDir, data }),
      steps.renderTree({ from: `tools/${plan.preset.toolKind}`, to: plan.outDir, data: toolData }),
      steps.renderTree({ from: 'auth', to: plan.outDir, data }),
      steps.renderTree({ from: 'http', to: plan.outDir, data }), // shared with `npx plop http`
      ...registerTool({ repo: plan.outDir, data: toolData, readmeLine: plan.preset.toolSummary }),
      ...(plan.openapi ? openapiSteps(plan.openapi, plan.outDir) : []),
      registerInCatalog({ repo: plan.outDir, name: plan.name, mcpName: plan.mcpName }),
      // --persistence: the persistence generator's own steps (one implementation).
      ...(plan.persistence.backend === 'none'
        ? []
        : persistenceSteps(plan.persistence, NO_PERSISTENCE, plan.outDir, { name: plan.name, prefix: plan.prefix })),
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
    ...(p.openapi
      ? {
          openapi: p.openapi.specKey,
          openapiSpecHash: p.openapi.kept.hash,
          ...(p.openapi.include.length ? { include: p.openapi.include.join(',') } : {}),
          ...(p.openapi.exclude.length ? { exclude: p.openapi.exclude.join(',') } : {}),
          openapiTools: p.openapi.operations.map((op) => op.name),
          openapiFiles: p.openapi.written,
        }
      : {}),
    ...recordPersistence(p.persistence, 'persistence'),
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
