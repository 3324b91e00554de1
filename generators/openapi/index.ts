// `npx plop openapi`: one tested tool per operation of a local OpenAPI spec, inside a server repo:
// src/tools/<name>.ts (input schema from the spec, parameters serialised as it says), its nock unit
// test, its registration and README line, one end-to-end block calling every new tool, and
// src/openapi.ts (the request builder) once. Same registration steps as `method`.
import { steps, type Step } from '../actions/index.js';
import { defineGenerator } from '../contract/defineGenerator.js';
import { registerTool } from '../shared/registerTool.js';
import { openapiQuestions, planOpenapi, type OpenapiPlan } from './answers.js';
import { operationTemplateData } from './templateData.js';

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
  steps(plan) {
    const cases = plan.operations.map((op) => {
      const data = operationTemplateData(op, plan.prefix);
      return { op, data };
    });
    const perTool: Step[] = cases.flatMap(({ data }) => [
      steps.renderTree({ from: 'openapi/tool', to: '.', data }),
      ...registerTool({ repo: '.', data, readmeLine: data.readmeLine }),
    ]);
    const casesJson = JSON.stringify(
      cases.map(({ op, data }) => [op.name, data.sample.input, op.httpMethod, data.sample.path]),
    );
    const casesFile = `openapi-${plan.specName.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9-]+/g, '-')}.cases`;
    return [
      steps.renderTree({ from: 'openapi/runtime', to: '.', data: {} }),
      ...perTool,
      steps.renderTree({ from: 'openapi/cases', to: '.', data: { casesFile, casesJson } }),
      steps.injectPartial({
        repo: '.',
        marker: 'e2e-tests',
        partial: 'openapi/e2e.ts.ejs',
        data: { specName: plan.specName, prefix: plan.prefix, casesFile },
      }),
    ];
  },
  record: (p) => ({
    spec: p.spec,
    ...(p.include.length ? { include: p.include.join(',') } : {}),
    ...(p.exclude.length ? { exclude: p.exclude.join(',') } : {}),
    tools: p.operations.map((op) => op.name),
  }),
  nextSteps: (plan) =>
    [
      `added ${plan.operations.length} tool(s) from ${plan.spec}. Next:`,
      '  npm test                      # builds, then runs every new unit test and the end-to-end calls',
    ].join('\n'),
});
