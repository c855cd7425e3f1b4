import { backoffDelayMs, DEFAULT_RETRY, normaliseRetryOptions } from './backoff';

const OPTIONS = { baseDelayMs: 500, maxDelayMs: 10_000 };

describe('backoffDelayMs', () => {
  it('doubles per retry, jittered within [d/2, d], capped', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((retry) => backoffDelayMs(retry, OPTIONS, () => 0))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect([1, 2, 3, 4, 5, 6, 40].map((retry) => backoffDelayMs(retry, OPTIONS, () => 0.999999))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelayMs(2, OPTIONS, () => 0.5)).toBe(750);
  });
  it('never waits less than the server asked for', () => {
    expect(backoffDelayMs(1, OPTIONS, () => 0, 3000)).toBe(3000);
    expect(backoffDelayMs(5, OPTIONS, () => 0, 3000)).toBe(4000);
  });
});

describe('normaliseRetryOptions', () => {
  it('fills defaults and refuses nonsense', () => {
    expect(normaliseRetryOptions()).toEqual(DEFAULT_RETRY);
    expect(normaliseRetryOptions({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY, maxAttempts: 2 });
    expect(() => normaliseRetryOptions({ maxAttempts: 0 })).toThrow('retry.maxAttempts must be an integer of at least 1');
    expect(() => normaliseRetryOptions({ baseDelayMs: -1 })).toThrow('retry.baseDelayMs must be a non-negative number');
  });
});
