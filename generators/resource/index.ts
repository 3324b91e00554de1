// `npx plop resource`: adds one resource (a fixed URI or a URI template) backed by one upstream GET to
// an existing server repo: src/resources/<name>.ts, its nock unit test, its registration in
// src/resources/index.ts, an end-to-end test, a README line and a record in .mcp-factory.json.
import { steps } from '../actions/index.js';
import { defineGenerator } from '../contract/defineGenerator.js';
import { planResource, resourceQuestions, type ResourcePlan } from './answers.js';
import { resourceTemplateData } from './templateData.js';

export const resourceGenerator = defineGenerator<ResourcePlan>({
  name: 'resource',
  description: 'add a resource or resource template read from one upstream GET (inside a server repo)',
  target: 'repo',
  questions: ({ dest }) => resourceQuestions(dest),
  plan: (answers, { dest, manifest }) => planResource(answers, dest, manifest!),
  summary: (plan) => `${plan.name}: ${plan.uri} ← GET ${plan.path} → src/resources/${plan.resourceFile}.ts`,
  steps(plan) {
    const data = resourceTemplateData(plan);
    return [
      steps.renderTree({ from: 'resource', to: '.', data }),
      steps.injectPartial({ repo: '.', marker: 'resource-imports', partial: 'resources/import.ts.ejs', data }),
      steps.injectPartial({ repo: '.', marker: 'resources', partial: 'resources/register.ts.ejs', data }),
      steps.injectPartial({ repo: '.', marker: 'readme-resources', partial: 'readme/resource.md.ejs', data }),
      steps.injectPartial({ repo: '.', marker: 'e2e-tests', partial: 'resource/e2e.ts.ejs', data }),
    ];
  },
  record: (p) => ({
    name: p.name,
    uri: p.uri,
    path: p.path,
    title: p.title,
    description: p.description,
    mimeType: p.mimeType,
    ...(p.list ? { list: true, listPath: p.listPath } : {}),
  }),
  nextSteps: (plan) =>
    [
      `added resource ${plan.name} (src/resources/${plan.resourceFile}.ts, test/unit/${plan.resourceFile}.resource.test.ts). Next:`,
      '  npm test                      # builds, then runs the new unit and end-to-end tests',
    ].join('\n'),
});
