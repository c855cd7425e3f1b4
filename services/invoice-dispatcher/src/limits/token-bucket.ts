import { VhsysPortError } from '../vhsys/vhsys-port';

export interface RateLimitOptions {
  /** Sustained requests per second per account. */
  perSecond: number;
  /** Requests that may go at once after a quiet period. */
  burst: number;
  /**
   * Longest a caller may wait for its turn. Beyond it the call fails at once with a local
   * `rate_limited` error carrying the wait, so the sale goes to the retry topic instead of
   * holding the consumer.
   */
  maxWaitMs: number;
}

/**
 * One token bucket per Vhsys account, in this process. Reservations may drive the balance
 * negative, so waiters queue up in arrival order without polling. With N dispatcher instances the
 * budget is per instance (each account's real budget is N × perSecond); see docs/dispatcher.md.
 */
export class AccountRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: RateLimitOptions, private readonly now: () => number = Date.now) {}

  /** Waits for a token of `accountId` (at most maxWaitMs) or throws a local rate_limited error. */
  async take(accountId: string): Promise<void> {
    const wait = this.reserve(accountId);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /** Reserves a token; returns how long the caller must wait before using it (ms). */
  reserve(accountId: string): number {
    const { perSecond, burst, maxWaitMs } = this.options;
    const now = this.now();
    const bucket = this.buckets.get(accountId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    const wait = bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
    if (wait > maxWaitMs) {
      this.buckets.set(accountId, bucket);
      throw new VhsysPortError('rate_limited', `local rate limit of ${perSecond}/s for this account reached`, { retryAfterMs: wait, local: true });
    }
    bucket.tokens -= 1;
    this.buckets.set(accountId, bucket);
    return wait;
  }
}
