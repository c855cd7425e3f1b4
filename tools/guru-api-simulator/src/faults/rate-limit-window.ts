/**
 * Guru's budget: 360 requests per minute per account. Modelled as a fixed window that opens with
 * the first request and lasts `windowMs` (docs/guru-api.md#assumptions): `X-RateLimit-Reset` is
 * the window's end in epoch seconds, and a refused request does not use the budget.
 */
export interface RateLimitSettings {
  /** Requests per window (Guru: 360). */
  limit: number;
  /** Window length (Guru: 60 000 ms). */
  windowMs: number;
}

export const GURU_RATE_LIMIT: RateLimitSettings = { limit: 360, windowMs: 60_000 };

export interface WindowVerdict {
  limit: number;
  remaining: number;
  /** Epoch seconds when the window ends (rounded up). */
  resetAtSeconds: number;
  /** Set when the request is over budget: seconds until the window ends (at least 1). */
  retryAfterSeconds: number | null;
}

export class RateLimitWindow {
  private windowStart: number | null = null;
  private used = 0;

  /** Counts one request when `take` is true (a check only otherwise). */
  take(nowMs: number, settings: RateLimitSettings, take = true): WindowVerdict {
    if (this.windowStart === null || nowMs - this.windowStart >= settings.windowMs) {
      this.windowStart = nowMs;
      this.used = 0;
    }
    const endMs = this.windowStart + settings.windowMs;
    const resetAtSeconds = Math.ceil(endMs / 1000);
    if (take && this.used >= settings.limit) {
      return { limit: settings.limit, remaining: 0, resetAtSeconds, retryAfterSeconds: Math.max(1, Math.ceil((endMs - nowMs) / 1000)) };
    }
    if (take) this.used += 1;
    return { limit: settings.limit, remaining: settings.limit - this.used, resetAtSeconds, retryAfterSeconds: null };
  }

  reset(): void {
    this.windowStart = null;
    this.used = 0;
  }
}

export function normaliseRateLimit(input: Partial<RateLimitSettings> | undefined, fallback: RateLimitSettings): RateLimitSettings {
  const merged = { ...fallback, ...(input ?? {}) };
  if (!Number.isInteger(merged.limit) || merged.limit < 1 || merged.limit > 1_000_000) throw new Error('rateLimit.limit must be an integer from 1 to 1000000');
  if (!Number.isInteger(merged.windowMs) || merged.windowMs < 100 || merged.windowMs > 3_600_000) throw new Error('rateLimit.windowMs must be an integer from 100 to 3600000');
  return { limit: merged.limit, windowMs: merged.windowMs };
}
