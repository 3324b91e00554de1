// `npx plop prompt`: adds one prompt template to an existing server repo: src/prompts/<name>.ts (its
// arguments and completions), src/prompts/<name>.md (the message, EJS, yours to edit), its unit test,
// its registration in src/primitives.ts, an end-to-end test, a README line and a record.
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { addPrimitive } from '../../engine/primitives/primitives.js';
import { planPrompt, promptQuestions } from './answers.js';
import { promptTemplateData } from './templateData.js';

export const promptGenerator = defineGenerator({
  name: 'prompt',
  description: 'add a prompt template with arguments and an editable message (inside a server repo)',
  target: 'repo',
  questions: ({ dest }) => promptQuestions(dest),
  plan: (answers, { dest, manifest }) => planPrompt(answers, dest, manifest),
  summary: (plan) =>
    `${plan.name}(${plan.args.map((a) => `${a.name}${a.required ? '' : '?'}`).join(', ')}) → src/prompts/${plan.promptFile}.ts, src/prompts/${plan.name}.md`,
  steps: (plan) => addPrimitive('prompt', promptTemplateData(plan)),
  record: (p) => ({
    name: p.name,
    title: p.title,
    description: p.description,
    args: p.argsSpec,
    ...(p.completeSpec ? { complete: p.completeSpec } : {}),
  }),
  nextSteps: (plan) =>
    [
      `added prompt ${plan.name}: edit its message in src/prompts/${plan.name}.md (EJS: <%- argument %>). Next:`,
      '  npm test                      # builds, then runs the new unit and end-to-end tests',
    ].join('\n'),
});
