// The `resource` generator's answers: questions (each also a flag), the URI template rules, how its
// variables map onto the upstream path and query, and the plan the templates render from.
import type { Manifest } from '../../engine/actions/recordRun.js';
import { checkMarkers, type MarkerName } from '../../engine/contract/markers.js';
import { question, text, trimmed, yesNo, type AnswersOf, type GivenAnswers } from '../../engine/contract/questions.js';
import { checkPath, envPrefix, errorLine, PARAM_NAME, placeholders, toBool } from '../../engine/contract/vocabulary.js';
import {
  oneLine,
  primitiveNameQuestion,
  primitiveNames,
  titleOf,
  titleQuestion,
} from '../../engine/primitives/primitives.js';

export const RESOURCE_MARKERS: readonly MarkerName[] = [
  'resource-imports',
  'resources',
  'readme-resources',
  'e2e-tests',
];

const SCHEME = /^[a-z][a-z0-9+.-]*:/;
const EXPRESSION = /\{([^{}]*)\}/g;
const MIME = /^[a-z]+\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
// RFC 3986 URI characters, and { } for template expressions. Quotes, backticks and spaces never pass.
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%{}]+$/;

/** The variables of a URI template (RFC 6570 level 1 only: `{name}`); throws one clear line. */
export function uriVariables(uri: string): string[] {
  const names: string[] = [];
  for (const [, expression] of uri.matchAll(EXPRESSION)) {
    if (!PARAM_NAME.test(expression)) {
      throw new Error(
        `--uri: "{${expression}}" is not supported: use plain {name} variables (letters, digits, underscores), e.g. items://{id}`,
      );
    }
    if (names.includes(expression)) throw new Error(`--uri: variable {${expression}} appears twice`);
    names.push(expression);
  }
  return names;
}

function checkUri(value: unknown): string | undefined {
  const uri = String(value ?? '');
  if (!uri) return 'missing --uri: give the resource URI, e.g. docs://readme, or a template such as items://{id}';
  if (!SCHEME.test(uri)) return `--uri must start with a scheme such as docs:// or items://, got "${uri}"`;
  if (!URI_CHARS.test(uri)) return `--uri may only hold URI characters (RFC 3986) and {name} variables, got "${uri}"`;
  if (/[{}]/.test(uri.replace(EXPRESSION, ''))) return `--uri has an unbalanced "{" or "}": "${uri}"`;
  try {
    uriVariables(uri);
  } catch (error) {
    return errorLine(error);
  }
  return undefined;
}

/** Every placeholder of the upstream path must be a variable of the URI. */
function checkResourcePath(value: unknown, answers: GivenAnswers): string | undefined {
  const problem = checkPath(value);
  if (problem) return problem;
  let variables: string[];
  try {
    variables = uriVariables(String(answers.uri ?? ''));
  } catch {
    return undefined; // reported by --uri
  }
  const unmapped = placeholders(String(value)).find((p) => !variables.includes(p));
  return unmapped === undefined
    ? undefined
    : `--path placeholder {${unmapped}} is not a variable of --uri "${String(answers.uri)}": add {${unmapped}} to the URI or drop it from the path`;
}

const isTemplate = (answers: GivenAnswers) => /\{[^}]*\}/.test(String(answers.uri ?? ''));

/** Where a template's instances are listed: its path without the last `/{variable}` segment. */
function defaultListPath(answers: GivenAnswers): string {
  const listPath = String(answers.path ?? '').replace(/\/[^/]*\{[^}]*\}[^/]*$/, '');
  return placeholders(listPath).length > 0 || !listPath ? '/' : listPath;
}

export function resourceQuestions(repo?: string) {
  return [
    primitiveNameQuestion('resource', 'item', repo),
    question({
      name: 'uri',
      message: 'URI, or URI template with {variables}',
      help: 'the resource URI, e.g. docs://readme, or a template, e.g. "items://{id}" (required)',
      check: checkUri,
      parse: text,
    }),
    question({
      name: 'path',
      message: 'Upstream path (GET), with {variable} placeholders',
      help: 'path below the base URL that a read GETs; each URI variable fills its {placeholder}, or else goes in the query (required)',
      check: checkResourcePath,
      parse: text,
    }),
    titleQuestion,
    question({
      name: 'description',
      message: 'What the resource holds (one line)',
      help: 'one-line description shown to clients',
      default: (a) => `${titleOf(String(a.name ?? ''))} from the upstream API`,
      check: (v) => oneLine('description', v),
      parse: trimmed,
    }),
    question({
      name: 'mimeType',
      message: 'MIME type',
      help: 'MIME type of the content (default application/json; other types are read as text)',
      default: () => 'application/json',
      check: (v) =>
        MIME.test(String(v ?? '')) ? undefined : `--mimeType must look like type/subtype, got "${String(v)}"`,
      parse: (v) => text(v).toLowerCase(),
    }),
    question({
      name: 'list',
      message: 'Can the upstream list the instances (resources/list)?',
      type: 'confirm',
      help: 'templates only: resources/list shows the instances from an upstream GET (listPath), paginated',
      default: () => false,
      when: isTemplate,
      check: (v, a) => {
        const list = toBool(v);
        if (list === undefined) return `--list must be true or false, got "${String(v)}"`;
        if (!list) return undefined;
        if (!isTemplate(a)) return '--list needs a URI template such as items://{id}: a fixed URI is listed already';
        const count = placeholders(String(a.uri)).length;
        return count === 1
          ? undefined
          : `--list needs a URI template with exactly one variable, "${String(a.uri)}" has ${count}`;
      },
      parse: yesNo,
    }),
    question({
      name: 'listPath',
      message: 'Upstream path that lists the instances (GET)',
      help: 'with --list: the upstream path answering a JSON array (or {items|data|results: [...]}) (default: --path without its last segment)',
      flagOnly: true,
      default: defaultListPath,
      check: (v, a) => {
        if (!toBool(a.list)) return undefined;
        const problem = checkPath(v);
        if (problem) return problem.replace('--path', '--listPath');
        return placeholders(String(v)).length > 0
          ? `--listPath cannot hold placeholders, got "${String(v)}"`
          : undefined;
      },
      parse: text,
    }),
  ];
}

/** The parsed answers planResource reads. */
export type ResourceAnswers = AnswersOf<ReturnType<typeof resourceQuestions>>;

export interface ResourcePlan {
  name: string;
  title: string;
  description: string;
  uri: string;
  path: string;
  mimeType: string;
  isTemplate: boolean;
  variables: string[];
  pathVariables: string[];
  queryVariables: string[];
  list: boolean;
  listPath?: string;
  prefix: string;
  resourceFile: string;
  resourceVar: string;
}

export function planResource(answers: ResourceAnswers, repo: string, manifest: Manifest): ResourcePlan {
  checkMarkers(repo, RESOURCE_MARKERS, 'add a resource');
  const { uri, name } = answers;
  const variables = uriVariables(uri);
  const inPath = placeholders(answers.path);
  const list = variables.length > 0 && answers.list;
  const { file, variable } = primitiveNames(name, 'resource');
  return {
    name,
    title: answers.title,
    description: answers.description,
    uri,
    path: answers.path,
    mimeType: answers.mimeType,
    isTemplate: variables.length > 0,
    variables,
    pathVariables: variables.filter((v) => inPath.includes(v)),
    queryVariables: variables.filter((v) => !inPath.includes(v)),
    list,
    listPath: list ? answers.listPath : undefined,
    prefix: envPrefix(repo, manifest),
    resourceFile: file,
    resourceVar: variable,
  };
}
