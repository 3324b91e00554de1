// The vocabulary every generator shares: the rules for names (tools, params, env variables), the words
// a tool may not take, the URL path rules, and what a server repo's .mcp-factory.json says about it (its
// name, env prefix, preset, current auth scheme). Part of the engine: it imports no generator, and a
// generator that needs one of these imports it from here, never from another generator.
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST, type Manifest, type RecordedAnswers } from '../actions/recordRun.js';
import { toolNames } from '../primitives/naming.js';
import { MARKERS } from './markers.js';
import { question, text } from './questions.js';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The first line of what was thrown: a refusal is one line. */
export function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** A server name (kebab-case) as an env prefix: `acme-search` → `ACME_SEARCH`. */
export function upperSnake(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

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
  // The lists src/primitives.ts declares (azure.com's resourcegraph: an operation `Resources`, a tool variable
  // `resources` beside `export const resources`).
  'tools',
  'resources',
  'prompts',
  // The generated repo's own test files: a tool's test is test/unit/<file>.test.ts, beside these.
  'auth',
  'client',
  'config',
  'openapiOperations', // dynamic tool mode's test
  'openapi', // the test file that runs the tests of the tools from specs (test/unit/openapi/)
  'z',
  'defineTool',
  'pathWith',
  'inputSchema',
]);

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

export { toBool } from './questions.js';

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
export function toolNameQuestion(repo?: string) {
  return question({
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
    parse: text,
  });
}

/**
 * The repo's env prefix, as the server run recorded it in .mcp-factory.json; in a repo recorded before that,
 * `ENV_PREFIX` in src/config.ts (every server the factory has generated declares it there).
 */
export function envPrefix(repo: string, manifest: Manifest): string {
  if (manifest.facts?.envPrefix) return manifest.facts.envPrefix;
  const config = path.join(repo, 'src/config.ts');
  if (fs.existsSync(config)) {
    const match = /export const ENV_PREFIX\s*=\s*['"]([A-Z][A-Z0-9_]*)['"]/.exec(fs.readFileSync(config, 'utf8'));
    if (match) return match[1];
  }
  throw new Error(
    `cannot tell this server's env prefix: no ENV_PREFIX in src/config.ts and none recorded in ${MANIFEST}`,
  );
}

/** The recorded `server` run's answers (the server's name and preset), or none. */
export function serverRun(manifest: Manifest): RecordedAnswers | undefined {
  return manifest.runs?.find((r) => r.generator === 'server')?.answers;
}

/** What later generators need to know about the server they grow. */
export interface ServerFacts {
  name: string;
  prefix: string;
  /** The preset id the server was generated with (perplexity, gemini, openai, rest). */
  preset: string;
}

/** The server's name, env prefix and preset; refuses (one line) outside a repo made by `server`. */
export function serverFacts(repo: string, manifest: Manifest): ServerFacts {
  const server = serverRun(manifest) ?? {};
  const preset = String(server.preset ?? manifest.preset ?? '');
  if (!preset || typeof server.name !== 'string') {
    throw new Error(`cannot tell which server this is: no server run in ${path.join(repo, MANIFEST)}`);
  }
  return { name: server.name, prefix: envPrefix(repo, manifest), preset };
}

/** The run that set the auth scheme in place: the last `auth` run, else the server run (when it chose one). */
export function authRun(manifest: Manifest): { answers: RecordedAnswers; schemeFlag: 'scheme' | 'auth' } | undefined {
  const last = [...(manifest.runs ?? [])]
    .reverse()
    .find((r) => r.generator === 'auth' || (r.generator === 'server' && r.answers.auth));
  if (!last) return undefined;
  return { answers: last.answers, schemeFlag: last.generator === 'auth' ? 'scheme' : 'auth' };
}

/** The auth scheme in place (none, bearer, header, query, basic, oauth2), or undefined when no run chose one. */
export function currentScheme(manifest: Manifest): string | undefined {
  if (manifest.facts?.auth) return manifest.facts.auth;
  const run = authRun(manifest);
  return run ? String(run.answers[run.schemeFlag]) : undefined;
}
