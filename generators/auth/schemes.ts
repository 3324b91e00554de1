// How a generated server authenticates to its upstream: the schemes, their questions (each also a
// flag, asked only when it applies to the chosen scheme), validation, and the plan the auth templates
// render from. Shared by `npx plop auth` and `npx plop server --auth` (one implementation).
import { z } from 'zod';
import type { RecordedAnswers, RecordedValue } from '../../engine/actions/recordRun.js';
import { HTTP_TOKEN, SCHEMES, type SchemeDefaults, type SchemeId } from '../../engine/contract/presets.js';
import { question, questions, type GivenAnswers } from '../../engine/contract/questions.js';

const schemeSchema = z.enum(SCHEMES);

/** One environment variable a scheme reads. */
export interface AuthVar {
  name: string;
  description: string;
  secret: boolean;
  required: boolean;
  /** Shown in docs for settings that have a default. */
  default?: string;
}

export interface AuthPlan {
  scheme: SchemeId;
  /** Credentials are sent when set, and calls work without them (the rest preset's default). */
  optional: boolean;
  headerName?: string;
  queryParam?: string;
  envVar?: string;
  usernameVar?: string;
  passwordVar?: string;
  clientIdVar?: string;
  clientSecretVar?: string;
  tokenUrl?: string;
  /** Lets a deployment (or a test) point at another token endpoint. */
  tokenUrlVar?: string;
  scopes?: string;
  audience?: string;
  /** Every variable the scheme reads, for config docs and server.json. */
  vars: AuthVar[];
  /** One line for summaries and docs. */
  summary: string;
}

/** The answers that shape a scheme (recorded in .mcp-factory.json, replayed by `update`). */
export const AUTH_FIELDS = [
  'headerName',
  'queryParam',
  'envVar',
  'usernameVar',
  'passwordVar',
  'clientIdVar',
  'clientSecretVar',
  'tokenUrl',
  'scopes',
  'audience',
] as const;
type AuthField = (typeof AUTH_FIELDS)[number];

/** The schemes that send one key, which may be optional (sent when set); basic and oauth2 always need theirs. */
const KEY_SCHEMES: readonly SchemeId[] = ['bearer', 'header', 'query'];

const appliesTo: Record<AuthField, readonly SchemeId[]> = {
  headerName: ['header'],
  queryParam: ['query'],
  envVar: ['bearer', 'header', 'query'],
  usernameVar: ['basic'],
  passwordVar: ['basic'],
  clientIdVar: ['oauth2'],
  clientSecretVar: ['oauth2'],
  tokenUrl: ['oauth2'],
  scopes: ['oauth2'],
  audience: ['oauth2'],
};

const QUERY_NAME = /^[A-Za-z0-9_.~-]+$/;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function checkTokenUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `--tokenUrl must be a URL, got "${value}"`;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return undefined;
  return `--tokenUrl must be https (http only for localhost), got "${value}"`;
}

const checks: Record<AuthField, (value: string) => string | undefined> = {
  headerName: (v) =>
    HTTP_TOKEN.test(v)
      ? undefined
      : `--headerName must be an HTTP header name (letters, digits, - and a few symbols), got "${v}"`,
  queryParam: (v) =>
    QUERY_NAME.test(v)
      ? undefined
      : `--queryParam must be a query parameter name (letters, digits, _ . ~ -), got "${v}"`,
  envVar: (v) => upperSnake('envVar', v),
  usernameVar: (v) => upperSnake('usernameVar', v),
  passwordVar: (v) => upperSnake('passwordVar', v),
  clientIdVar: (v) => upperSnake('clientIdVar', v),
  clientSecretVar: (v) => upperSnake('clientSecretVar', v),
  tokenUrl: checkTokenUrl,
  scopes: (v) =>
    /^[\x21-\x7e]+([ ,][\x21-\x7e]+)*$/.test(v) && !/["\\]/.test(v)
      ? undefined
      : `--scopes must be scope names separated by spaces or commas, got "${v}"`,
  audience: (v) => (/^[^\r\n]{1,500}$/.test(v) ? undefined : '--audience must be one line'),
};

function upperSnake(flag: string, value: string): string | undefined {
  return UPPER_SNAKE.test(value)
    ? undefined
    : `--${flag} must be an UPPER_SNAKE environment variable name, got "${value}"`;
}

const given = (value: unknown) => value !== undefined && value !== '';

// Each answer's typed value (from one its question accepted, or from a recorded run).
const parseScheme = (value: unknown): SchemeId => schemeSchema.parse(value);
/** A field's value; undefined when not given (the field is not the scheme's). */
const parseField = (value: unknown): string | undefined => (given(value) ? String(value).trim() : undefined);
const parseOptional = (value: unknown): boolean => value === true;

/** The answers a scheme's plan is made from, whatever the scheme answer is called (`scheme`, or `auth` in `server`). */
export type AuthAnswers = { scheme: SchemeId; optional: boolean } & { [F in AuthField]?: string };

/** A recorded run's answers, through the questions' parsers (`schemeFlag` names the scheme answer). */
export function recordedAuthAnswers(recorded: RecordedAnswers, schemeFlag: 'scheme' | 'auth'): AuthAnswers {
  const answers: AuthAnswers = {
    scheme: parseScheme(recorded[schemeFlag]),
    optional: parseOptional(recorded.optional),
  };
  for (const field of AUTH_FIELDS) answers[field] = parseField(recorded[field]);
  return answers;
}

/**
 * The questions for choosing a scheme. The flag is `--auth` everywhere; `schemeFlag` is the answer's name:
 * `scheme` for `npx plop auth` (as its runs are recorded) and `auth` for
 * `npx plop server`; `prefixOf` gives the env prefix from the answers so far; `defaults` are the
 * preset's (e.g. gemini's x-goog-api-key header).
 */
export function authQuestions<const Flag extends 'scheme' | 'auth'>(
  schemeFlag: Flag,
  prefixOf: (answers: GivenAnswers) => string,
  defaults: (answers: GivenAnswers) => SchemeDefaults = () => ({}),
) {
  // The scheme answer was checked before any question that reads it.
  const schemeOf = (a: GivenAnswers) => schemeSchema.safeParse(a[schemeFlag]).data;
  const applies = (field: AuthField, a: GivenAnswers) => appliesTo[field].some((scheme) => scheme === schemeOf(a));
  const isKeyScheme = (a: GivenAnswers) => KEY_SCHEMES.some((scheme) => scheme === schemeOf(a));
  const fallback: Record<AuthField, (a: GivenAnswers) => string | undefined> = {
    headerName: (a) => defaults(a).headerName ?? 'X-Api-Key',
    queryParam: (a) => defaults(a).queryParam ?? 'api_key',
    envVar: (a) => `${prefixOf(a)}_API_KEY`,
    usernameVar: (a) => `${prefixOf(a)}_USERNAME`,
    passwordVar: (a) => `${prefixOf(a)}_PASSWORD`,
    clientIdVar: (a) => `${prefixOf(a)}_CLIENT_ID`,
    clientSecretVar: (a) => `${prefixOf(a)}_CLIENT_SECRET`,
    tokenUrl: (a) => defaults(a).tokenUrl,
    scopes: (a) => defaults(a).scopes,
    audience: () => undefined,
  };
  const messages: Record<AuthField, string> = {
    headerName: 'Header that carries the key',
    queryParam: 'Query parameter that carries the key',
    envVar: 'Environment variable with the key',
    usernameVar: 'Environment variable with the user name',
    passwordVar: 'Environment variable with the password',
    clientIdVar: 'Environment variable with the OAuth client id',
    clientSecretVar: 'Environment variable with the OAuth client secret',
    tokenUrl: 'OAuth token URL (https)',
    scopes: 'OAuth scopes, space-separated (empty for none)',
    audience: 'OAuth audience (empty for none)',
  };
  const helps: Record<AuthField, string> = {
    headerName: 'header scheme: header name, e.g. X-Api-Key, x-goog-api-key (default X-Api-Key)',
    queryParam: 'query scheme: parameter name, e.g. key, api_key (default api_key)',
    envVar: 'bearer, header, query: variable with the key (default <PREFIX>_API_KEY)',
    usernameVar: 'basic: variable with the user name (default <PREFIX>_USERNAME)',
    passwordVar: 'basic: variable with the password (default <PREFIX>_PASSWORD)',
    clientIdVar: 'oauth2: variable with the client id (default <PREFIX>_CLIENT_ID)',
    clientSecretVar: 'oauth2: variable with the client secret (default <PREFIX>_CLIENT_SECRET)',
    tokenUrl: 'oauth2: token endpoint, https (http only for localhost) (required for oauth2)',
    scopes: 'oauth2: scopes to request, space-separated (optional)',
    audience: 'oauth2: audience to request (optional)',
  };
  return questions(
    question({
      name: schemeFlag,
      // One flag for the answer in every generator: --auth (`npx plop auth` recorded it as `scheme`, its old flag).
      ...(schemeFlag === 'scheme' ? { flag: 'auth', deprecatedFlags: ['scheme'] } : {}),
      message: 'How the server authenticates to the upstream',
      type: 'list',
      choices: SCHEMES,
      help: `how the server authenticates to the upstream${schemeFlag === 'auth' ? " (default: the preset's)" : ''}; the flags below belong to one scheme each`,
      default: (a) => defaults(a).scheme ?? 'bearer',
      check: (v) =>
        schemeSchema.safeParse(v).success
          ? undefined
          : `--auth must be one of ${SCHEMES.join(', ')}, got "${String(v)}"`,
      parse: parseScheme,
    }),
    ...AUTH_FIELDS.map((field) =>
      question({
        name: field,
        message: messages[field],
        help: helps[field],
        when: (a) => applies(field, a),
        default: (a) => (applies(field, a) ? fallback[field](a) : undefined),
        check: (v, a) => {
          const scheme = schemeOf(a);
          if (!applies(field, a)) {
            return given(v)
              ? `--${field} does not apply to --auth ${scheme} (it is for ${appliesTo[field].join(', ')})`
              : undefined;
          }
          if (!given(v))
            return field === 'tokenUrl'
              ? 'missing --tokenUrl: the oauth2 scheme needs the token endpoint, e.g. https://auth.example.com/oauth/token'
              : undefined;
          return checks[field](String(v));
        },
        parse: parseField,
      }),
    ),
    question({
      name: 'optional',
      message: 'Calls work without the key (it is sent when set)',
      type: 'confirm',
      // A flag only: the default (the preset's, or the repo's current setting) is what most runs want.
      flagOnly: true,
      help: `${KEY_SCHEMES.join(', ')}: the key is optional, sent when set (--no-optional: required; default: the preset's for a new server, the repo's current setting when switching)`,
      default: (a) => (isKeyScheme(a) ? defaults(a).optional === true : undefined),
      check: (v, a) =>
        v !== undefined && !isKeyScheme(a)
          ? `--optional does not apply to --auth ${schemeOf(a)} (it is for ${KEY_SCHEMES.join(', ')})`
          : undefined,
      parse: parseOptional,
    }),
  );
}

/** The plan of a scheme from parsed answers (those of `auth` or `server`, or a recorded run's). */
export function planAuth(answers: AuthAnswers, prefix: string): AuthPlan {
  const { scheme } = answers;
  const optional = KEY_SCHEMES.includes(scheme) && answers.optional;
  const pick = (field: AuthField) => answers[field];
  const plan: AuthPlan = { scheme, optional, vars: [], summary: '' };
  for (const field of AUTH_FIELDS) if (appliesTo[field].includes(scheme)) Object.assign(plan, { [field]: pick(field) });
  // A field the scheme uses always has a value (its question has a default for that scheme).
  const field = (name: AuthField): string => {
    const value = pick(name);
    if (value === undefined) throw new Error(`--${name} is missing for --auth ${scheme}`);
    return value;
  };
  const required = !optional;
  const secretVar = (name: string, description: string): AuthVar => ({ name, description, secret: true, required });
  switch (scheme) {
    case 'none':
      plan.summary = 'no credentials';
      break;
    case 'bearer':
      plan.vars = [secretVar(field('envVar'), 'API key, sent as Authorization: Bearer')];
      plan.summary = `Authorization: Bearer $${plan.envVar}`;
      break;
    case 'header':
      plan.vars = [secretVar(field('envVar'), `API key, sent in the ${plan.headerName} header`)];
      plan.summary = `${plan.headerName}: $${plan.envVar}`;
      break;
    case 'query':
      plan.vars = [secretVar(field('envVar'), `API key, sent as the ${plan.queryParam} query parameter`)];
      plan.summary = `?${plan.queryParam}=$${plan.envVar}`;
      break;
    case 'basic':
      plan.vars = [
        secretVar(field('usernameVar'), 'user name for HTTP Basic auth'),
        secretVar(field('passwordVar'), 'password for HTTP Basic auth'),
      ];
      plan.summary = `Authorization: Basic base64($${plan.usernameVar}:$${plan.passwordVar})`;
      break;
    case 'oauth2':
      plan.tokenUrlVar = `${prefix}_TOKEN_URL`;
      plan.vars = [
        secretVar(field('clientIdVar'), 'OAuth 2 client id (client credentials grant)'),
        secretVar(field('clientSecretVar'), 'OAuth 2 client secret (client credentials grant)'),
        {
          name: plan.tokenUrlVar,
          description: 'OAuth 2 token endpoint',
          secret: false,
          required: false,
          default: plan.tokenUrl,
        },
      ];
      plan.summary = `OAuth 2 client credentials from ${plan.tokenUrl}`;
      break;
  }
  return plan;
}

/** The answers to record for a plan (what `planAuth` needs to make it again). */
export function recordAuth(plan: AuthPlan, schemeFlag: 'scheme' | 'auth'): RecordedAnswers {
  const recorded: Record<string, RecordedValue> = { [schemeFlag]: plan.scheme };
  for (const field of AUTH_FIELDS) if (plan[field] !== undefined) recorded[field] = plan[field];
  // Recorded either way: a replay must not fall back to a default that may have changed since.
  if (KEY_SCHEMES.includes(plan.scheme)) recorded.optional = plan.optional;
  return recorded;
}

/** The scheme's variables as server.json `environmentVariables` entries (the MCP registry's shape). */
export function serverJsonVars(
  plan: AuthPlan,
): Array<{ name: string; description: string; isRequired: boolean; isSecret: boolean }> {
  return plan.vars.map((v) => ({
    name: v.name,
    description: v.description,
    isRequired: v.required,
    isSecret: v.secret,
  }));
}
