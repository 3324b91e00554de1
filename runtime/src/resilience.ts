// Retry, backoff, circuit breaker and timeouts for upstream calls, built from cockatiel policies.
//   deadline (whole call) → retry (exp. backoff, full jitter, honours Retry-After) → breaker → attempt timeout
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  fullJitterGenerator,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { RuntimeConfig } from './config.js';
import { UpstreamError, isRetryable, isUpstreamFault } from './errors.js';

type RetryContext = IRetryBackoffContext<unknown>;

/** Exponential backoff with full jitter, except when the upstream said how long to wait. */
class RetryAfterBackoff implements IBackoffFactory<RetryContext> {
  constructor(
    private readonly inner: IBackoffFactory<unknown>,
    private readonly capMs: number,
  ) {}

  next(context: RetryContext): IBackoff<RetryContext> {
    const exponential = this.inner.next(context);
    const error = 'error' in context.result ? context.result.error : undefined;
    const hint = error instanceof UpstreamError ? error.retryAfterMs : undefined;
    return {
      duration: hint === undefined ? exponential.duration : Math.min(hint, this.capMs),
      next: (ctx: RetryContext) => new RetryAfterBackoff(exponential, this.capMs).next(ctx),
    };
  }
}

export type UpstreamPolicy = ReturnType<typeof createPolicy>;

/** One policy per upstream: the breaker's state is shared by every call. */
export function createPolicy(config: RuntimeConfig) {
  const breaker = circuitBreaker(
    handleWhen((error) => isUpstreamFault(toUpstreamError(error, config))),
    {
      halfOpenAfter: config.breaker.cooldownMs,
      breaker: new ConsecutiveBreaker(config.breaker.threshold),
    },
  );
  // A timeout still aborts the attempt's fetch when it fires. What is turned off is cockatiel's default
  // abort after a normal return: by then the attempt has read or cancelled the whole response, so
  // there is nothing left to stop, and that abort built a DOMException (with a stack) twice per call,
  // about 6 % of an HTTP server's CPU under load.
  const timeoutOptions = { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false };
  const attemptTimeout = timeout(config.timeouts.attemptMs, timeoutOptions);
  const deadline = timeout(config.timeouts.deadlineMs, timeoutOptions);
  const retries = (idempotent: boolean) =>
    retry(
      handleWhen((error) => isRetryable(toUpstreamError(error, config), idempotent)),
      {
        maxAttempts: config.retry.maxAttempts - 1, // cockatiel counts retries, not attempts
        backoff: new RetryAfterBackoff(
          new ExponentialBackoff({
            generator: fullJitterGenerator,
            initialDelay: config.retry.initialDelayMs,
            maxDelay: config.retry.maxDelayMs,
          }),
          config.retry.retryAfterMaxMs,
        ),
      },
    );
  // Same breaker and timeouts for both; only what is worth retrying differs (see isRetryable).
  return {
    breaker,
    policy: wrap(deadline, retries(true), breaker, attemptTimeout),
    nonIdempotentPolicy: wrap(deadline, retries(false), breaker, attemptTimeout),
  };
}

/** Maps cockatiel's own errors onto ours, so callers see one error type. */
export function toUpstreamError(error: unknown, config: RuntimeConfig, callerSignal?: AbortSignal): unknown {
  if (error instanceof UpstreamError) return error;
  if (error instanceof BrokenCircuitError) {
    return new UpstreamError(
      'circuit_open',
      `${config.apiName} is failing repeatedly, so calls fail fast for up to ${Math.round(config.breaker.cooldownMs / 1000)} s (circuit breaker open); try again later`,
    );
  }
  if (callerSignal?.aborted) return new UpstreamError('cancelled', 'the request was cancelled by the client');
  if (error instanceof TaskCancelledError) {
    return new UpstreamError(
      'timeout',
      `no answer within ${Math.round(config.timeouts.attemptMs / 100) / 10} s per attempt, ${Math.round(config.timeouts.deadlineMs / 100) / 10} s overall`,
    );
  }
  return error;
}
