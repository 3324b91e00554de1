// HTTP mode's settings: command-line flags (--http --port --host --stateful) over environment
// variables (PORT and <PREFIX>_HTTP_*). Checked once at startup: a bad value, or a server reachable
// beyond this machine without inbound auth, stops the start with one line.
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { addSecret } from '../secrets.js';

export class HttpOptionsError extends Error {}

export interface JwtAuthOptions {
  jwksUrl: URL;
  issuer: string;
  audience: string;
}

export interface HttpOptions {
  host: string;
  port: number;
  stateful: boolean;
  /** The URL clients use for the MCP endpoint: the protected resource of RFC 9728. */
  publicUrl: URL;
  allowedHosts: string[];
  allowedOrigins: string[];
  /** Static bearer tokens (registered as secrets: never logged). */
  tokens: string[];
  jwt?: JwtAuthOptions;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  maxConcurrent: number;
  maxSessions: number;
  drainMs: number;
  /** Signs multi-round-trip request state (the runtime's input-required module); unset: a random key per process (secret). */
  requestStateKey?: string;
  /**
   * Per-user upstream credentials: the inbound header (lower case) whose value each request's upstream calls send
   * instead of the shared key (the runtime's user-credential module); unset: the shared key.
   */
  userCredentialHeader?: string;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const LOOPBACK_BINDS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const MIN_TOKEN_LENGTH = 16;
/** The request-state HMAC key's minimum (the SDK's codec refuses shorter keys). */
const MIN_STATE_KEY_LENGTH = 32;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
  HTTP_STATEFUL: z.enum(['true', 'false', '1', '0']).optional(),
  HTTP_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  HTTP_ALLOWED_HOSTS: list,
  HTTP_ALLOWED_ORIGINS: list,
  HTTP_TOKENS: list,
  HTTP_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  HTTP_ISSUER: z.string().trim().min(1).optional(),
  HTTP_AUDIENCE: z.string().trim().min(1).optional(),
  HTTP_MAX_BODY_BYTES: positiveInt(1_048_576),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(60_000),
  HTTP_MAX_CONCURRENT: positiveInt(64),
  HTTP_MAX_SESSIONS: positiveInt(1000),
  HTTP_DRAIN_MS: positiveInt(10_000),
  HTTP_REQUEST_STATE_KEY: z.string().optional(),
  HTTP_USER_CREDENTIAL_HEADER: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'a header name (letters, digits and -)')
    .transform((name) => name.toLowerCase())
    .optional(),
});

/** The variable a key of envSchema is read from: PORT as it is (platforms set it), the rest prefixed. */
const envVar = (prefix: string, key: string) => (key === 'PORT' ? 'PORT' : `${prefix}_${key}`);

function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: argv.slice(2),
      options: {
        http: { type: 'boolean' },
        stateful: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new HttpOptionsError(String(error instanceof Error ? error.message : error).split('\n')[0]);
  }
}

/** Hostname as the Host header carries it (IPv6 in brackets). */
const hostForHeader = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** `envPrefix`: the server's (`<PREFIX>_HTTP_TOKENS`, ...), as its config names its other variables. */
export function loadHttpOptions(
  envPrefix: string,
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): HttpOptions {
  const envName = (key: string) => envVar(envPrefix, key);
  const flags = readFlags(argv);
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[envName(key)];
    raw[key] = value === '' ? undefined : value;
  }
  if (flags.port !== undefined) raw.PORT = flags.port;
  if (flags.host !== undefined) raw.HTTP_HOST = flags.host;
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    const source =
      key === 'PORT' && flags.port !== undefined
        ? '--port'
        : key === 'HTTP_HOST' && flags.host !== undefined
          ? '--host'
          : envName(key);
    throw new HttpOptionsError(`invalid ${source}: ${issue.message}`);
  }
  const e = parsed.data;
  const host = e.HTTP_HOST;
  const loopbackOnly = LOOPBACK_BINDS.has(host);

  for (const token of e.HTTP_TOKENS) {
    if (token.length < MIN_TOKEN_LENGTH)
      throw new HttpOptionsError(`${envPrefix}_HTTP_TOKENS: every token needs at least ${MIN_TOKEN_LENGTH} characters`);
    addSecret(token);
  }
  const requestStateKey = e.HTTP_REQUEST_STATE_KEY;
  if (requestStateKey !== undefined && Buffer.byteLength(requestStateKey) < MIN_STATE_KEY_LENGTH)
    throw new HttpOptionsError(
      `${envPrefix}_HTTP_REQUEST_STATE_KEY needs at least ${MIN_STATE_KEY_LENGTH} bytes (e.g. openssl rand -base64 48)`,
    );
  addSecret(requestStateKey);
  const { HTTP_JWKS_URL: jwksUrl, HTTP_ISSUER: issuer, HTTP_AUDIENCE: audience } = e;
  const jwt = jwksUrl && issuer && audience ? { jwksUrl: new URL(jwksUrl), issuer, audience } : undefined;
  if (!jwt && (jwksUrl || issuer || audience))
    throw new HttpOptionsError(
      `OAuth needs all of ${envPrefix}_HTTP_JWKS_URL, ${envPrefix}_HTTP_ISSUER and ${envPrefix}_HTTP_AUDIENCE`,
    );
  if (!loopbackOnly && e.HTTP_TOKENS.length === 0 && !jwt)
    throw new HttpOptionsError(
      `refusing to listen on ${host} without inbound auth: set ${envPrefix}_HTTP_TOKENS or ${envPrefix}_HTTP_JWKS_URL/_ISSUER/_AUDIENCE`,
    );

  const publicUrl = new URL(
    e.HTTP_PUBLIC_URL ??
      `http://${hostForHeader(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host)}:${e.PORT}/mcp`,
  );
  const allowedHosts = [...new Set([...LOOPBACK, ...e.HTTP_ALLOWED_HOSTS, publicUrl.hostname])];
  if (!loopbackOnly && host !== '0.0.0.0' && host !== '::') allowedHosts.push(hostForHeader(host));
  const userCredentialHeader = e.HTTP_USER_CREDENTIAL_HEADER;
  if (userCredentialHeader === 'authorization' && (e.HTTP_TOKENS.length > 0 || jwt))
    throw new HttpOptionsError(
      `${envPrefix}_HTTP_USER_CREDENTIAL_HEADER: Authorization carries the inbound token here; name another header (e.g. X-Upstream-Key)`,
    );
  return {
    host,
    port: e.PORT,
    stateful: flags.stateful ?? ['true', '1'].includes(e.HTTP_STATEFUL ?? ''),
    publicUrl,
    allowedHosts: [...new Set(allowedHosts)],
    allowedOrigins: [...new Set([...allowedHosts, ...e.HTTP_ALLOWED_ORIGINS])],
    tokens: e.HTTP_TOKENS,
    jwt,
    maxBodyBytes: e.HTTP_MAX_BODY_BYTES,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    maxConcurrent: e.HTTP_MAX_CONCURRENT,
    maxSessions: e.HTTP_MAX_SESSIONS,
    drainMs: e.HTTP_DRAIN_MS,
    requestStateKey,
    userCredentialHeader,
  };
}
