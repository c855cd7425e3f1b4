/**
 * Guru's rate limit as its headers report it: 360 requests per minute per account,
 * `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` on answers and `Retry-After`
 * on a 429. Pure parsing and the wait they imply.
 */

export interface GuruRateLimit {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the budget refills; null when the header was absent or unreadable. */
  resetAtMs: number | null;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
}

function count(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/**
 * `X-RateLimit-Reset` is read as epoch seconds (how Guru's and most APIs send it) when it is a
 * plausible epoch (above 10^9), and as seconds from now otherwise, so either form is understood.
 */
export function parseRateLimitReset(text: string | undefined, nowMs: number): number | null {
  if (text === undefined || !/^\d{1,12}(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  return value >= 1e9 ? Math.round(value * 1000) : nowMs + Math.round(value * 1000);
}

/** The X-RateLimit-* headers (header names lower-cased, as undici gives them); undefined without both counts. */
export function parseRateLimit(headers: Headers, nowMs: number): GuruRateLimit | undefined {
  const limit = count(header(headers, 'x-ratelimit-limit'));
  const remaining = count(header(headers, 'x-ratelimit-remaining'));
  if (limit === null || remaining === null) return undefined;
  return { limit, remaining, resetAtMs: parseRateLimitReset(header(headers, 'x-ratelimit-reset'), nowMs) };
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(text: string | undefined, nowMs: number): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = text.trim();
  if (/^\d{1,9}(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * How long to wait before the next request given the last headers seen: nothing while budget
 * remains; until the reset when it is spent (at most `maxWaitMs`, so a clock skew or a bogus
 * header cannot stall the caller for longer than one window).
 */
export function waitBeforeNextMs(last: GuruRateLimit | undefined, nowMs: number, maxWaitMs: number): number {
  if (!last || last.remaining > 0) return 0;
  if (last.resetAtMs === null) return maxWaitMs;
  return Math.min(maxWaitMs, Math.max(0, last.resetAtMs - nowMs));
}
