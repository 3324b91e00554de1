// The one upstream HTTP client every tool calls: auth, resilience and error mapping live here, so
// each present and future tool inherits them. A server's src/client.ts binds it to its auth scheme.
import { CircuitState } from 'cockatiel';
import type { RuntimeConfig } from './config.js';
import { UpstreamError, classifyResponse, missingVariable, messageOf } from './errors.js';
import { createPolicy, toUpstreamError } from './resilience.js';
import { activeTracer, type AttemptSpan } from './tracing/active.js';
import { activeTap, authFieldsOf, type AuthFields } from './record/active.js';
import { currentUser, type UserCredentialScope } from './userCredential.js';
import type { HttpMethod, UpstreamExchange } from './exchange.js';

export type { HttpMethod, UpstreamExchange } from './exchange.js';

export type QueryValue = string | number | boolean | undefined | Array<string | number | boolean>;

export interface UpstreamRequest {
  method?: HttpMethod;
  /** Path below the base URL, already encoded (use `pathWith` for `{param}` templates). */
  path: string;
  /**
   * The path's template (`/items/{id}`), for traces: an attempt's span is named `{METHOD} {route}`. Without it
   * the span names the method only: the path as sent may hold an argument's value.
   */
  route?: string;
  query?: Record<string, QueryValue>;
  /** Extra request headers (an API's header parameters); the credentials are added after them. */
  headers?: Record<string, string>;
  /**
   * Sent as JSON; a URLSearchParams or FormData (a form body) is sent as it is, with fetch's content type; with
   * `contentType`, a string is sent as it is.
   */
  body?: unknown;
  /**
   * A raw body's media type (an OpenAPI body offered only as text: `application/jwt`, `text/plain`,
   * `application/xml`): a string body is sent byte for byte with this Content-Type, not as JSON.
   */
  contentType?: string;
  /** Aborts the call, e.g. when the MCP client cancels the request. */
  signal?: AbortSignal;
  /** How to read a 2xx body: JSON (default) or plain text. */
  responseType?: 'json' | 'text';
  /**
   * Whether repeating the request is harmless, which decides what is retried (errors.ts isRetryable).
   * Default: true for GET, PUT and DELETE, false for POST and PATCH.
   */
  idempotent?: boolean;
}

const IDEMPOTENT_METHODS = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);
// Connection errors raised before any byte of the request was sent.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The upstream credentials (a server's src/auth.ts, one scheme at a time, written by `npx plop auth`). */
export interface Auth {
  /** Adds the credentials to an outgoing request (a header, a query parameter, a fresh token). */
  apply(url: URL, headers: Record<string, string>): void | Promise<void>;
  /** After a 401: gets fresh credentials; true when the call is worth one more try. */
  refresh(): Promise<boolean>;
  /**
   * Per-user mode (userCredential.ts): adds the calling user's credential where this scheme puts its own key.
   * A scheme without it (none) cannot serve per-user calls.
   */
  applyUser?(credential: string, url: URL, headers: Record<string, string>): void;
}

/** What the client needs of a server's auth scheme. */
export interface UpstreamAuth {
  auth: Auth;
  /** The credential variables a call needs and that are not set (a call then fails at once, naming the first). */
  missing(): string[];
}

export interface Upstream {
  request<T = unknown>(request: UpstreamRequest): Promise<T>;
}

/** Sees every attempt (persistence records them); absent unless a generator wires one in. */
export type UpstreamObserver = (exchange: UpstreamExchange) => void;

/** A form body (an OpenAPI form or multipart request body): sent as it is, not as JSON. */
const isFormBody = (body: unknown): body is URLSearchParams | FormData =>
  body instanceof URLSearchParams || body instanceof FormData;

/** Fills `{name}` placeholders with URL-encoded values. */
export function pathWith(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(params[key])));
}

export function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): URL {
  const url = new URL(baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}

/**
 * Reads a body, never more than `limit` bytes (counted after decompression): a larger Content-Length
 * is refused before any of the body is read, and a body that grows past the limit (chunked, endless,
 * or a small gzip that expands) is cancelled, which closes the connection. Memory stays bounded
 * whatever the upstream sends.
 */
export async function readBounded(
  response: Response,
  limit: number,
  apiName: string,
  envPrefix: string,
): Promise<string> {
  const tooLarge = (seen: string) =>
    new UpstreamError(
      'too_large',
      `${apiName} sent a response of ${seen}, over this server's limit of ${limit} bytes: ask for less (a filter or a smaller page), or raise ${envPrefix}_MAX_RESPONSE_BYTES`,
    );
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    response.body?.cancel().catch(() => undefined);
    throw tooLarge(`${declared} bytes (Content-Length)`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => undefined);
      throw tooLarge(`more than ${limit} bytes (stopped reading at ${size})`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A user's credential is theirs: an observer (persistence) never gets it, wherever it appears (the URL of the
 * query scheme, a body or an error that echoes it). The shared key is redacted by the observer (secrets.ts).
 */
function withoutCredential(exchange: UpstreamExchange, credential: string): UpstreamExchange {
  const hide = (text: string) => text.split(credential).join('[redacted]');
  const body = exchange.requestBody === undefined ? undefined : JSON.parse(hide(JSON.stringify(exchange.requestBody)));
  return {
    ...exchange,
    url: hide(exchange.url),
    requestBody: body,
    responseBody: exchange.responseBody === undefined ? undefined : hide(exchange.responseBody),
    error: exchange.error === undefined ? undefined : hide(exchange.error),
  };
}

/** Per-user mode: a call without its user's credential fails at once; it never falls back to the shared key. */
function assertUserCredential(user: UserCredentialScope, auth: Auth, apiName: string): void {
  if (!auth.applyUser) {
    throw new UpstreamError(
      'missing_key',
      `this server's auth scheme sends no credential to ${apiName}: per-user credentials need one`,
    );
  }
  if (!user.credential) {
    throw new UpstreamError(
      'missing_key',
      `this request carries no credential for ${apiName}: send it in ${user.source}`,
    );
  }
}

export function createUpstreamClient(
  config: RuntimeConfig,
  credentials: UpstreamAuth,
  fetchImpl: typeof fetch = fetch,
  observe?: UpstreamObserver,
): Upstream {
  const { policy, nonIdempotentPolicy, breaker } = createPolicy(config);
  const { auth } = credentials;

  /** One attempt, in its own span when tracing is on (the runtime's tracing module). */
  function traced(request: UpstreamRequest, signal: AbortSignal, resendCount: number): Promise<unknown> {
    const tracer = activeTracer();
    if (!tracer) return attempt(request, signal);
    const base = new URL(config.baseUrl);
    const info = {
      method: request.method ?? 'GET',
      route: request.route,
      host: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      resendCount,
      breaker: CircuitState[breaker.state].toLowerCase(),
    };
    return tracer.attempt(info, (span) => attempt(request, signal, span));
  }

  async function attempt(request: UpstreamRequest, signal: AbortSignal, span?: AttemptSpan): Promise<unknown> {
    const url = buildUrl(config.baseUrl, request.path, request.query);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    const user = currentUser();
    const applyCredentials = async () => {
      if (user?.credential)
        auth.applyUser?.(user.credential, url, headers); // checked in request(): applyUser exists
      else await auth.apply(url, headers);
    };
    // Recording notes which headers and query parameters the credentials set; a replay sends none.
    const tap = activeTap(); // undefined unless <PREFIX>_RECORD or <PREFIX>_REPLAY is set (record/mode.ts)
    let authFields: AuthFields | undefined;
    if (!tap) await applyCredentials();
    else if (!tap.replaying) authFields = await authFieldsOf(url, headers, applyCredentials);
    span?.inject(headers);
    const { body } = request;
    const form = isFormBody(body);
    const raw = typeof body === 'string' && request.contentType !== undefined ? body : undefined;
    if (body !== undefined && !form)
      headers['content-type'] = (raw !== undefined && request.contentType) || 'application/json';
    const started = Date.now();
    const watched = Boolean(observe || authFields);
    const seen = (outcome: Partial<UpstreamExchange>, responseHeaders?: Headers) => {
      const exchange: UpstreamExchange = {
        method: request.method ?? 'GET',
        url: url.href,
        requestBody: form ? [...body] : body,
        durationMs: Date.now() - started,
        ...outcome,
      };
      const shown = user?.credential ? withoutCredential(exchange, user.credential) : exchange;
      observe?.(shown);
      if (authFields) {
        const requestHeaders = { ...headers };
        tap?.exchange({ ...shown, baseUrl: config.baseUrl, requestHeaders, responseHeaders, auth: authFields });
      }
    };
    let response: Response;
    try {
      response = tap?.replaying
        ? tap.replay({ method: request.method ?? 'GET', url, baseUrl: config.baseUrl, headers, body })
        : await fetchImpl(url, {
            method: request.method ?? 'GET',
            headers,
            body: form ? body : (raw ?? JSON.stringify(body)),
            signal,
          });
    } catch (error) {
      if (error instanceof UpstreamError) throw error; // a replay without a recorded answer (record/replay.ts)
      if (signal.aborted) {
        if (watched) seen({ error: 'aborted: attempt timed out or call cancelled' });
        throw error;
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const failure = new UpstreamError(
        'network',
        `could not reach ${config.apiName} at ${url.host}: ${cause?.code ?? cause?.message ?? messageOf(error)}`,
      );
      failure.notSent = NOT_SENT_CODES.has(cause?.code ?? '');
      if (watched) seen({ error: failure.message });
      throw failure;
    }
    let text: string;
    try {
      text = await readBounded(response, config.limits.maxResponseBytes, config.apiName, config.envPrefix);
    } catch (error) {
      if (watched) seen({ status: response.status, error: messageOf(error) }, response.headers);
      throw error;
    }
    span?.response(response.status, Buffer.byteLength(text));
    if (watched) seen({ status: response.status, responseBody: text }, response.headers);
    if (!response.ok) {
      // A user's own credential rejected: say so, not "set <PREFIX>_API_KEY" (the shared key played no part).
      const rejected = user?.credential
        ? { what: 'the credential this request carried', fix: `check the one sent in ${user.source}` }
        : config.authRejected;
      throw classifyResponse(response.status, text, response.headers, { ...config, authRejected: rejected });
    }
    if (request.responseType === 'text') return text;
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new UpstreamError(
        'bad_response',
        `${config.apiName} answered ${response.status} with a body that is not JSON`,
      );
    }
  }

  return {
    async request<T>(request: UpstreamRequest): Promise<T> {
      const started = Date.now();
      let attempts = 0;
      const user = currentUser();
      if (activeTap()?.replaying) {
        // A replay answers from recordings, which hold no credential: none is needed.
      } else if (user) assertUserCredential(user, auth, config.apiName);
      else {
        const missing = credentials.missing();
        if (missing.length > 0) throw missingVariable(missing[0]); // at once, without a network call or a retry
      }
      if (!config.baseUrl) throw missingVariable(`${config.envPrefix}_BASE_URL`); // a server generated without a base URL
      const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method ?? 'GET');
      const run = async () =>
        (await (idempotent ? policy : nonIdempotentPolicy).execute(({ signal }) => {
          attempts += 1;
          return traced(request, signal, attempts - 1);
        }, request.signal)) as T;
      try {
        try {
          return await run();
        } catch (error) {
          // Credentials that expired or were revoked: fresh ones if the scheme can get them, then one more try.
          // Not in per-user mode: the shared scheme's refresh has nothing to do with a user's own credential.
          if (!(error instanceof UpstreamError && error.status === 401 && !user && (await auth.refresh()))) throw error;
          return await run();
        }
      } catch (error) {
        const mapped = toUpstreamError(error, config, request.signal);
        if (mapped instanceof UpstreamError) {
          mapped.attempts = Math.max(attempts, 1);
          mapped.elapsedMs = Date.now() - started;
        }
        throw mapped;
      }
    },
  };
}
