// A RuntimeConfig for the runtime's own tests: the defaults a generated server's config has (its
// src/config.ts, from environment variables), with the sections a test changes merged in.
import type { RuntimeConfig } from '../../src/config.js';
import { createUpstreamClient, type Upstream } from '../../src/upstream.js';

export const ENV_PREFIX = 'TEST';
export const API_NAME = 'the REST API';

type Overrides = {
  [K in keyof RuntimeConfig]?: RuntimeConfig[K] extends object ? Partial<RuntimeConfig[K]> : RuntimeConfig[K];
};

export function testConfig(overrides: Overrides = {}): RuntimeConfig {
  return {
    envPrefix: overrides.envPrefix ?? ENV_PREFIX,
    apiName: overrides.apiName ?? API_NAME,
    authRejected: { what: 'the API key', fix: `check ${ENV_PREFIX}_API_KEY`, ...overrides.authRejected },
    baseUrl: overrides.baseUrl ?? 'https://api.example.com',
    timeouts: { attemptMs: 10_000, deadlineMs: 25_000, ...overrides.timeouts },
    retry: { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 8000, retryAfterMaxMs: 10_000, ...overrides.retry },
    breaker: { threshold: 5, cooldownMs: 30_000, ...overrides.breaker },
    progressIntervalMs: overrides.progressIntervalMs ?? 5000,
    stdio: { maxInFlight: 64, maxLineBytes: 4_194_304, maxMessageBytes: 8_388_608, ...overrides.stdio },
    limits: { maxResponseBytes: 5_242_880, maxResultChars: 100_000, ...overrides.limits },
  };
}

/** The upstream client without credentials (auth schemes are a server's own, tested there). */
export function testUpstream(config: RuntimeConfig, fetchImpl: typeof fetch = fetch): Upstream {
  const auth = { apply: () => undefined, refresh: async () => false };
  return createUpstreamClient(config, { auth, missing: () => [] }, fetchImpl);
}
