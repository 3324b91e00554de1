// The runtime's own variables (`<PREFIX>_TIMEOUT_MS`, ...), read once here for every server's config.
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../src/config.js';
import { RUNTIME_VARIABLES, runtimeSettings } from '../src/settings.js';

describe('runtimeSettings', () => {
  it('gives every default when nothing is set, and an empty value counts as unset', () => {
    const defaults = runtimeSettings({}, 'X');
    expect(runtimeSettings({ X_TIMEOUT_MS: '', X_MAX_ATTEMPTS: '' }, 'X')).toEqual(defaults);
    expect(defaults).toEqual({
      timeouts: { attemptMs: 10_000, deadlineMs: 25_000 },
      retry: { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 8000, retryAfterMaxMs: 10_000 },
      breaker: { threshold: 5, cooldownMs: 30_000 },
      progressIntervalMs: 5000,
      stdio: { maxInFlight: 64, maxLineBytes: 4_194_304, maxMessageBytes: 8_388_608 },
      limits: { maxResponseBytes: 5_242_880, maxResultChars: 100_000 },
    });
  });

  it('reads each variable under the prefix, and only under it', () => {
    const settings = runtimeSettings(
      { ACME_TIMEOUT_MS: '1500', ACME_MAX_RESULT_CHARS: '42', X_MAX_ATTEMPTS: '9' },
      'ACME',
    );
    expect(settings.timeouts.attemptMs).toBe(1500);
    expect(settings.limits.maxResultChars).toBe(42);
    expect(settings.retry.maxAttempts).toBe(4);
  });

  it.each(['0', '-3', '1.5', 'ten'])('refuses %s with a ConfigError naming the variable', (value) => {
    expect(() => runtimeSettings({ ACME_DEADLINE_MS: value }, 'ACME')).toThrow(ConfigError);
    expect(() => runtimeSettings({ ACME_DEADLINE_MS: value }, 'ACME')).toThrow(/^invalid ACME_DEADLINE_MS: /);
  });

  it('names the first bad variable in the order of the table, and lists every variable it reads once', () => {
    expect(() => runtimeSettings({ A_MAX_IN_FLIGHT: 'x', A_TIMEOUT_MS: 'y' }, 'A')).toThrow(/^invalid A_TIMEOUT_MS: /);
    const suffixes = RUNTIME_VARIABLES.map(([suffix]) => suffix);
    expect(new Set(suffixes).size).toBe(suffixes.length);
    expect(suffixes).toHaveLength(14);
  });
});
