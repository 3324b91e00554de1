// `npx plop openapi`: one tested tool per operation of a local OpenAPI spec, inside a server repo:
// src/tools/<name>.ts (input schema from the spec, parameters serialised as it says), its nock unit
// test (test/unit/openapi/<name>.ts; test/unit/openapi.test.ts runs them all), its registration and
// README line, and one end-to-end block calling every new tool; what they run on (request building,
// lazy schemas, toolsets) is @mcp-factory/runtime/openapi. Same registration steps as `method`.
import path from 'node:path';
import { steps, type Step } from '../../engine/actions/index.js';
import { contentHash } from '../../engine/actions/renderTree.js';
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { registerTools } from '../../engine/primitives/registerTool.js';
import { openapiQuestions, planOpenapi, type OpenapiPlan, type ToolOutcome } from './answers.js';
import { describeDrift, specDrift, type Drift } from './drift.js';
import { replaceReadmeLines } from './readmeLines.js';
import { keepSpec, specCopyPath } from './specCopy.js';
import { operationTemplateData, type ResponseSampleCache } from './templateData.js';
import { toolNames } from '../../engine/primitives/naming.js';
import { DYNAMIC_TOOLS } from './answers.js';
import { CATALOG_FILE, dynamicTestData, writeCatalog } from './dynamic.js';
import { toolsetsReadme } from './toolsetsReadme.js';
import { LiteralPrinter } from './literal.js';

/** The dynamic mode's three tools, as registerTools takes them. */
const DYNAMIC_TOOL_LINES: Readonly<Record<string, string>> = {
  search_operations: 'finds the API operations by words (name, summary, description, tags, path), ranked and paged',
  describe_operation: "one operation's method, path and input JSON Schema",
  call_operation:
    'calls one operation with validated arguments (same request building, auth and limits as a tool per operation)',
};

/** The tool's unit test module (files/tool), run by test/unit/openapi.test.ts (testRunner). */
export const toolTestFile = (toolFile: string): string => `test/unit/openapi/${toolFile}.ts`;

/**
 * Each tool's test before test/unit/openapi/: a jest file per tool. A run that writes the tool's module removes it when
 * it is still exactly as an earlier run wrote it (its hash in the record), and keeps it, named, when it was changed.
 */
const earlierToolTest = (toolFile: string): string => `test/unit/${toolFile}.test.ts`;

function retireEarlierTests(plan: OpenapiPlan, repo: string, toolFiles: string[]): Step {
  return {
    name: 'retireEarlierTests',
    run: ({ tree }) => {
      const removed: string[] = [];
      const kept: string[] = [];
      for (const file of toolFiles.map(earlierToolTest)) {
        const hash = plan.owned[file];
        const content = hash === undefined ? undefined : tree.read(path.join(repo, file));
        if (content === undefined) continue;
        if (contentHash(content) !== hash) kept.push(file);
        else {
          tree.remove(path.join(repo, file));
          removed.push(file);
        }
      }
      if (!removed.length && !kept.length) return 'no test file of the earlier layout (a jest file per tool)';
      return [
        `${removed.length} test file(s) of the earlier layout (a jest file per tool) replaced by test/unit/openapi/`,
        ...(kept.length ? [`; kept, as you changed them (they test the tools as they were): ${kept.join(', ')}`] : []),
      ].join('');
    },
  };
}

/**
 * The jest file that runs every tool's test module in test/unit/openapi/ (files/runner): jest sets up each test file
 * apart, about half a second of CPU each, so a spec's tools share one. Written when missing, the repo's after that.
 */
const testRunner = (repo: string): Step =>
  steps.renderTree({ from: 'openapi/files/runner', to: repo, data: {}, keepExisting: true });

/** The files dynamic mode writes that a later run of the spec may replace (hashed into the record). */
const DYNAMIC_FILES = [CATALOG_FILE, 'test/unit/openapiOperations.test.ts'];

/** Dynamic mode: the catalog, the three tools over it and their test, instead of one tool per operation. */
function dynamicSteps(plan: OpenapiPlan, repo: string): Step[] {
  const tools = DYNAMIC_TOOLS.map((name) => ({ data: { ...toolNames(name) }, readmeLine: DYNAMIC_TOOL_LINES[name] }));
  return [
    keepSpec(plan.kept, plan.specKey, repo),
    steps.renderTree({
      from: 'openapi/files/dynamic',
      to: repo,
      data: dynamicTestData(plan.operations, plan.prefix, plan.specName),
      owned: plan.owned,
    }),
    writeCatalog(repo, plan.specName, plan.operations),
    ...registerTools(repo, tools),
    toolsetsReadme(repo, plan),
    {
      name: 'hashWritten',
      async run({ tree }) {
        for (const file of DYNAMIC_FILES) {
          const content = tree.read(path.join(repo, file));
          if (content !== undefined) plan.written[file] = contentHash(content);
        }
        const changed = tree.changes().length > 0;
        plan.outcome = { added: [], updated: [], unchanged: [], gone: plan.gone };
        return `${plan.operations.length} operation(s) in the catalog${changed ? '' : ' (unchanged)'}; its files hashed for later updates`;
      },
    },
  ];
}

/** The staged work of a plan into `repo` (`.` inside a server repo; the new repo's folder for `server --openapi`). */
export function openapiSteps(plan: OpenapiPlan, repo: string): Step[] {
  if (plan.toolMode === 'dynamic') return dynamicSteps(plan, repo);
  const samples: ResponseSampleCache = new Map();
  const tools = plan.operations.map((op) => ({ op, data: operationTemplateData(op, plan.prefix, samples) }));
  // The end-to-end cases, printed in prettier's layout (literal.ts) unless the printer cannot (then formatted).
  const casesPrinter = new LiteralPrinter(true);
  const casesJson = casesPrinter
    .file(tools.map(({ op, data }) => [op.name, data.sample.input, op.httpMethod, data.sample.path]))
    .trimEnd();
  const casesFile = `openapi-${plan.specName.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9-]+/g, '-')}.cases`;
  return [
    keepSpec(plan.kept, plan.specKey, repo),
    ...tools.map(({ data }) =>
      steps.renderTree({
        from: 'openapi/files/tool',
        to: repo,
        data,
        owned: plan.owned,
        preformatted: data.preformatted,
      }),
    ),
    testRunner(repo),
    retireEarlierTests(
      plan,
      repo,
      tools.map(({ data }) => data.toolFile),
    ),
    replaceReadmeLines(
      repo,
      tools.map(({ data }) => data),
    ),
    ...registerTools(
      repo,
      tools.map(({ data }) => ({ data, readmeLine: data.readmeLine })),
    ),
    toolsetsReadme(repo, plan),
    steps.renderTree({
      from: 'openapi/files/cases',
      to: repo,
      data: { casesFile, casesJson },
      owned: plan.owned,
      preformatted: casesPrinter.exact,
    }),
    steps.injectPartial({
      repo,
      marker: 'e2e-tests',
      partial: 'openapi/e2e.ts.ejs',
      data: { specName: plan.specName, prefix: plan.prefix, casesFile },
    }),
    // Last: the hashes of what this run writes go into its record, so a later run with a changed spec
    // may replace exactly the files nobody edited since; and what became of each tool.
    {
      name: 'hashWritten',
      async run({ tree }) {
        const changed = new Set(tree.changes().map((c) => tree.abs(c.path)));
        const outcome: ToolOutcome = { added: [], updated: [], unchanged: [], gone: plan.gone };
        for (const { op, data } of tools) {
          const written = [`src/tools/${data.toolFile}.ts`, toolTestFile(data.toolFile)];
          for (const file of written) {
            const content = tree.read(path.join(repo, file));
            if (content !== undefined) plan.written[file] = contentHash(content);
          }
          const touched = written.some((file) => changed.has(tree.abs(path.join(repo, file))));
          outcome[!op.existing ? 'added' : touched ? 'updated' : 'unchanged'].push(op.name);
        }
        const cases = `test/e2e/${casesFile}.json`;
        const content = tree.read(path.join(repo, cases));
        if (content !== undefined) plan.written[cases] = contentHash(content);
        plan.outcome = outcome;
        return `${describeOutcome(outcome)}; their files hashed for later updates`;
      },
    },
  ];
}

/** The answers that shape the tool surface, as a run records them (the defaults are left out: older records replay alike). */
export const recordToolSurface = (p: OpenapiPlan) => ({
  ...(p.toolsets.length ? { toolsets: p.toolsets.join(',') } : {}),
  ...(p.toolMode !== 'static' ? { toolMode: p.toolMode } : {}),
});

/** The tools a run wrote: one per operation, or dynamic mode's three. */
export const recordedTools = (p: OpenapiPlan): string[] =>
  p.toolMode === 'dynamic' ? [...DYNAMIC_TOOLS] : p.operations.map((op) => op.name);

/** `1 tool added (x), 1 updated (y), 2 unchanged, 0 removed`, and the tools no longer in the spec. */
export function describeOutcome({ added, updated, unchanged, gone }: ToolOutcome): string {
  const names = (list: string[]) => (list.length ? ` (${list.join(', ')})` : '');
  return [
    `${added.length} tool(s) added${names(added)}, ${updated.length} updated${names(updated)}, ${unchanged.length} unchanged, 0 removed`,
    ...(gone.length
      ? [`; ${gone.length} no longer in the spec, left in place (remove by hand): ${gone.join(', ')}`]
      : []),
  ].join('');
}

export const openapiGenerator = defineGenerator({
  name: 'openapi',
  description: 'add one tool per operation of a local OpenAPI spec (inside a server repo)',
  target: 'repo',
  questions: openapiQuestions,
  // With the drift from the spec the last run of this spec read (drift.ts), shown in the summary.
  plan: async (answers, { dest, manifest }) => {
    const plan = await planOpenapi(answers, dest, manifest);
    return { ...plan, drift: await specDrift(dest, manifest, plan) };
  },
  summary: (plan) =>
    [
      ...(plan.toolMode === 'dynamic'
        ? [
            `${plan.operations.length} operation(s) from ${plan.spec} in ${CATALOG_FILE}, served by ${DYNAMIC_TOOLS.join(', ')} (dynamic tool mode), in ${plan.toolsetCounts.size} toolset(s)`,
          ]
        : [`${plan.operations.length} tool(s) from ${plan.spec}:`]),
      ...(plan.toolMode === 'dynamic' ? [] : plan.operations).map(
        (op) =>
          `  ${op.name}: ${op.httpMethod} ${op.path} → src/tools/${op.toolFile}.ts${op.existing ? ' (its tool already: rendered again)' : ''}`,
      ),
      ...plan.notes.map((note) => `  note: ${note}`),
      ...(plan.drift ? describeDrift(plan.drift) : []),
    ].join('\n'),
  steps: (plan) => openapiSteps(plan, '.'),
  record: (p) => ({
    spec: p.specKey,
    specHash: p.kept.hash,
    ...(p.include.length ? { include: p.include.join(',') } : {}),
    ...(p.exclude.length ? { exclude: p.exclude.join(',') } : {}),
    ...recordToolSurface(p),
    tools: recordedTools(p),
    files: p.written,
  }),
  nextSteps: (plan) =>
    [
      plan.toolMode === 'dynamic'
        ? `${plan.spec}: ${plan.operations.length} operation(s) in ${CATALOG_FILE} (dynamic tool mode). Next:`
        : // the tools step sets the outcome (it runs before nextSteps)
          `${plan.spec}: ${plan.outcome ? describeOutcome(plan.outcome) : 'tools written'}. Next:`,
      '  npm test                      # builds, then runs every new unit test and the end-to-end calls',
      `  git add ${specCopyPath(plan.kept.hash, plan.specKey)}  # the spec as this run read it: npx plop update replays the run from it`,
    ].join('\n'),
});

// What other generators use of this one (server composes it; update keeps the spec copy it made).
export { planFromSpec, toolSurfaceQuestions, type OpenapiPlan } from './answers.js';
export { specFacts, type SpecFacts } from './facts.js';
export { SPEC_ANSWERS, SPEC_COPIES, specCopyPath } from './specCopy.js';
