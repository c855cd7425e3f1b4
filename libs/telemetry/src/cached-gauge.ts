import type { ObservableCallback, ObservableGauge } from '@opentelemetry/api';

export interface CachedReadingOptions {
  /** A value is read at most once per this many milliseconds (default 5000). */
  ttlMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/**
 * Makes a costly reading (a COUNT over a table) cheap enough for every scrape: the value is read
 * at most once per `ttlMs`, concurrent scrapes share one read, and a failed read gives null (no
 * observation rather than a stale value) until the next attempt, one `ttlMs` later.
 */
export function cachedReading(read: () => Promise<number>, options: CachedReadingOptions = {}): () => Promise<number | null> {
  const ttlMs = options.ttlMs ?? 5000;
  const now = options.now ?? Date.now;
  let last: { at: number; value: number | null } | null = null;
  let pending: Promise<number | null> | null = null;
  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.value);
    pending ??= read()
      .then((value) => value, () => null)
      .then((value) => {
        last = { at: now(), value };
        pending = null;
        return value;
      });
    return pending;
  };
}

/**
 * Feeds an observable gauge from `read` through `cachedReading`. Returns the function that detaches
 * the callback (call it when the service stops, before the reading's resources close).
 */
export function observeCached(gauge: ObservableGauge, read: () => Promise<number>, options?: CachedReadingOptions): () => void {
  const reading = cachedReading(read, options);
  const callback: ObservableCallback = async (result) => {
    const value = await reading();
    if (value !== null) result.observe(value);
  };
  gauge.addCallback(callback);
  return () => gauge.removeCallback(callback);
}
