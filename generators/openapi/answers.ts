// The `openapi` generator's answers and plan: the spec file, include/exclude filters, the tools
// already in the repo (a hand-written tool keeps its name; tools an earlier run of this spec wrote
// are ours to render again, identically, so a re-run is a no-op).
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../../engine/actions/recordRun.js';
import { checkMarkers, TOOL_MARKERS } from '../../engine/contract/markers.js';
import { currentScheme, envPrefix } from '../../engine/contract/vocabulary.js';
import {
  question,
  questions,
  text,
  trimmed,
  type AnswersOf,
  type GivenAnswers,
  type Question,
} from '../../engine/contract/questions.js';
import { toolNames } from '../../engine/primitives/naming.js';
import { parseFilters, selectOperations, type OperationPlan, type ToolMatcher } from './operations.js';
import { keptSpec, type KeptSpec } from './specCopy.js';
import { loadSpec, specSnapshot } from './spec.js';
import { specFacts } from './facts.js';
import { selectToolsets, toolsetCounts } from './toolsets.js';

/** The tools of dynamic mode (files/dynamic), by name. */
export const DYNAMIC_TOOLS: readonly string[] = ['search_operations', 'describe_operation', 'call_operation'];

/** `static`: one tool per operation; `dynamic`: three tools (search, describe, call) over a catalog of the operations. */
export const TOOL_MODES = ['static', 'dynamic'] as const;
export type ToolMode = (typeof TOOL_MODES)[number];

/**
 * Past this many operations the default tool mode is dynamic. A tool per operation stops being usable long
 * before (clients cap the tool count: see TOOL_COUNT_WARNING); its start grows with the tools (GitHub's REST
 * spec: 263 tools start in 1.19× the time of a one-tool server, all 1,224 in 1.52×, past the 1.5× a large API
 * should stay within; dynamic mode 0.98×); and far past it, it stops being buildable: Microsoft Graph's beta
 * spec (22,194 operations) writes 44,000 files, 230 MB of TypeScript, whose type-check runs out of a 4 GB heap.
 * `--toolMode static` still writes a tool per operation at any size.
 */
export const STATIC_TOOL_LIMIT = 1000;

/** A tool mode its check accepted; empty or missing is the default (undefined: static up to STATIC_TOOL_LIMIT operations). */
const parseToolMode = (value: unknown): ToolMode | undefined =>
  value === 'dynamic' || value === 'static' ? value : undefined;

/** What `server --openapi` changes of a tool-surface question: its wording, and a check that needs the spec. */
export type SurfaceQuestionChanges = Partial<Pick<Question, 'message' | 'help' | 'flagOnly' | 'check'>>;

/**
 * The questions that shape the tool surface, shared with `server --openapi` (its flags carry the same names;
 * `change` rewords them there).
 */
export function toolSurfaceQuestions(
  withSpec: (answers: GivenAnswers) => boolean,
  change: (q: Question) => SurfaceQuestionChanges = () => ({}),
) {
  const toolsets = question({
    name: 'toolsets',
    message:
      'Only the operations of these toolsets (first tag, else first path segment), comma-separated (empty for all)',
    help: "write only these toolsets' operations, e.g. repos,issues (a toolset is an operation's first tag, else its first path segment; the server's <PREFIX>_TOOLSETS narrows them at run time)",
    default: () => '',
    when: withSpec,
    parse: text,
  });
  const toolMode = question({
    name: 'toolMode',
    message: 'Tool mode',
    help: `static: one tool per operation (the default up to ${STATIC_TOOL_LIMIT} operations); dynamic: three tools that search, describe and call the operations of a catalog (for large specs; the default past ${STATIC_TOOL_LIMIT})`,
    type: 'list',
    choices: [...TOOL_MODES],
    default: () => '',
    when: withSpec,
    check: (v) =>
      v === undefined || v === '' || (TOOL_MODES as readonly unknown[]).includes(v)
        ? undefined
        : `--toolMode must be static or dynamic, got "${String(v)}"`,
    parse: parseToolMode,
  });
  return questions({ ...toolsets, ...change(toolsets) }, { ...toolMode, ...change(toolMode) });
}

/** Above this many tools several clients cut the list or refuse the server. */
export const TOOL_COUNT_WARNING = 40;

export function openapiQuestions() {
  return questions(
    question({
      name: 'spec',
      message: 'OpenAPI spec file (YAML or JSON)',
      help: 'a local OpenAPI 3.0/3.1 (or Swagger 2.0) file, e.g. ./openapi.yaml (required)',
      check: (v) =>
        String(v ?? '').trim() ? undefined : 'missing --spec: give a local OpenAPI file, e.g. --spec ./openapi.yaml',
      parse: trimmed,
    }),
    question({
      name: 'include',
      message: 'Only these operations (tag:x, operationId, /path/glob*), comma-separated (empty for all)',
      help: 'keep only matching operations: tag:<tag>, an operationId, or a path glob such as /pets/*',
      default: () => '',
      parse: text,
    }),
    question({
      name: 'exclude',
      message: 'Leave out these operations (tag:x, operationId, /path/glob*, deprecated)',
      help: 'drop matching operations (same forms as --include, plus deprecated)',
      default: () => '',
      parse: text,
    }),
    ...toolSurfaceQuestions(() => true),
  );
}

/** The answers a spec's plan reads: `openapi`'s own, or `server --openapi`'s under the same names. */
export type SpecAnswers = AnswersOf<ReturnType<typeof openapiQuestions>>;

/** How runs name a spec: its path relative to the server repo, so runs from anywhere agree. */
export const specKey = (repo: string, spec: string): string =>
  path.relative(repo, path.resolve(repo, spec)).split(path.sep).join('/');

/** What a run did to each tool of the spec (by name). */
export interface ToolOutcome {
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Tools earlier runs of this spec wrote that it no longer has: left in place. */
  gone: string[];
}

export interface OpenapiPlan {
  /** The spec's path relative to the repo (recorded; earlier runs of the same spec are found by it). */
  specKey: string;
  /** The spec as this run read it, kept in the repo (specCopy.ts); its hash is recorded. */
  kept: KeptSpec;
  /** Files earlier runs of any spec wrote, with the hash of what they wrote (replaced while unchanged). */
  owned: Record<string, string>;
  /** Filled while the steps are staged: the files this run writes and their hashes (recorded). */
  written: Record<string, string>;
  spec: string;
  specName: string;
  include: string[];
  exclude: string[];
  /** The toolsets asked for (empty: all). */
  toolsets: string[];
  /** Each toolset of the operations written, with its operation count (README). */
  toolsetCounts: Map<string, number>;
  toolMode: ToolMode;
  prefix: string;
  operations: OperationPlan[];
  notes: string[];
  /** Tools earlier runs of this spec wrote that it no longer has (left in place). */
  gone: string[];
  /** The spec's security schemes, the one applied first (README). */
  schemes: string[];
  /** Filled while the steps are staged: what became of each tool. */
  outcome?: ToolOutcome;
}

/** What earlier runs of this spec (of any spec: undefined), `openapi` or `server --openapi`, recorded: a key of their answers. */
function earlierRuns(manifest: Manifest, spec: string | undefined, openapiKey: string, serverKey: string): unknown[] {
  return (manifest.runs ?? []).flatMap((r) => {
    if (r.generator === 'openapi' && (spec === undefined || r.answers?.spec === spec)) return [r.answers[openapiKey]];
    if (r.generator === 'server' && r.answers?.openapi && (spec === undefined || r.answers.openapi === spec))
      return [r.answers[serverKey]];
    return [];
  });
}

/** The spec another run wrote the dynamic catalog from, if any (there is one catalog per server). */
function earlierDynamicSpec(manifest: Manifest, spec: string): string | undefined {
  for (const r of manifest.runs ?? []) {
    const other =
      r.generator === 'openapi' ? r.answers?.spec : r.generator === 'server' ? r.answers?.openapi : undefined;
    if (r.answers?.toolMode === 'dynamic' && typeof other === 'string' && other !== spec) return other;
  }
  return undefined;
}

const namesIn = (lists: unknown[]): string[] =>
  lists.flatMap((tools) => (Array.isArray(tools) ? tools.filter((t): t is string => typeof t === 'string') : []));

/** The files earlier runs of any spec wrote, with their hashes (the latest run wins): a tool they wrote may be replaced. */
function ownedFiles(manifest: Manifest): Record<string, string> {
  return Object.assign({}, ...earlierRuns(manifest, undefined, 'files', 'openapiFiles').filter(Boolean));
}

/** A tool an earlier run wrote from a spec, and the operation it serves (from its file's header line). */
interface EarlierTool {
  name: string;
  spec: string;
  operationId?: string;
  /** `GET /items/{id}`; absent when the file is gone or its header was changed. */
  route?: string;
}

/** The header line files/tool writes: `// GET /items/{id} from the OpenAPI spec (operationId getItem), …`. */
const TOOL_HEADER = /^\/\/ ([A-Z]+) (\S+) from the OpenAPI spec(?: \(operationId (.+?)\))?,/m;

function earlierTools(repo: string, manifest: Manifest): EarlierTool[] {
  const byName = new Map<string, EarlierTool>();
  for (const run of manifest.runs ?? []) {
    const spec =
      run.generator === 'openapi' ? run.answers?.spec : run.generator === 'server' ? run.answers?.openapi : undefined;
    if (typeof spec !== 'string') continue;
    for (const name of namesIn([run.answers[run.generator === 'openapi' ? 'tools' : 'openapiTools']])) {
      const file = path.join(repo, 'src/tools', `${toolNames(name).toolFile}.ts`);
      const header = fs.existsSync(file) ? TOOL_HEADER.exec(fs.readFileSync(file, 'utf8')) : null;
      byName.set(name, {
        name,
        spec,
        ...(header ? { route: `${header[1]} ${header[2]}`, ...(header[3] ? { operationId: header[3] } : {}) } : {}),
      });
    }
  }
  return [...byName.values()];
}

/**
 * The tool an earlier run (of any spec) wrote for an operation: the same operationId, else the same
 * method and path, else (a tool whose header cannot be read) the same name from the same spec. Each
 * tool is claimed once: an operation is served by one tool, never duplicated under a new name.
 */
function toolMatcher(earlier: EarlierTool[], spec: string): ToolMatcher {
  const claimed = new Set<string>();
  return (op) => {
    const free = earlier.filter((t) => !claimed.has(t.name));
    const found =
      (op.operationId ? free.find((t) => t.operationId === op.operationId) : undefined) ??
      free.find((t) => t.route === `${op.httpMethod} ${op.path}`) ??
      free.find((t) => t.route === undefined && t.spec === spec && t.name === op.defaultName);
    if (found) claimed.add(found.name);
    return found?.name;
  };
}

/** Tool names (and variables and files) in src/tools: new tools are named around them. */
function takenNames(repo: string): Set<string> {
  const taken = new Set<string>();
  const dir = path.join(repo, 'src/tools');
  if (!fs.existsSync(dir)) return taken;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const name = /defineTool\(\{\s*name:\s*(['"`])([^'"`]+)\1/.exec(fs.readFileSync(path.join(dir, file), 'utf8'))?.[2];
    taken.add(file.replace(/\.ts$/, ''));
    if (name) {
      taken.add(name);
      taken.add(toolNames(name).toolVar);
    }
  }
  return taken;
}

/** What earlier runs left for this one: files it may replace, this spec's tools, the tools operations may claim. */
export interface Earlier {
  owned?: Record<string, string>;
  /** The tools earlier runs of this spec wrote (those the spec no longer has are noted). */
  tools?: readonly string[];
  claim?: ToolMatcher;
}

/** The plan for a spec against known tool names (`taken`); `specAt` is where the spec file is. */
export async function planFromSpec(
  answers: SpecAnswers,
  specAt: string,
  repoDir: string,
  prefix: string,
  taken: Set<string>,
  { owned = {}, tools: earlierTools = [], claim }: Earlier = {},
): Promise<OpenapiPlan> {
  const spec = answers.spec.trim();
  const doc = await loadSpec(specAt, spec);
  const include = parseFilters(answers.include);
  const exclude = parseFilters(answers.exclude);
  const toolsets = parseFilters(answers.toolsets);
  // Dynamic mode: operations are catalog entries, not tools, so their names need not avoid the repo's tools.
  const select = (mode: ToolMode) =>
    mode === 'dynamic'
      ? selectOperations(doc, { include, exclude, taken: new Set() })
      : selectOperations(doc, { include, exclude, taken, claim });
  let selection = select(answers.toolMode ?? 'static');
  let operations = selectToolsets(selection.operations, toolsets);
  let toolMode = answers.toolMode ?? 'static';
  if (answers.toolMode === undefined && operations.length > STATIC_TOOL_LIMIT) {
    toolMode = 'dynamic';
    if (taken.size || claim) {
      selection = select(toolMode);
      operations = selectToolsets(selection.operations, toolsets);
    }
    selection.notes.push(
      `${operations.length} operations, more than ${STATIC_TOOL_LIMIT}: dynamic tool mode (three tools over a catalog), the default past that; --toolMode static writes a tool per operation anyway, --toolsets or --include narrow the operations`,
    );
  }
  const { notes } = selection;
  if (operations.length === 0) {
    throw new Error(
      `--spec ${spec}: no operation to add${include.length || exclude.length ? ' (check --include / --exclude)' : ''}`,
    );
  }
  if (toolMode === 'static' && operations.length > TOOL_COUNT_WARNING) {
    notes.push(
      `${operations.length} tools: several clients cap the tool count (about ${TOOL_COUNT_WARNING}); narrow it with --toolsets, --include / --exclude, or use --toolMode dynamic`,
    );
  }
  const tools = toolMode === 'dynamic' ? DYNAMIC_TOOLS : operations.map((op) => op.name);
  const gone = [...new Set(earlierTools.filter((tool) => !tools.includes(tool)))];
  if (gone.length) notes.push(`no longer in the spec, left in place (remove by hand): ${gone.join(', ')}`);
  const key = specKey(repoDir, specAt);
  return {
    specKey: key,
    kept: keptSpec(await specSnapshot(specAt)),
    owned,
    written: {},
    spec,
    specName: path.basename(spec),
    include,
    exclude,
    toolsets,
    toolsetCounts: toolsetCounts(operations),
    toolMode,
    prefix,
    operations,
    notes,
    gone,
    schemes: specFacts(specAt).schemes,
  };
}

export async function planOpenapi(answers: SpecAnswers, repo: string, manifest: Manifest): Promise<OpenapiPlan> {
  checkMarkers(repo, TOOL_MARKERS, 'add tools');
  const spec = specKey(repo, answers.spec);
  const prefix = envPrefix(repo, manifest);
  const wanted = specFacts(path.resolve(repo, spec)).auth;
  const current = currentScheme(manifest);
  const authNote =
    wanted && current && wanted.scheme !== current
      ? `the spec authenticates with ${wanted.scheme}, this server with ${current}: npx plop auth -- ${Object.entries(
          wanted,
        )
          .map(([k, v]) => `--${k === 'scheme' ? 'auth' : k} ${/\s/.test(String(v)) ? JSON.stringify(v) : v}`)
          .join(' ')} switches it`
      : undefined;
  if (answers.toolMode === 'dynamic') {
    const other = earlierDynamicSpec(manifest, spec);
    if (other)
      throw new Error(
        `--toolMode dynamic: this server's operation catalog already serves ${other}; one spec per server in dynamic mode`,
      );
  }
  const plan = await planFromSpec(answers, path.resolve(repo, spec), repo, prefix, takenNames(repo), {
    owned: ownedFiles(manifest),
    tools: namesIn(earlierRuns(manifest, spec, 'tools', 'openapiTools')),
    claim: toolMatcher(earlierTools(repo, manifest), spec),
  });
  if (authNote) plan.notes.push(authNote);
  const other = answers.toolMode === undefined && plan.toolMode === 'dynamic' && earlierDynamicSpec(manifest, spec);
  if (other)
    throw new Error(
      `${plan.operations.length} operations make dynamic tool mode the default, but this server's operation catalog already serves ${other} (one spec per server in dynamic mode): pass --toolMode static, or --toolsets / --include to narrow the operations`,
    );
  return plan;
}
