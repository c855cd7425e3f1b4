/**
 * Bounded retry of one request: exponential backoff with "equal jitter" (attempt n waits a uniform
 * time in [d/2, d], d = min(maxDelayMs, baseDelayMs × 2^(n−1))), never less than what the server
 * asked for (Retry-After). Pure; the random source is injected for tests.
 */
export interface RetryOptions {
  /** Attempts in all for a failure that may pass (5xx, timeout, reset): 1 = no retry. Default 5. */
  maxAttempts: number;
  /** First retry delay before jitter. Default 500 ms. */
  baseDelayMs: number;
  /** Cap of one delay. Default 10 s. */
  maxDelayMs: number;
  /** 429 answers waited out (after Retry-After) before giving up. Default 10. */
  maxRateLimitRetries: number;
  /** Longest single wait for the rate limit (Retry-After or a spent budget). Default 65 s. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRateLimitRetries: 10,
  maxRateLimitWaitMs: 65_000,
};

/** The delay before retry number `retry` (1 = the first retry). */
export function backoffDelayMs(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random, atLeastMs = 0): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(Math.round(jittered), Math.round(atLeastMs));
}

/** Fills defaults and refuses nonsense (negative delays, zero attempts). */
export function normaliseRetryOptions(input: Partial<RetryOptions> = {}): RetryOptions {
  const options = { ...DEFAULT_RETRY, ...input };
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`retry.${name} must be a non-negative number`);
  }
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) throw new Error('retry.maxAttempts must be an integer of at least 1');
  if (!Number.isInteger(options.maxRateLimitRetries)) throw new Error('retry.maxRateLimitRetries must be an integer');
  return options;
}
