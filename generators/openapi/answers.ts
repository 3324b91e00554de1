// The `openapi` generator's answers and plan: the spec file, include/exclude filters, the tools
// already in the repo (a hand-written tool keeps its name; tools an earlier run of this spec wrote
// are ours to render again, identically, so a re-run is a no-op).
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../actions/recordRun.js';
import { checkMarkers } from '../contract/markers.js';
import type { Question } from '../contract/questions.js';
import { envPrefix, METHOD_MARKERS } from '../method/answers.js';
import { toolNames } from '../shared/naming.js';
import { parseFilters, selectOperations, type OperationPlan } from './operations.js';
import { loadSpec } from './spec.js';
import { specFacts } from './facts.js';
import { currentAuth } from '../auth/answers.js';

/** Above this many tools several clients cut the list or refuse the server. */
export const TOOL_COUNT_WARNING = 40;

export function openapiQuestions(): Question[] {
  return [
    {
      name: 'spec',
      message: 'OpenAPI spec file (YAML or JSON)',
      help: 'a local OpenAPI 3.0/3.1 (or Swagger 2.0) file, e.g. ./openapi.yaml (required)',
      check: (v) =>
        String(v ?? '').trim() ? undefined : 'missing --spec: give a local OpenAPI file, e.g. --spec ./openapi.yaml',
    },
    {
      name: 'include',
      message: 'Only these operations (tag:x, operationId, /path/glob*), comma-separated (empty for all)',
      help: 'keep only matching operations: tag:<tag>, an operationId, or a path glob such as /pets/*',
      default: () => '',
    },
    {
      name: 'exclude',
      message: 'Leave out these operations (tag:x, operationId, /path/glob*, deprecated)',
      help: 'drop matching operations (same forms as --include, plus deprecated)',
      default: () => '',
    },
  ];
}

/** How runs name a spec: its path relative to the server repo, so runs from anywhere agree. */
export const specKey = (repo: string, spec: string): string =>
  path.relative(repo, path.resolve(repo, spec)).split(path.sep).join('/');

export interface OpenapiPlan {
  /** The spec's path relative to the repo (recorded; earlier runs of the same spec are found by it). */
  specKey: string;
  /** Files earlier runs of this spec wrote, with the hash of what they wrote (replaced while unchanged). */
  owned: Record<string, string>;
  /** Filled while the steps are staged: the files this run writes and their hashes (recorded). */
  written: Record<string, string>;
  spec: string;
  specName: string;
  include: string[];
  exclude: string[];
  prefix: string;
  operations: OperationPlan[];
  notes: string[];
}

/** What earlier runs of this spec (`openapi`, or `server --openapi`) recorded: a key of their answers. */
function earlierRuns(manifest: Manifest, spec: string, openapiKey: string, serverKey: string): unknown[] {
  return (manifest.runs ?? []).flatMap((r) => {
    if (r.generator === 'openapi' && r.answers?.spec === spec) return [r.answers[openapiKey]];
    if (r.generator === 'server' && r.answers?.openapi === spec) return [r.answers[serverKey]];
    return [];
  });
}

/** The files earlier runs of this spec wrote, with their hashes (the latest run wins). */
export function ownedFiles(manifest: Manifest, spec: string): Record<string, string> {
  return Object.assign({}, ...earlierRuns(manifest, spec, 'files', 'openapiFiles').filter(Boolean));
}

/** Tool names (and variables) in src/tools that no earlier run of this spec wrote. */
function takenNames(repo: string, manifest: Manifest, spec: string): Set<string> {
  // Tools an earlier `openapi` run (or `server --openapi`) wrote from this spec.
  const ours = new Set(
    earlierRuns(manifest, spec, 'tools', 'openapiTools').flatMap((tools) => (Array.isArray(tools) ? tools : [])),
  );
  const taken = new Set<string>();
  const dir = path.join(repo, 'src/tools');
  if (!fs.existsSync(dir)) return taken;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const name = /defineTool\(\{\s*name:\s*(['"`])([^'"`]+)\1/.exec(fs.readFileSync(path.join(dir, file), 'utf8'))?.[2];
    if (name && ours.has(name)) continue;
    taken.add(file.replace(/\.ts$/, ''));
    if (name) {
      taken.add(name);
      taken.add(toolNames(name).toolVar);
    }
  }
  return taken;
}

/** The plan for a spec against known tool names (`taken`); `specAt` is where the spec file is. */
export async function planFromSpec(
  answers: Record<string, unknown>,
  specAt: string,
  repoDir: string,
  prefix: string,
  taken: Set<string>,
  owned: Record<string, string> = {},
  earlierTools: readonly string[] = [],
): Promise<OpenapiPlan> {
  const spec = String(answers.spec).trim();
  const doc = await loadSpec(specAt, spec);
  const include = parseFilters(answers.include);
  const exclude = parseFilters(answers.exclude);
  const { operations, notes } = selectOperations(doc, { include, exclude, taken });
  if (operations.length === 0) {
    throw new Error(
      `--spec ${spec}: no operation to add${include.length || exclude.length ? ' (check --include / --exclude)' : ''}`,
    );
  }
  if (operations.length > TOOL_COUNT_WARNING) {
    notes.push(
      `${operations.length} tools: several clients cap the tool count (about ${TOOL_COUNT_WARNING}); narrow it with --include / --exclude`,
    );
  }
  const gone = earlierTools.filter((tool) => !operations.some((op) => op.name === tool));
  if (gone.length)
    notes.push(`no longer in the spec, left in place (remove by hand): ${[...new Set(gone)].join(', ')}`);
  const key = specKey(repoDir, specAt);
  return {
    specKey: key,
    owned,
    written: {},
    spec,
    specName: path.basename(spec),
    include,
    exclude,
    prefix,
    operations,
    notes,
  };
}

export async function planOpenapi(
  answers: Record<string, unknown>,
  repo: string,
  manifest: Manifest,
): Promise<OpenapiPlan> {
  checkMarkers(repo, METHOD_MARKERS, 'add tools');
  const spec = specKey(repo, String(answers.spec).trim());
  const prefix = envPrefix(repo, manifest);
  const wanted = specFacts(path.resolve(repo, spec)).auth;
  const current = currentAuth(manifest, prefix);
  const authNote =
    wanted && current && wanted.scheme !== current.scheme
      ? `the spec authenticates with ${wanted.scheme}, this server with ${current.scheme}: npx plop auth -- ${Object.entries(
          wanted,
        )
          .map(([k, v]) => `--${k === 'scheme' ? 'scheme' : k} ${/\s/.test(String(v)) ? JSON.stringify(v) : v}`)
          .join(' ')} switches it`
      : undefined;
  const earlierTools = earlierRuns(manifest, spec, 'tools', 'openapiTools').flatMap((t) => (Array.isArray(t) ? t : []));
  const plan = await planFromSpec(
    answers,
    path.resolve(repo, spec),
    repo,
    prefix,
    takenNames(repo, manifest, spec),
    ownedFiles(manifest, spec),
    earlierTools as string[],
  );
  if (authNote) plan.notes.push(authNote);
  return plan;
}
