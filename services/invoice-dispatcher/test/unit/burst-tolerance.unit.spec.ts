import fc from 'fast-check';
import { burstToleranceMs, RateBudget } from '../../src/limits/burst-tolerance';

/**
 * The rate limiter's GCRA as its RESERVE statement computes it (account-rate-limiter.ts): a
 * request reserved at `now` has the virtual time v = max(tat, now), may go at max(v − tolerance,
 * now), may be late for that by up to maxLateness + headroom (what `take` lets through), and
 * moves tat to v + interval. Then it may reach Vhsys up to `jitter` ms later still, unseen.
 */
interface Sent { go: number; headroom: number }

function reserveAll(reservedAt: number[], intervalMs: number, toleranceMs: number): Sent[] {
  let tat: number | null = null;
  return reservedAt.map((now) => {
    const virtual = tat === null ? now : Math.max(tat, now);
    const headroom = tat === null ? 0 : Math.min(Math.max(0, tat - now), toleranceMs);
    tat = virtual + intervalMs;
    return { go: Math.max(virtual - toleranceMs, now), headroom };
  });
}

/** Most arrivals in any window [t, t + 1000 ms), as Vhsys counts them. */
function mostInOneSecond(arrivals: number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + 1000) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('burstToleranceMs: the burst keeps room for lateness and unseen jitter', () => {
  it('takes nothing from the burst at the default 2/s, and about one request at 8/s with burst 5', () => {
    const budget = (perSecond: number, burst: number, jitterMs: number, maxLatenessMs = 50): RateBudget => ({ perSecond, burst, maxLatenessMs, jitterMs });
    expect(burstToleranceMs(budget(2, 5, 200))).toBe(2000); // (5 − 1) × 500: 2500 − 251 is more
    expect(burstToleranceMs(budget(8, 5, 0))).toBe(500); // 50 ms of lateness alone fits in the floor
    expect(burstToleranceMs(budget(8, 5, 200))).toBe(374); // 5 × 125 − 50 − 200 − 1
    expect(burstToleranceMs(budget(8, 5, 574))).toBe(0);
    expect(burstToleranceMs(budget(8, 5, 575))).toBe(-1); // refused by the configuration
    expect(burstToleranceMs(budget(2, 1, 200))).toBe(0); // no burst to take from, and none needed: 250 < 500
  });

  // A saturated account at 8/s, burst 5: 20 requests at once. The first six are as late as each
  // may be (lateness allowed by `take`, then 200 ms of jitter), the rest go on their slots.
  function adversarialBurst(toleranceMs: number): number {
    const sent = reserveAll(Array.from({ length: 20 }, () => 0), 125, toleranceMs);
    return mostInOneSecond(sent.map((s, k) => (k < 6 ? s.go + 50 + s.headroom + 200 : s.go)));
  }

  it('with the whole burst as tolerance, 200 ms of jitter lets Vhsys count 14 in a second against 8 + 5 (the chaos run\'s finding)', () => {
    expect(adversarialBurst((5 - 1) * 125)).toBe(14);
  });

  it('with burstToleranceMs, the same delays stay within 13', () => {
    expect(adversarialBurst(burstToleranceMs({ perSecond: 8, burst: 5, maxLatenessMs: 50, jitterMs: 200 }))).toBe(13);
  });

  it('keeps every one-second window within rate + burst for any reservation times, lateness and jitter within the budget', () => {
    const scenario = fc.record({
      perSecond: fc.integer({ min: 1, max: 20 }),
      burst: fc.integer({ min: 1, max: 10 }),
      maxLatenessMs: fc.integer({ min: 1, max: 400 }),
      jitterMs: fc.integer({ min: 0, max: 600 }),
      // Gaps between reservations: mostly none (a saturated account), sometimes a quiet spell.
      gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })), { minLength: 1, maxLength: 60 }),
      // Per request: how much of the allowed lateness and of the jitter it uses (0 … 1). Either at
      // random, or the worst case: the first `cut` requests as late as allowed, the rest on time.
      delays: fc.oneof(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 1, max: 60 }).map((cut) => Array.from({ length: 60 }, (_, k): [number, number] => (k < cut ? [1, 1] : [0, 0]))),
      ),
    }).filter((s) => burstToleranceMs(s) >= 0);
    fc.assert(fc.property(scenario, (s) => {
      let now = 0;
      const reservedAt = s.gaps.map((gap) => (now += gap));
      const sent = reserveAll(reservedAt, 1000 / s.perSecond, burstToleranceMs(s));
      const arrivals = sent.map((x, k) => {
        const [late, jitter] = s.delays[k]!;
        return x.go + late * (s.maxLatenessMs + x.headroom) + jitter * s.jitterMs;
      });
      return mostInOneSecond(arrivals) <= s.perSecond + s.burst;
    }), { seed: 20261206, numRuns: 2000 });
  });
});
