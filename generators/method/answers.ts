// The `method` generator's answers: questions (each one also a flag), the params mini-language,
// validation against the target server repo, and the plan the templates render from. Used by the
// CLI prompts and again by the first action, so programmatic runs are validated exactly like CLI runs.
import { z } from 'zod';
import type { Manifest } from '../../engine/actions/recordRun.js';
import { checkMarkers, TOOL_MARKERS } from '../../engine/contract/markers.js';
import {
  oneOf,
  question,
  text,
  trimmed,
  yesNo,
  type AnswersOf,
  type GivenAnswers,
} from '../../engine/contract/questions.js';
import {
  checkPath,
  envPrefix,
  errorLine,
  PARAM_NAME,
  placeholders,
  toBool,
  toolNameQuestion,
} from '../../engine/contract/vocabulary.js';
import { toolNames } from '../../engine/primitives/naming.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
const httpMethodSchema = z.enum(HTTP_METHODS);
export const PARAM_TYPES = ['string', 'number', 'integer', 'boolean', 'string[]'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
const paramTypeSchema = z.enum(PARAM_TYPES);
export const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;
export type Hint = (typeof HINTS)[number];

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
    const paramType = paramTypeSchema.safeParse(type);
    if (!paramType.success) {
      throw new Error(`--params: unknown type "${type}" for ${name}: use one of ${PARAM_TYPES.join(', ')}`);
    }
    if (params.some((p) => p.name === name)) throw new Error(`--params: parameter ${name} is declared twice`);
    const about = description?.trim();
    params.push({
      name,
      type: paramType.data,
      optional: Boolean(optional),
      description: about || undefined,
      inPath: false,
    });
  }
  return params;
}

/** Checks the params against the path: every placeholder declared, required, and not a list. */
function checkParams(value: unknown, answers: GivenAnswers): string | undefined {
  let params: Param[];
  try {
    params = parseParams(value);
  } catch (error) {
    return errorLine(error);
  }
  for (const name of placeholders(String(answers.path ?? ''))) {
    const param = params.find((p) => p.name === name);
    if (!param) return `path placeholder {${name}} is not a declared param: add "${name}:string" to --params`;
    if (param.optional) return `path parameter ${name} cannot be optional: drop the "?"`;
    if (param.type === 'string[]') return `path parameter ${name} cannot be a string[]`;
  }
  return undefined;
}

const methodOf = (answers: GivenAnswers) => String(answers.httpMethod ?? 'GET').toUpperCase();

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

/** The generator's questions; with the repo known, the name is also checked against its tools. */
export function methodQuestions(repo?: string) {
  return [
    toolNameQuestion(repo),
    question({
      name: 'description',
      message: 'What the tool does (one line)',
      help: 'one-line description shown to the model (required)',
      check: (v) => {
        const d = String(v ?? '').trim();
        if (!d) return 'missing --description: say in one line what the tool does, e.g. "Fetch one item by id"';
        if (/[\r\n]/.test(d) || d.length > 500) return '--description must be one line of at most 500 characters';
        return undefined;
      },
      parse: trimmed,
    }),
    question({
      name: 'httpMethod',
      message: 'HTTP method',
      type: 'list',
      choices: HTTP_METHODS,
      help: 'HTTP method of the upstream call',
      default: () => 'GET',
      check: (v) =>
        httpMethodSchema.safeParse(String(v).toUpperCase()).success
          ? undefined
          : `--httpMethod must be one of ${HTTP_METHODS.join(', ')}, got "${String(v)}"`,
      parse: oneOf(HTTP_METHODS, (v) => v.toUpperCase()),
    }),
    question({
      name: 'path',
      message: 'Upstream path, with {param} placeholders',
      help: 'path below the base URL, e.g. /items/{id} (required)',
      check: checkPath,
      parse: text,
    }),
    question({
      name: 'params',
      message: 'Params: name[?]:type[:description], comma-separated (empty for none)',
      help: `input params, e.g. "id:string:Item id, limit?:integer:Max results"; types ${PARAM_TYPES.join(', ')}; ? = optional`,
      default: () => '',
      check: checkParams,
      parse: parseParams,
    }),
    ...HINTS.map((hint) =>
      question({
        name: hint,
        message: `${hint}?`,
        type: 'list',
        choices: ['true', 'false'],
        help: hintHelp[hint],
        // Only the two hints whose defaults depend on the method are asked; the others are flags.
        flagOnly: hint === 'idempotentHint' || hint === 'openWorldHint',
        default: (a) => String(hintDefaults[hint](methodOf(a))),
        check: (v) => (toBool(v) === undefined ? `--${hint} must be true or false, got "${String(v)}"` : undefined),
        parse: yesNo,
      }),
    ),
  ];
}

/** The parsed answers planMethod reads. */
export type MethodAnswers = AnswersOf<ReturnType<typeof methodQuestions>>;

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

const titleOf = (name: string) => name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Checks the target repo and derives the plan from resolved answers; throws one clear line. */
export function planMethod(answers: MethodAnswers, repo: string, manifest: Manifest): MethodPlan {
  checkMarkers(repo, TOOL_MARKERS, 'add a tool');
  const urlPath = answers.path;
  const inPath = new Set(placeholders(urlPath));
  const params = answers.params.map((p) => ({ ...p, inPath: inPath.has(p.name) }));
  const { name } = answers;
  return {
    name,
    title: titleOf(name),
    description: answers.description,
    httpMethod: answers.httpMethod,
    path: urlPath,
    params,
    paramsSpec: params
      .map((p) => `${p.name}${p.optional ? '?' : ''}:${p.type}${p.description ? `:${p.description}` : ''}`)
      .join(', '),
    annotations: {
      readOnlyHint: answers.readOnlyHint,
      destructiveHint: answers.destructiveHint,
      idempotentHint: answers.idempotentHint,
      openWorldHint: answers.openWorldHint,
    },
    prefix: envPrefix(repo, manifest),
    ...toolNames(name),
  };
}
