import { parseRateLimit, parseRateLimitReset, parseRetryAfter, waitBeforeNextMs } from './rate-limit';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRateLimit', () => {
  it('reads limit, remaining and the reset (epoch seconds)', () => {
    expect(parseRateLimit({ 'x-ratelimit-limit': '360', 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(NOW / 1000 + 30) }, NOW)).toEqual({
      limit: 360, remaining: 12, resetAtMs: NOW + 30_000,
    });
  });
  it('reads a small reset as seconds from now, and tolerates its absence', () => {
    expect(parseRateLimit({ 'x-ratelimit-limit': '360', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '7' }, NOW)).toEqual({ limit: 360, remaining: 0, resetAtMs: NOW + 7000 });
    expect(parseRateLimit({ 'x-ratelimit-limit': '360', 'x-ratelimit-remaining': '5' }, NOW)).toEqual({ limit: 360, remaining: 5, resetAtMs: null });
  });
  it('is undefined without both counts or with garbage', () => {
    expect(parseRateLimit({ 'x-ratelimit-limit': '360' }, NOW)).toBeUndefined();
    expect(parseRateLimit({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '1' }, NOW)).toBeUndefined();
    expect(parseRateLimit({ 'x-ratelimit-limit': '360', 'x-ratelimit-remaining': '-1' }, NOW)).toBeUndefined();
    expect(parseRateLimitReset('soon', NOW)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:10 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('later', NOW)).toBeUndefined();
  });
});

describe('waitBeforeNextMs', () => {
  it('waits only when the budget is spent, until the reset, bounded', () => {
    expect(waitBeforeNextMs(undefined, NOW, 65_000)).toBe(0);
    expect(waitBeforeNextMs({ limit: 360, remaining: 1, resetAtMs: NOW + 50_000 }, NOW, 65_000)).toBe(0);
    expect(waitBeforeNextMs({ limit: 360, remaining: 0, resetAtMs: NOW + 12_345 }, NOW, 65_000)).toBe(12_345);
    expect(waitBeforeNextMs({ limit: 360, remaining: 0, resetAtMs: NOW - 1 }, NOW, 65_000)).toBe(0);
    expect(waitBeforeNextMs({ limit: 360, remaining: 0, resetAtMs: NOW + 3_600_000 }, NOW, 65_000)).toBe(65_000);
    expect(waitBeforeNextMs({ limit: 360, remaining: 0, resetAtMs: null }, NOW, 65_000)).toBe(65_000);
  });
});
