// `npx plop openapi`: one tested tool per operation of a local OpenAPI spec, inside a server repo:
// src/tools/<name>.ts (input schema from the spec, parameters serialised as it says), its nock unit
// test, its registration and README line, one end-to-end block calling every new tool, and
// src/openapi.ts (the request builder) once. Same registration steps as `method`.
import path from 'node:path';
import { steps, type Step } from '../actions/index.js';
import { contentHash } from '../actions/renderTree.js';
import { defineGenerator } from '../contract/defineGenerator.js';
import { registerTools } from '../shared/registerTool.js';
import { openapiQuestions, planOpenapi, type OpenapiPlan } from './answers.js';
import { operationTemplateData } from './templateData.js';

/** The staged work of a plan into `repo` (`.` inside a server repo; the new repo's folder for `server --openapi`). */
export function openapiSteps(plan: OpenapiPlan, repo: string): Step[] {
  const tools = plan.operations.map((op) => ({ op, data: operationTemplateData(op, plan.prefix) }));
  const casesJson = JSON.stringify(
    tools.map(({ op, data }) => [op.name, data.sample.input, op.httpMethod, data.sample.path]),
  );
  const casesFile = `openapi-${plan.specName.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9-]+/g, '-')}.cases`;
  return [
    steps.renderTree({ from: 'openapi/runtime', to: repo, data: {} }),
    ...tools.map(({ data }) =>
      steps.renderTree({ from: 'openapi/tool', to: repo, data, owned: plan.owned, preformatted: data.preformatted }),
    ),
    ...registerTools(
      repo,
      tools.map(({ data }) => ({ data, readmeLine: data.readmeLine })),
    ),
    steps.renderTree({ from: 'openapi/cases', to: repo, data: { casesFile, casesJson }, owned: plan.owned }),
    steps.injectPartial({
      repo,
      marker: 'e2e-tests',
      partial: 'openapi/e2e.ts.ejs',
      data: { specName: plan.specName, prefix: plan.prefix, casesFile },
    }),
    // Last: the hashes of what this run writes go into its record, so a later run with a changed spec
    // may replace exactly the files nobody edited since.
    {
      name: 'hashWritten',
      async run({ tree }) {
        const files = [
          ...tools.flatMap(({ data }) => [`src/tools/${data.toolFile}.ts`, `test/unit/${data.toolFile}.test.ts`]),
          `test/e2e/${casesFile}.json`,
        ];
        for (const file of files) {
          const content = tree.read(path.join(repo, file));
          if (content !== undefined) plan.written[file] = contentHash(content);
        }
        return `${files.length} generated file(s) hashed for later updates`;
      },
    },
  ];
}

export const openapiGenerator = defineGenerator<OpenapiPlan>({
  name: 'openapi',
  description: 'add one tool per operation of a local OpenAPI spec (inside a server repo)',
  target: 'repo',
  questions: openapiQuestions,
  plan: (answers, { dest, manifest }) => planOpenapi(answers, dest, manifest!),
  summary: (plan) =>
    [
      `${plan.operations.length} tool(s) from ${plan.spec}:`,
      ...plan.operations.map((op) => `  ${op.name}: ${op.httpMethod} ${op.path} → src/tools/${op.toolFile}.ts`),
      ...plan.notes.map((note) => `  note: ${note}`),
    ].join('\n'),
  steps: (plan) => openapiSteps(plan, '.'),
  record: (p) => ({
    spec: p.specKey,
    ...(p.include.length ? { include: p.include.join(',') } : {}),
    ...(p.exclude.length ? { exclude: p.exclude.join(',') } : {}),
    tools: p.operations.map((op) => op.name),
    files: p.written,
  }),
  nextSteps: (plan) =>
    [
      `added ${plan.operations.length} tool(s) from ${plan.spec}. Next:`,
      '  npm test                      # builds, then runs every new unit test and the end-to-end calls',
    ].join('\n'),
});
