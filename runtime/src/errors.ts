// Upstream failures, classified once, and turned into tool results a person can act on.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { RuntimeConfig } from './config.js';
import { redact } from './secrets.js';

/** What a caught value says: its message when it has one (an Error of any realm), else the value as text. */
export function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null && 'message' in error ? error.message : undefined;
  return typeof message === 'string' ? message : String(error);
}

export type UpstreamErrorKind =
  | 'missing_key'
  | 'auth'
  | 'quota'
  | 'rate_limited'
  | 'bad_request'
  | 'not_found'
  | 'server'
  | 'network'
  | 'timeout'
  | 'circuit_open'
  | 'bad_response'
  | 'too_large'
  | 'cancelled';

export class UpstreamError extends Error {
  /** Filled in by the client when it gives up: how hard it tried. */
  attempts = 1;
  elapsedMs = 0;
  /** A network error before the request left this machine (no connection was made). */
  notSent = false;

  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly status?: number,
    /** Server's hint (Retry-After header or Gemini's RetryInfo.retryDelay), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(redact(message));
    this.name = 'UpstreamError';
  }
}

/** A credential variable that a call needs and that is not set. */
export function missingVariable(name: string): UpstreamError {
  return new UpstreamError('missing_key', `${name} is not set: add it to this server's environment (see README.md)`);
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether to try again. A request that is not idempotent (POST, PATCH: repeating it could create or
 * change something twice) is retried only when the upstream certainly did not act on it: 429 and
 * 503 say "not now", and a connection that was never made carried nothing. A timeout, a 500 or a
 * reset connection may hide a request that did take effect, so those are reported instead.
 */
export function isRetryable(error: unknown, idempotent = true): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (!idempotent) return error.notSent || ((error.status === 429 || error.status === 503) && error.kind !== 'quota');
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  return error.kind !== 'quota' && error.status !== undefined && RETRYABLE_STATUS.has(error.status);
}

/** Failures that say the upstream is unhealthy (feed the circuit breaker); 4xx are the caller's. */
export function isUpstreamFault(error: unknown): boolean {
  return isRetryable(error) && (error as UpstreamError).status !== 429;
}

/** Retry-After: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface ErrorBody {
  error?: {
    message?: string;
    code?: string | number;
    type?: string;
    status?: string;
    details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string }>;
  };
  message?: string;
}

function parseBody(text: string): ErrorBody {
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (Array.isArray(parsed) ? (parsed[0] ?? {}) : parsed) : {};
  } catch {
    return {};
  }
}

function upstreamMessage(body: ErrorBody, text: string): string {
  const message = body.error?.message ?? body.message ?? text;
  return String(message).replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Turns a non-2xx response into a classified error. */
export function classifyResponse(status: number, text: string, headers: Headers, config: RuntimeConfig): UpstreamError {
  const body = parseBody(text);
  const details = body.error?.details ?? [];
  const said = upstreamMessage(body, text);
  const api = config.apiName;
  if (status === 401 || status === 403 || details.some((d) => d.reason === 'API_KEY_INVALID')) {
    const { what, fix } = config.authRejected;
    return new UpstreamError('auth', `${api} rejected ${what} (${status}): ${fix}`, status);
  }
  if (body.error?.code === 'insufficient_quota' || body.error?.type === 'insufficient_quota') {
    return new UpstreamError(
      'quota',
      `${api} says the account has no quota left (insufficient_quota): check its plan and billing`,
      status,
    );
  }
  if (status === 429) {
    const hint = details.find((d) => d['@type']?.endsWith('RetryInfo'))?.retryDelay;
    const retryAfterMs =
      parseRetryAfter(headers.get('retry-after')) ?? (hint ? parseRetryAfter(hint.replace(/s$/, '')) : undefined);
    return new UpstreamError('rate_limited', `${api} rate limited the request (429)`, status, retryAfterMs);
  }
  if (status === 404) return new UpstreamError('not_found', `${api} returned 404 Not Found: ${said}`, status);
  if (status >= 500 || RETRYABLE_STATUS.has(status)) {
    return new UpstreamError(
      'server',
      `${api} failed (${status}): ${said}`,
      status,
      parseRetryAfter(headers.get('retry-after')),
    );
  }
  return new UpstreamError('bad_request', `${api} rejected the request (${status}): ${said}`, status);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The text a user sees: what happened, and for retried calls how hard we tried. */
export function describe(error: unknown, config: RuntimeConfig): string {
  if (!(error instanceof UpstreamError)) {
    return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  }
  const tried = error.attempts > 1 ? `: gave up after ${error.attempts} attempts over ${seconds(error.elapsedMs)}` : '';
  switch (error.kind) {
    case 'rate_limited':
      return `rate limited by ${config.apiName}${tried || ' (429)'}`;
    case 'server':
    case 'network':
      return `${error.message}${tried}`;
    case 'timeout':
      return `${config.apiName} did not answer in time (${error.message})${tried}`;
    default:
      return error.message;
  }
}

export function toToolResult(error: unknown, config: RuntimeConfig): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: redact(describe(error, config)) }] };
}
