// A team pack: Acme's `team-status` generator (a tool that reads one of Acme's service status pages,
// from the pack's own template, with its own test), plus Acme's README line for every tool
// (partials/method/readme.md.ejs overrides the factory's partial of the same name).
// A server repo uses it by loading it after the factory, in its plopfile.js:
//   await plop.load('mcp-factory');
//   await plop.load('@example/mcp-team-pack');
import {
  checkMarkers,
  defineGenerator,
  definePack,
  envPrefix,
  registerTool,
  steps,
  toolNameQuestion,
  toolNames,
} from 'mcp-factory';

const SERVICE = /^[a-z][a-z0-9-]{0,39}$/;

const teamStatus = defineGenerator({
  name: 'team-status',
  description: "add a tool that reads an Acme service's status (GET /status/{service})",
  target: 'repo',
  questions: ({ dest }) => [
    toolNameQuestion(dest),
    {
      name: 'service',
      message: 'Service id',
      help: 'the service whose status the tool reads, e.g. billing (required)',
      check: (v) =>
        SERVICE.test(String(v ?? ''))
          ? undefined
          : `--service must be a lowercase service id such as billing, got "${v ?? ''}"`,
    },
  ],
  plan(answers, { dest, manifest }) {
    checkMarkers(dest, ['tool-imports', 'tools', 'readme-tools'], 'add a tool');
    return {
      name: answers.name,
      service: answers.service,
      prefix: envPrefix(dest, manifest),
      ...toolNames(answers.name),
    };
  },
  summary: (plan) => `${plan.name}: GET /status/${plan.service} → src/tools/${plan.toolFile}.ts`,
  steps: (plan) => [
    steps.renderTree({ from: 'team-status/files', to: '.', data: plan }),
    ...registerTool({
      repo: '.',
      data: plan,
      readmeLine: `status of the ${plan.service} service (\`GET /status/${plan.service}\`, no input)`,
    }),
  ],
  record: ({ name, service }) => ({ name, service }),
  nextSteps: (plan) => `added tool ${plan.name}. Next:\n  npm test`,
});

export default definePack({ name: '@example/mcp-team-pack', root: import.meta.dirname, generators: [teamStatus] });
