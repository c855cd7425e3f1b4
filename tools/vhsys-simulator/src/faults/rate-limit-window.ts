/**
 * Fixed window request budget per account, reported in `x-ratelimit-limit` /
 * `x-ratelimit-remaining` like the real API (whose window length is unknown).
 */
export class RateLimitWindow {
  private windowStart: number | null = null;
  private used = 0;

  /** Counts one request; returns what the headers should say, and the wait when over budget. */
  take(nowMs: number, limit: number, windowMs: number): { limit: number; remaining: number; retryAfterSeconds: number | null } {
    if (this.windowStart === null || nowMs - this.windowStart >= windowMs) {
      this.windowStart = nowMs;
      this.used = 0;
    }
    if (this.used >= limit) {
      const waitMs = (this.windowStart ?? nowMs) + windowMs - nowMs;
      return { limit, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    this.used += 1;
    return { limit, remaining: limit - this.used, retryAfterSeconds: null };
  }
}
