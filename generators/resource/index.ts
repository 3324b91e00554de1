// `npx plop resource`: adds one resource (a fixed URI or a URI template) backed by one upstream GET to
// an existing server repo: src/resources/<name>.ts, its nock unit test, its registration in
// src/primitives.ts, an end-to-end test, a README line and a record in .mcp-factory.json.
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { addPrimitive } from '../../engine/primitives/primitives.js';
import { planResource, resourceQuestions } from './answers.js';
import { resourceTemplateData } from './templateData.js';

export const resourceGenerator = defineGenerator({
  name: 'resource',
  description: 'add a resource or resource template read from one upstream GET (inside a server repo)',
  target: 'repo',
  questions: ({ dest }) => resourceQuestions(dest),
  plan: (answers, { dest, manifest }) => planResource(answers, dest, manifest),
  summary: (plan) => `${plan.name}: ${plan.uri} ← GET ${plan.path} → src/resources/${plan.resourceFile}.ts`,
  steps: (plan) => addPrimitive('resource', resourceTemplateData(plan)),
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
