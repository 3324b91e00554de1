// The `server` generator's answers: questions (each one also a flag), validation, and the values
// derived from them. Used by the CLI prompts and again by the first action, so programmatic runs
// (tests, `runActions`) are validated exactly like command-line runs.
import fs from 'node:fs';
import path from 'node:path';
import {
  question,
  questions,
  resolveAnswers,
  text,
  trimmed,
  yesNo,
  type AnswersOf,
  type GivenAnswers,
} from '../../engine/contract/questions.js';
import { upperSnake } from '../../engine/contract/vocabulary.js';
import { FACTORY_ROOT } from '../../engine/paths.js';
import { authQuestions, planAuth, type AuthPlan } from '../auth/index.js';
import { specFacts, toolSurfaceQuestions, type OpenapiPlan, type SpecFacts } from '../openapi/index.js';
import { persistenceQuestions, planPersistence, type PersistencePlan } from '../persistence/index.js';
import { presetIds, presets, type Preset, type PresetId } from '../../engine/contract/presets.js';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const REVERSE_DNS = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

function checkUrl(value: unknown): string | undefined {
  try {
    const url = new URL(String(value));
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    /* reported below */
  }
  return `--baseUrl must be an http(s) URL, got "${String(value)}"`;
}

/** The preset named by an answer, if it names one. */
const presetIdOf = (value: unknown): PresetId | undefined => presetIds.find((id) => id === value);
const presetOf = (answers: GivenAnswers): Preset | undefined => {
  const id = presetIdOf(answers.preset);
  return id && presets[id];
};
/** A preset its question accepted. */
function checkedPreset(value: unknown): PresetId {
  const id = presetIdOf(value);
  if (!id) throw new Error(`--preset must be one of ${presetIds.join(', ')}, got "${String(value)}"`);
  return id;
}
/** What --openapi's spec says about the base URL and auth (read before those questions' defaults). */
const specOf = (answers: GivenAnswers): SpecFacts | undefined =>
  answers.openapi ? specFacts(path.resolve(String(answers.openapi))) : undefined;
/** The env prefix: the preset's (PERPLEXITY, …), or the server name in UPPER_SNAKE. */
const prefixFor = (answers: GivenAnswers): string =>
  presetOf(answers)?.prefix ?? upperSnake(String(answers.name ?? ''));

/** `--include` / `--exclude`: which operations of --openapi become tools (the openapi generator's own answers). */
const filterQuestion = <const Name extends 'include' | 'exclude'>(name: Name) =>
  question({
    name,
    message: `With --openapi: ${name === 'include' ? 'only' : 'leave out'} these operations`,
    help: `with --openapi: ${name === 'include' ? 'keep only' : 'drop'} matching operations (tag:<tag>, an operationId, a path glob such as /pets/*${name === 'exclude' ? ', deprecated' : ''}; comma-separated)`,
    flagOnly: true,
    default: () => '',
    check: (v: unknown, a: GivenAnswers) =>
      !v || a.openapi ? undefined : `--${name} selects operations of --openapi: give --openapi <spec> too`,
    parse: text,
  });

/** The auth questions, `--auth` first: defaults from --openapi's spec, else the preset. */
const serverAuthQuestions = authQuestions(
  'auth',
  (a) => prefixFor(a),
  (a) => {
    const defaults = specOf(a)?.auth ?? presetOf(a)?.auth ?? {};
    // The rest preset's bearer key is optional (sent when set); a scheme chosen on purpose is required
    // unless --optional says otherwise.
    return { ...defaults, optional: defaults.optional === true && a.auth === (defaults.scheme ?? 'bearer') };
  },
);
const AUTH_ANSWERS: ReadonlySet<string> = new Set(serverAuthQuestions.map((q) => q.name));

export const serverQuestions = questions(
  question({
    name: 'name',
    message: 'Server name (kebab-case)',
    help: 'server name in kebab-case, e.g. acme-search (required)',
    check: (v) =>
      v === undefined || v === ''
        ? 'missing --name: give the server a kebab-case name, e.g. acme-search'
        : KEBAB.test(String(v)) && String(v).length <= 64
          ? undefined
          : `--name must be kebab-case (lowercase letters, digits, single dashes), got "${String(v)}"`,
    parse: text,
  }),
  question({
    name: 'preset',
    message: 'Upstream API',
    type: 'list',
    choices: presetIds,
    help: 'which upstream API and first tool',
    default: () => 'perplexity',
    check: (v) => (presetIdOf(v) ? undefined : `--preset must be one of ${presetIds.join(', ')}, got "${String(v)}"`),
    parse: checkedPreset,
  }),
  question({
    name: 'description',
    message: 'One-line description (max 100 characters)',
    help: 'description for README, package.json and server.json',
    default: (a) => presetOf(a)?.description,
    check: (v) =>
      typeof v === 'string' && v.trim() && v.length <= 100
        ? undefined
        : `--description must be 1 to 100 characters (the MCP registry limit), got ${String(v ?? '').length}`,
    parse: trimmed,
  }),
  question({
    name: 'openapi',
    message: 'OpenAPI spec to build the tools from',
    help: 'a local OpenAPI 3 (or Swagger 2.0) file: one tool per operation, base URL and auth from the spec unless given (optional)',
    flagOnly: true,
    default: () => '',
    check: (v) => (!v || fs.existsSync(path.resolve(String(v))) ? undefined : `--openapi ${String(v)}: no such file`),
    parse: text,
  }),
  filterQuestion('include'),
  filterQuestion('exclude'),
  ...toolSurfaceQuestions(
    (a) => Boolean(a.openapi),
    (q) => ({
      message: `With --openapi: ${q.message.toLowerCase()}`,
      help: `with --openapi: ${q.help}`,
      flagOnly: true,
      check: (v: unknown, a: GivenAnswers) =>
        q.check?.(v, a) ??
        (!v || v === 'static' || a.openapi
          ? undefined
          : `--${q.name} shapes the tools of --openapi: give --openapi <spec> too`),
    }),
  ),
  question({
    name: 'baseUrlAtRunTime',
    message: 'No base URL now: <PREFIX>_BASE_URL gives it at run time',
    type: 'confirm',
    flagOnly: true,
    help: 'no upstream base URL in the server: <PREFIX>_BASE_URL gives it at run time (as with --openapi when the spec names no server)',
    default: () => false,
    parse: yesNo,
  }),
  question({
    name: 'baseUrl',
    message: 'Upstream base URL',
    help: "upstream base URL (required for the rest preset; with --openapi, the spec's first server, else <PREFIX>_BASE_URL at run time)",
    default: (a) => (yesNo(a.baseUrlAtRunTime) ? undefined : (specOf(a)?.baseUrl ?? presetOf(a)?.defaultBaseUrl)),
    // None is fine when <PREFIX>_BASE_URL gives it at run time (by default with --openapi and a spec that
    // names no server; recorded, so the server run replays without the spec).
    check: (v, a) =>
      v === undefined || v === ''
        ? a.openapi || yesNo(a.baseUrlAtRunTime)
          ? undefined
          : `missing --baseUrl: the ${String(a.preset)} preset needs the API's base URL (or --baseUrlAtRunTime: ${prefixFor(a)}_BASE_URL gives it when the server runs)`
        : yesNo(a.baseUrlAtRunTime)
          ? '--baseUrlAtRunTime and --baseUrl: give one of them'
          : checkUrl(v),
    parse: (v) => text(v).replace(/\/+$/, ''),
  }),
  question({
    name: 'healthPath',
    message: 'Health path the ping tool calls',
    help: 'rest preset: path the ping tool calls (default /)',
    default: () => '/',
    when: (a) => a.preset === 'rest',
    check: (v) =>
      typeof v === 'string' && v.startsWith('/') && !/\s/.test(v)
        ? undefined
        : `--healthPath must start with "/", got "${String(v)}"`,
    parse: text,
  }),
  question({
    name: 'model',
    message: 'Default model',
    help: 'default model (LLM presets)',
    default: (a) => presetOf(a)?.defaultModel ?? '',
    when: (a) => Boolean(presetOf(a)?.defaultModel),
    check: (v, a) => (presetOf(a)?.defaultModel && !String(v ?? '').trim() ? '--model must not be empty' : undefined),
    parse: text,
  }),
  question({
    name: 'mcpName',
    message: 'MCP registry name (reverse-DNS)',
    help: 'server.json name, e.g. io.github.you/acme-search',
    default: (a) => `io.github.your-org/${String(a.name)}`,
    // The official server.json schema's `name` (cli/schemas/server.schema.2025-12-11.json): this pattern, 3 to 200 characters.
    check: (v) =>
      !REVERSE_DNS.test(String(v))
        ? `--mcpName must look like io.github.you/server-name, got "${String(v)}"`
        : String(v).length > 200
          ? `--mcpName must be at most 200 characters (the MCP registry limit), got ${String(v).length}`
          : undefined,
    parse: text,
  }),
  ...serverAuthQuestions,
  // Default none: a new server keeps no record unless asked (the bench's baseline server stays as it is).
  ...persistenceQuestions('persistence', 'none'),
  question({
    name: 'http',
    message: 'Add the HTTP deployment files',
    type: 'confirm',
    flagOnly: true,
    help: "the http generator's deployment files (Dockerfile, .dockerignore, deploy/kubernetes.yaml) in the same run, recorded as its own run",
    default: () => false,
    parse: (v) => v === true,
  }),
  question({
    name: 'git',
    message: 'Make it a git repository',
    type: 'confirm',
    flagOnly: true,
    help: 'git init and a first commit of the generated files (npx plop update needs git); --no-git: none; nothing inside an existing git work tree',
    default: () => true,
    parse: (v) => v !== false,
  }),
  question({
    name: 'factory',
    message: 'How the server depends on mcp-factory',
    help: 'dependency spec for mcp-factory (default: file: link to this checkout; or a published name/git URL)',
    default: () => '',
    flagOnly: true,
    parse: text,
  }),
);

/** The parsed answers planServer reads (auth's, persistence's and the tool surface's are still as given). */
export type ServerAnswers = AnswersOf<typeof serverQuestions>;

export interface ServerPlan {
  name: string;
  description: string;
  preset: Preset;
  prefix: string;
  baseUrl: string;
  /** No base URL in the server: <PREFIX>_BASE_URL gives it at run time. */
  baseUrlAtRunTime: boolean;
  healthPath: string;
  model?: string;
  mcpName: string;
  factorySpec: string;
  /** Absolute folder the server is written to. */
  outDir: string;
  /** How the server authenticates to the upstream (the preset's scheme, or --auth). */
  auth: AuthPlan;
  /**
   * The scheme the server renders itself: the preset's default for these answers, as a replay of its record
   * gives. A different --auth, or the scheme of the --openapi spec, is the auth generator's own run.
   */
  ownAuth: AuthPlan;
  /** With --openapi: the tools from the spec, and the spec's security schemes (the applied one first). */
  openapi?: OpenapiPlan;
  /** Where tool calls are recorded (--persistence; none by default). */
  persistence: PersistencePlan;
  /** git init + a first commit of the generated files once written (--no-git: not). */
  git: boolean;
  /** --http: the http generator's deployment files, as its own run. */
  http: boolean;
}

/** Where the server lands: `<dest>/<name>`; run from the factory without --dest, next to the factory. */
export function parentDir(dest: string): string {
  return path.resolve(dest) === FACTORY_ROOT ? path.dirname(FACTORY_ROOT) : path.resolve(dest);
}

/** `--factory` accepts a version range, `mcp-factory@<range>`, a git URL or a file: path; default: link this checkout. */
export function factorySpec(given: string, relFactory: string): string {
  if (!given) return `file:${relFactory}`;
  if (given === 'mcp-factory') return 'latest';
  return given.startsWith('mcp-factory@') ? given.slice('mcp-factory@'.length) : given;
}

/** The nearest existing folder on the way to `dir` must be a folder we may write into (checked before any write). */
function checkWritableParent(dir: string): void {
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) throw new Error(`--dest: ${existing} is a file, not a folder`);
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw new Error(`--dest: cannot write into ${existing} (permission denied)`);
  }
}

/** Checks the target folder and derives the plan from resolved answers; throws one clear line. */
export function planServer(answers: ServerAnswers, dest: string): ServerPlan {
  const preset = presets[answers.preset];
  const { name } = answers;
  const outDir = path.join(parentDir(dest), name);
  checkWritableParent(parentDir(dest));
  if (fs.existsSync(outDir) && (!fs.statSync(outDir).isDirectory() || fs.readdirSync(outDir).length > 0)) {
    throw new Error(`target folder ${outDir} already exists and is not empty: choose another --name or --dest`);
  }
  const relFactory = path.relative(outDir, FACTORY_ROOT).split(path.sep).join('/');
  return {
    name,
    description: answers.description,
    preset,
    prefix: prefixFor(answers),
    baseUrl: answers.baseUrl,
    // Recorded when true, so that the server run replays without --openapi (whose spec named no server).
    baseUrlAtRunTime: !answers.baseUrl,
    healthPath: answers.healthPath,
    model: preset.defaultModel ? answers.model : undefined,
    mcpName: answers.mcpName,
    factorySpec: factorySpec(answers.factory, relFactory),
    outDir,
    auth: planAuth({ ...answers, scheme: answers.auth }, prefixFor(answers)),
    ownAuth: defaultAuth(answers),
    persistence: planPersistence({ ...answers, backend: answers.persistence }),
    git: answers.git,
    http: answers.http,
  };
}

/** The questions of --openapi and the tools it makes (the openapi run's answers). */
const SPEC_QUESTIONS = new Set(['openapi', 'include', 'exclude', 'toolsets', 'toolMode']);

/**
 * The auth plan of the same answers without any auth answer (each auth question takes its default) and
 * without --openapi: the preset's scheme. A spec's scheme is the auth run's, as is any other --auth, so the
 * server's run replays alike without the spec (its tools are the openapi run's, recorded apart).
 */
function defaultAuth(answers: ServerAnswers): AuthPlan {
  const others = Object.fromEntries(
    Object.entries(answers).filter(([name]) => !AUTH_ANSWERS.has(name) && !SPEC_QUESTIONS.has(name)),
  );
  // Without the spec, a base URL it left to run time is what --baseUrlAtRunTime says (as the server run records).
  const resolved = resolveAnswers(serverQuestions, { ...others, baseUrlAtRunTime: !answers.baseUrl });
  return planAuth({ ...resolved, scheme: resolved.auth }, prefixFor(resolved));
}
