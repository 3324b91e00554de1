// The `method` generator's answers: questions (each one also a flag), the params mini-language,
// validation against the target server repo, and the plan the templates render from. Used by the
// CLI prompts and again by the first action, so programmatic runs are validated exactly like CLI runs.
import fs from 'node:fs';
import path from 'node:path';
import type { Question } from '../contract/questions.js';
import { checkMarkers, MARKERS, type MarkerName } from '../contract/markers.js';
import { toolNames } from '../shared/naming.js';
import { MANIFEST, type Manifest } from '../actions/recordRun.js';
import { presets, type PresetId } from '../server/presets.js';
import { upperSnake } from '../server/answers.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const PARAM_TYPES = ['string', 'number', 'integer', 'boolean', 'string[]'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;
export type Hint = (typeof HINTS)[number];

/** The markers `method` injects at; all must be in place before anything is staged. */
export const METHOD_MARKERS: readonly MarkerName[] = ['tool-imports', 'tools', 'readme-tools', 'e2e-tests'];

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Names a tool may not take: JavaScript reserved words (the tool's camelCase name becomes a
 * variable and a file), names with a meaning in src/tools, and identifiers the generated code uses.
 */
export const RESERVED = new Set([
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'package',
  'private',
  'protected',
  'public',
  'return',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'arguments',
  'eval',
  'undefined',
  'constructor',
  'prototype',
  '__proto__',
  'index',
  'tools',
  // The generated repo's own test files: a tool's test is test/unit/<file>.test.ts, beside these.
  'auth',
  'client',
  'config',
  'openapiOperations', // dynamic tool mode's test
  'z',
  'defineTool',
  'pathWith',
  'inputSchema',
]);

/** Param names that break plain JavaScript objects. */
const RESERVED_PARAMS = new Set(['__proto__', 'constructor', 'prototype']);

export interface Param {
  name: string;
  type: ParamType;
  optional: boolean;
  description?: string;
  /** Appears as `{name}` in the path. */
  inPath: boolean;
}

/** Parses `name[?]:type[:description]`, separated by commas (or newlines); throws one clear line. */
export function parseParams(raw: unknown): Param[] {
  const text = String(raw ?? '').trim();
  if (!text || text === 'none') return [];
  // A comma inside a description is fine unless it is followed by something that looks like `name:`
  // (or by nothing: a stray comma is reported as an empty entry).
  const items = text.split(/\s*,\s*(?=[^\s,:]*\s*:|,|$)|\n/).map((s) => s.trim());
  const params: Param[] = [];
  for (const item of items) {
    if (!item)
      throw new Error(
        `--params has an empty entry in "${text}": write name[?]:type[:description], separated by commas`,
      );
    const match = /^([^:\s?]+)(\?)?\s*:\s*([^:]*?)\s*(?::(.*))?$/.exec(item);
    if (!match)
      throw new Error(
        `--params entry "${item}" is malformed: write name[?]:type[:description], e.g. "id:string:Item id, limit?:integer"`,
      );
    const [, name, optional, type, description] = match;
    if (!type)
      throw new Error(
        `--params entry "${item}" has no type: write ${name}${optional ?? ''}:<${PARAM_TYPES.join('|')}>`,
      );
    if (!PARAM_NAME.test(name))
      throw new Error(
        `--params: "${name}" is not a valid parameter name (letters, digits, underscores; not starting with a digit)`,
      );
    if (RESERVED_PARAMS.has(name)) throw new Error(`--params: "${name}" is reserved: choose another parameter name`);
    if (!PARAM_TYPES.includes(type as ParamType)) {
      throw new Error(`--params: unknown type "${type}" for ${name}: use one of ${PARAM_TYPES.join(', ')}`);
    }
    if (params.some((p) => p.name === name)) throw new Error(`--params: parameter ${name} is declared twice`);
    const about = description?.trim();
    params.push({
      name,
      type: type as ParamType,
      optional: Boolean(optional),
      description: about || undefined,
      inPath: false,
    });
  }
  return params;
}

/** `{placeholder}` names in a path, in order. */
export function placeholders(urlPath: string): string[] {
  return [...urlPath.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

export function checkPath(value: unknown): string | undefined {
  const p = String(value ?? '');
  if (!p) return 'missing --path: give the upstream path, e.g. "/items/{id}"';
  if (!p.startsWith('/') || /[\s?#]/.test(p)) {
    return `--path must start with "/" and hold no spaces, "?" or "#" (query parameters come from --params), got "${p}"`;
  }
  if (/[{}]/.test(p.replace(PLACEHOLDER, ''))) return `--path has an unbalanced "{" or "}": "${p}"`;
  const odd = /[^A-Za-z0-9\-._~!$&'()*+,;=:@%/{}]/.exec(p);
  if (odd)
    return `--path may only hold URL path characters (RFC 3986) and {param} placeholders, got "${odd[0]}" in "${p}"`;
  const bad = placeholders(p).find((name) => !PARAM_NAME.test(name));
  if (bad !== undefined) return `--path placeholder {${bad}} is not a valid parameter name`;
  return undefined;
}

/** Checks the params against the path: every placeholder declared, required, and not a list. */
function checkParams(value: unknown, answers: Record<string, unknown>): string | undefined {
  let params: Param[];
  try {
    params = parseParams(value);
  } catch (error) {
    return (error as Error).message;
  }
  for (const name of placeholders(String(answers.path ?? ''))) {
    const param = params.find((p) => p.name === name);
    if (!param) return `path placeholder {${name}} is not a declared param: add "${name}:string" to --params`;
    if (param.optional) return `path parameter ${name} cannot be optional: drop the "?"`;
    if (param.type === 'string[]') return `path parameter ${name} cannot be a string[]`;
  }
  return undefined;
}

export function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const v = String(value ?? '')
    .trim()
    .toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) return true;
  if (['false', 'no', 'n', '0'].includes(v)) return false;
  return undefined;
}

const methodOf = (answers: Record<string, unknown>) => String(answers.httpMethod ?? 'GET').toUpperCase();

/** Annotation defaults follow the HTTP method's semantics. */
export const hintDefaults: Record<Hint, (method: string) => boolean> = {
  readOnlyHint: (m) => m === 'GET',
  destructiveHint: (m) => m === 'DELETE',
  idempotentHint: (m) => m === 'GET' || m === 'PUT' || m === 'DELETE',
  openWorldHint: () => true,
};

const hintHelp: Record<Hint, string> = {
  readOnlyHint: 'annotation: the tool does not modify anything (default: true for GET)',
  destructiveHint: 'annotation: the tool may delete or overwrite data (default: true for DELETE)',
  idempotentHint: 'annotation: repeating a call has no further effect (default: true for GET, PUT, DELETE)',
  openWorldHint: 'annotation: the tool talks to an external system (default: true)',
};

/** Finds an existing tool with this name (or the same file/variable); returns a description of where. */
export function existingTool(repo: string, name: string): string | undefined {
  const { toolFile, toolVar } = toolNames(name);
  const toolsDir = path.join(repo, 'src/tools');
  if (fs.existsSync(path.join(toolsDir, `${toolFile}.ts`))) return `src/tools/${toolFile}.ts`;
  const index = path.join(repo, MARKERS.tools.file);
  if (fs.existsSync(index)) {
    const source = fs.readFileSync(index, 'utf8');
    const imported = new RegExp(`import\\s*\\{[^}]*\\b${toolVar}\\b[^}]*\\}`).test(source);
    if (imported || new RegExp(`^\\s*${toolVar},?\\s*$`, 'm').test(source))
      return `${MARKERS.tools.file} has ${toolVar}`;
  }
  if (!fs.existsSync(toolsDir)) return undefined;
  const declares = new RegExp(`\\bname:\\s*(['"\`])${name}\\1`);
  for (const file of fs
    .readdirSync(toolsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    if (declares.test(fs.readFileSync(path.join(toolsDir, file), 'utf8'))) return `src/tools/${file}`;
  }
  return undefined;
}

/** The tool-name question of every generator that adds a tool: snake_case, not reserved, not taken in `repo`. */
export function toolNameQuestion(repo?: string): Question {
  return {
    name: 'name',
    message: 'Tool name (snake_case)',
    help: 'MCP tool name in snake_case, e.g. get_item (required)',
    check: (v) => {
      const name = String(v ?? '');
      if (!name) return 'missing --name: give the tool a snake_case name, e.g. get_item';
      if (!SNAKE.test(name) || name.length > 64) {
        return `--name must be snake_case (lowercase letters, digits, single underscores, at most 64 characters), got "${name}"`;
      }
      const { toolVar } = toolNames(name);
      if (RESERVED.has(name) || RESERVED.has(toolVar)) {
        return `--name "${name}" is reserved (a JavaScript keyword or a name the generated code uses): choose another`;
      }
      const where = repo ? existingTool(repo, name) : undefined;
      return where ? `tool ${name} already exists (${where}): choose another --name` : undefined;
    },
  };
}

/** The generator's questions; with the repo known, the name is also checked against its tools. */
export function methodQuestions(repo?: string): Question[] {
  return [
    toolNameQuestion(repo),
    {
      name: 'description',
      message: 'What the tool does (one line)',
      help: 'one-line description shown to the model (required)',
      check: (v) => {
        const d = String(v ?? '').trim();
        if (!d) return 'missing --description: say in one line what the tool does, e.g. "Fetch one item by id"';
        if (/[\r\n]/.test(d) || d.length > 500) return '--description must be one line of at most 500 characters';
        return undefined;
      },
    },
    {
      name: 'httpMethod',
      message: 'HTTP method',
      type: 'list',
      choices: HTTP_METHODS,
      help: 'HTTP method of the upstream call',
      default: () => 'GET',
      check: (v) =>
        HTTP_METHODS.includes(String(v).toUpperCase() as HttpMethod)
          ? undefined
          : `--httpMethod must be one of ${HTTP_METHODS.join(', ')}, got "${String(v)}"`,
    },
    {
      name: 'path',
      message: 'Upstream path, with {param} placeholders',
      help: 'path below the base URL, e.g. /items/{id} (required)',
      check: checkPath,
    },
    {
      name: 'params',
      message: 'Params: name[?]:type[:description], comma-separated (empty for none)',
      help: `input params, e.g. "id:string:Item id, limit?:integer:Max results"; types ${PARAM_TYPES.join(', ')}; ? = optional`,
      default: () => '',
      check: checkParams,
    },
    ...HINTS.map((hint): Question => ({
      name: hint,
      message: `${hint}?`,
      type: 'list',
      choices: ['true', 'false'],
      help: hintHelp[hint],
      // Only the two hints whose defaults depend on the method are asked; the others are flags.
      flagOnly: hint === 'idempotentHint' || hint === 'openWorldHint',
      default: (a) => String(hintDefaults[hint](methodOf(a))),
      check: (v) => (toBool(v) === undefined ? `--${hint} must be true or false, got "${String(v)}"` : undefined),
    })),
  ];
}

export interface MethodPlan {
  name: string;
  title: string;
  description: string;
  httpMethod: HttpMethod;
  path: string;
  params: Param[];
  /** The params as given, normalised (recorded in .mcp-factory.json). */
  paramsSpec: string;
  annotations: Record<Hint, boolean>;
  prefix: string;
  toolName: string;
  toolVar: string;
  toolFile: string;
}

/** The repo's env prefix: `ENV_PREFIX` in src/config.ts, else derived from the recorded server run. */
export function envPrefix(repo: string, manifest: Manifest): string {
  const config = path.join(repo, 'src/config.ts');
  if (fs.existsSync(config)) {
    const match = /export const ENV_PREFIX\s*=\s*['"]([A-Z][A-Z0-9_]*)['"]/.exec(fs.readFileSync(config, 'utf8'));
    if (match) return match[1];
  }
  const server = manifest.runs?.find((r) => r.generator === 'server')?.answers ?? {};
  const preset = presets[(server.preset ?? manifest.preset) as PresetId];
  if (preset?.prefix) return preset.prefix;
  if (preset && typeof server.name === 'string') return upperSnake(server.name);
  throw new Error(
    `cannot tell this server's env prefix: neither ENV_PREFIX in src/config.ts nor a server run in ${MANIFEST}`,
  );
}

const titleOf = (name: string) => name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Checks the target repo and derives the plan from resolved answers; throws one clear line. */
export function planMethod(answers: Record<string, unknown>, repo: string, manifest: Manifest): MethodPlan {
  checkMarkers(repo, METHOD_MARKERS, 'add a tool');
  const urlPath = String(answers.path);
  const inPath = new Set(placeholders(urlPath));
  const params = parseParams(answers.params).map((p) => ({ ...p, inPath: inPath.has(p.name) }));
  const name = String(answers.name);
  return {
    name,
    title: titleOf(name),
    description: String(answers.description).trim(),
    httpMethod: String(answers.httpMethod).toUpperCase() as HttpMethod,
    path: urlPath,
    params,
    paramsSpec: params
      .map((p) => `${p.name}${p.optional ? '?' : ''}:${p.type}${p.description ? `:${p.description}` : ''}`)
      .join(', '),
    annotations: Object.fromEntries(HINTS.map((h) => [h, toBool(answers[h])!])) as Record<Hint, boolean>,
    prefix: envPrefix(repo, manifest),
    ...toolNames(name),
  };
}
