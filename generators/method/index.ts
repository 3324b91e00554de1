// `npx plop method`: adds one tool to an existing server repo: src/tools/<camelName>.ts calling the
// shared upstream client, its nock unit test, its registration in src/primitives.ts, an end-to-end
// test, a README line and a record in .mcp-factory.json.
import { steps } from '../../engine/actions/index.js';
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { registerTool } from '../../engine/primitives/registerTool.js';
import { methodQuestions, planMethod } from './answers.js';
import { methodTemplateData } from './templateData.js';

export const methodGenerator = defineGenerator({
  name: 'method',
  description: 'add a tool that calls one upstream HTTP endpoint (inside a server repo)',
  target: 'repo',
  questions: ({ dest }) => methodQuestions(dest),
  plan: (answers, { dest, manifest }) => planMethod(answers, dest, manifest),
  summary: (plan) => `${plan.name}: ${plan.httpMethod} ${plan.path} → src/tools/${plan.toolFile}.ts`,
  steps(plan) {
    const data = methodTemplateData(plan);
    return [
      steps.renderTree({ from: 'method/files', to: '.', data }),
      ...registerTool({ repo: '.', data, readmeLine: data.readmeLine }),
      steps.injectPartial({ repo: '.', marker: 'e2e-tests', partial: 'method/e2e.ts.ejs', data }),
    ];
  },
  record: (p) => ({
    name: p.name,
    description: p.description,
    httpMethod: p.httpMethod,
    path: p.path,
    params: p.paramsSpec,
    ...p.annotations,
  }),
  nextSteps: (plan) =>
    [
      `added tool ${plan.name} (src/tools/${plan.toolFile}.ts, test/unit/${plan.toolFile}.test.ts). Next:`,
      '  npm test                      # builds, then runs the new unit and end-to-end tests',
    ].join('\n'),
});
