// The variables the runtime itself reads from a server's environment (`<PREFIX>_TIMEOUT_MS`, ...): their
// defaults and meanings, defined once here. A server's src/config.ts reads its own variables (base URL,
// model, credentials) and adds these with `runtimeSettings`; the factory lists them in each server's README
// and server.json from this table.
import * as z from 'zod';
import { ConfigError, type RuntimeConfig } from './config.js';

/** [variable suffix, default, meaning]. The defaults give up on a persistently failing upstream within 30 s. */
export const RUNTIME_VARIABLES = [
  ['TIMEOUT_MS', 10_000, 'per-attempt timeout in ms'],
  ['DEADLINE_MS', 25_000, 'overall deadline per tool call in ms, retries included'],
  ['MAX_ATTEMPTS', 4, 'attempts per call (first try + retries)'],
  ['BACKOFF_INITIAL_MS', 500, 'first retry delay in ms (exponential, full jitter)'],
  ['BACKOFF_MAX_MS', 8000, 'largest retry delay in ms'],
  ['RETRY_AFTER_MAX_MS', 10_000, 'cap on an upstream Retry-After / retryDelay hint in ms'],
  ['BREAKER_THRESHOLD', 5, 'consecutive failed calls that open the circuit breaker'],
  ['BREAKER_COOLDOWN_MS', 30_000, 'how long the open breaker fails fast before trying again, in ms'],
  ['PROGRESS_INTERVAL_MS', 5000, 'how often a long tool call reports progress to clients that asked for it, in ms'],
  [
    'MAX_IN_FLIGHT',
    64,
    'requests handled at once; as many more wait, the rest are read later (or get -32000 while a tool awaits the client)',
  ],
  ['MAX_LINE_BYTES', 4_194_304, 'largest accepted JSON-RPC line in bytes; longer lines get a -32600 error'],
  [
    'MAX_RESPONSE_BYTES',
    5_242_880,
    'largest upstream response body in bytes, after decompression; a larger one is refused without reading the rest',
  ],
  [
    'MAX_RESULT_CHARS',
    100_000,
    'longest tool result in characters (about 25,000 tokens); longer text is cut at whole items or lines, with a note',
  ],
  [
    'MAX_MESSAGE_BYTES',
    8_388_608,
    'largest JSON-RPC message written to stdout in bytes (the official client disconnects above 10 MiB); larger ones become an error',
  ],
] as const;

type Suffix = (typeof RUNTIME_VARIABLES)[number][0];

/** What the runtime reads of a config, besides what a server knows about itself. */
export type RuntimeSettings = Omit<RuntimeConfig, 'envPrefix' | 'apiName' | 'authRejected' | 'baseUrl'>;

const positiveInt = z.coerce.number().int().positive();

/**
 * The runtime's settings from `<prefix>_*` variables of `env` (an empty value counts as unset); throws a
 * ConfigError naming the first bad variable, in the order of RUNTIME_VARIABLES.
 */
export function runtimeSettings(env: NodeJS.ProcessEnv, prefix: string): RuntimeSettings {
  const values = new Map<Suffix, number>();
  for (const [suffix, fallback] of RUNTIME_VARIABLES) {
    const given = env[`${prefix}_${suffix}`];
    if (given === undefined || given === '') {
      values.set(suffix, fallback);
      continue;
    }
    const parsed = positiveInt.safeParse(given);
    if (!parsed.success) throw new ConfigError(`invalid ${prefix}_${suffix}: ${parsed.error.issues[0].message}`);
    values.set(suffix, parsed.data);
  }
  const e = (suffix: Suffix): number => values.get(suffix) ?? 0; // every suffix is set above
  return {
    timeouts: { attemptMs: e('TIMEOUT_MS'), deadlineMs: e('DEADLINE_MS') },
    retry: {
      maxAttempts: e('MAX_ATTEMPTS'),
      initialDelayMs: e('BACKOFF_INITIAL_MS'),
      maxDelayMs: e('BACKOFF_MAX_MS'),
      retryAfterMaxMs: e('RETRY_AFTER_MAX_MS'),
    },
    breaker: { threshold: e('BREAKER_THRESHOLD'), cooldownMs: e('BREAKER_COOLDOWN_MS') },
    progressIntervalMs: e('PROGRESS_INTERVAL_MS'),
    stdio: {
      maxInFlight: e('MAX_IN_FLIGHT'),
      maxLineBytes: e('MAX_LINE_BYTES'),
      maxMessageBytes: e('MAX_MESSAGE_BYTES'),
    },
    limits: { maxResponseBytes: e('MAX_RESPONSE_BYTES'), maxResultChars: e('MAX_RESULT_CHARS') },
  };
}
