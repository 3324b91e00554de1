// `npx plop persistence`: every tool call of the server, present and future, is recorded from the
// one call path (the runtime's defineTool, with the upstream exchanges from its client) into jsonl files
// under the data dir or PostgreSQL; a `history` tool and `history://{id}` resource read them back. The
// code is the runtime's (@mcp-factory/runtime/persistence); the repo gets its choices (src/persistence.ts),
// the wiring in src/index.ts, one test of that wiring, docs, variables and the `history` script. The same
// steps run for `npx plop server --persistence jsonl`. Switching settings replaces the previous render,
// refusing files and sections that were edited by hand.
import fs from 'node:fs';
import path from 'node:path';
import { packageJsonSchema, serverJsonSchema } from '../../engine/actions/editJson.js';
import { steps, type Step } from '../../engine/actions/index.js';
import { defineGenerator } from '../../engine/contract/defineGenerator.js';
import { checkMarkers } from '../../engine/contract/markers.js';
import { serverFacts } from '../../engine/contract/vocabulary.js';
import {
  NO_PERSISTENCE,
  currentPersistence,
  persistenceQuestions,
  planPersistence,
  recordPersistence,
  type PersistencePlan,
} from './answers.js';
import { pick } from '../../engine/versions.js';
import { persistenceTemplateData, persistenceVars, type RepoNames } from './templateData.js';

export interface PersistenceGeneratorPlan {
  persistence: PersistencePlan;
  previous: PersistencePlan;
  repo: RepoNames;
}

/** `npm run history`: the runtime's history CLI, told this server's backend, env prefix and name. */
export function historyScript(plan: PersistencePlan, { name, prefix }: RepoNames): string {
  const url =
    plan.backend === 'postgres' && plan.databaseUrl ? ` --database-url ${JSON.stringify(plan.databaseUrl)}` : '';
  return `mcp-factory-history --backend ${plan.backend} --env-prefix ${prefix} --name ${name}${url}`;
}

/** package.json: the `history` script; for postgres, the driver (an optional peer of the runtime). */
function packageJsonStep(repoDir: string, plan: PersistencePlan, repo: RepoNames): Step {
  const file = `${repoDir}/package.json`;
  return steps.editJson({
    file,
    schema: packageJsonSchema,
    ifMissing: { refuse: (shown) => `cannot add the history script: ${shown} does not exist` },
    edit(json) {
      if (plan.backend === 'none') return { unchanged: 'package.json: no history script (no record is kept)' };
      json.scripts = { ...json.scripts, history: historyScript(plan, repo) };
      // Dependencies are added, never removed: a switch back to jsonl leaves the driver installed.
      if (plan.backend === 'postgres') json.dependencies = sorted({ ...json.dependencies, ...pick(['pg']) });
    },
    summary: (changed) => `package.json: ${changed ? 'history script and dependencies added' : 'already up to date'}`,
  });
}

const sorted = (deps: Record<string, string>) =>
  Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));

/** server.json: the previous backend's variables out, this one's in (after the others). */
function serverJsonStep(repoDir: string, plan: PersistencePlan, previous: PersistencePlan, repo: RepoNames): Step {
  const vars = persistenceVars(plan, repo).map(({ name, description, required, secret }) => ({
    name,
    description,
    isRequired: Boolean(required),
    isSecret: Boolean(secret),
  }));
  const replaced = new Set([...persistenceVars(previous, repo), ...vars].map((v) => v.name));
  return steps.editJson({
    file: `${repoDir}/server.json`,
    schema: serverJsonSchema,
    ifMissing: { summary: 'server.json: none in this repo, nothing to update' },
    edit(json) {
      for (const pkg of json.packages ?? []) {
        pkg.environmentVariables = [...(pkg.environmentVariables ?? []).filter((v) => !replaced.has(v.name)), ...vars];
      }
    },
    summary: (changed) => `server.json: persistence variables ${changed ? 'updated' : 'already up to date'}`,
  });
}

/** The steps that put a backend in place in the repo at `repoDir` (relative to the destination or absolute). */
export function persistenceSteps(
  plan: PersistencePlan,
  previous: PersistencePlan,
  repoDir: string,
  repo: RepoNames,
): Step[] {
  const data = persistenceTemplateData(plan, repo);
  const before = persistenceTemplateData(previous, repo);
  const keeps = plan.backend !== 'none';
  return [
    ...(keeps
      ? [
          steps.renderTree({
            from: 'persistence/files',
            to: repoDir,
            data,
            replaces: previous.backend === 'none' ? undefined : before,
          }),
          steps.injectPartial({
            repo: repoDir,
            marker: 'server-extras-imports',
            partial: 'persistence/import.ts.ejs',
            data,
          }),
          steps.injectPartial({ repo: repoDir, marker: 'server-extras', partial: 'persistence/setup.ts.ejs', data }),
        ]
      : []),
    steps.replaceRegion({
      repo: repoDir,
      marker: 'persistence-docs',
      partial: 'persistence/readme.md.ejs',
      data,
      replaces: before,
    }),
    packageJsonStep(repoDir, plan, repo),
    serverJsonStep(repoDir, plan, previous, repo),
  ];
}

const same = (a: PersistencePlan, b: PersistencePlan) => JSON.stringify(a) === JSON.stringify(b);

export const persistenceGenerator = defineGenerator({
  name: 'persistence',
  description:
    'record every tool call (jsonl files or PostgreSQL), with a history tool and resource (inside a server repo)',
  target: 'repo',
  questions: persistenceQuestions('backend', 'jsonl'),
  plan(answers, { dest, manifest }) {
    const persistence = planPersistence(answers);
    const previous = currentPersistence(manifest);
    if (persistence.backend === 'none' && previous.backend !== 'none') {
      throw new Error(
        '--persistence none: removing persistence is not supported yet (delete src/persistence.ts, test/e2e/persistence.e2e.test.ts and their lines in src/index.ts by hand)',
      );
    }
    checkMarkers(dest, ['server-extras-imports', 'server-extras', 'persistence-docs'], 'add persistence');
    if (previous.backend === 'none' && fs.existsSync(path.join(dest, 'src/tools/history.ts'))) {
      throw new Error(
        'cannot add persistence: this server already has a tool in src/tools/history.ts, and persistence adds a `history` tool (rename yours first)',
      );
    }
    const { name, prefix } = serverFacts(dest, manifest);
    return { persistence, previous, repo: { name, prefix } };
  },
  summary: ({ persistence, previous }) =>
    same(persistence, previous)
      ? `persistence: already ${persistence.backend} (${persistence.durability}); restoring only what is missing`
      : `persistence: ${previous.backend === 'none' ? '' : `${previous.backend} (${previous.durability}) → `}${persistence.backend}${persistence.backend === 'none' ? '' : ` (${persistence.durability})`}`,
  steps: ({ persistence, previous, repo }) => persistenceSteps(persistence, previous, '.', repo),
  record: ({ persistence }) => recordPersistence(persistence, 'backend'),
  facts: ({ persistence }) => ({ persistence: persistence.backend }),
  nextSteps: ({ persistence, repo }) =>
    persistence.backend === 'none'
      ? 'no record is kept.'
      : [
          `every tool call is now recorded (${persistence.backend}, durability ${persistence.durability}). Next:`,
          '  npm test                 # test/e2e/persistence.e2e.test.ts: the built server records a call and reads it back',
          `  npm run history          # the recorded calls; data in ${repo.prefix}_DATA_DIR (default ~/.local/share/${repo.name})`,
        ].join('\n'),
});

export { NO_PERSISTENCE };

// What other generators use of this one (server composes it).
export { persistenceQuestions, planPersistence, recordPersistence, type PersistencePlan } from './answers.js';
