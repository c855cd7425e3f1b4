import type { PreparedStatements } from '@gv/db';
import { AccountRateLimiter, LimiterClock } from '../../src/limits/account-rate-limiter';
import { asVhsysFailure, VhsysPortError } from '../../src/vhsys/vhsys-port';

/**
 * The lateness guard of AccountRateLimiter.take: a process late for its slot (a slow reservation,
 * a timer that fired late) takes a new slot instead of sending a request that would reach Vhsys
 * bunched with the next slots' requests. A fake clock: each reservation first waits `poolWaits[i]`
 * ms for a pool connection, then takes `roundTrips[i]` ms; each wait's timer fires `timerLate[i]`
 * ms late; the database grants the waits in `waits` with the headrooms in `headrooms` (how late a
 * request may be without pushing the account's schedule).
 */
function setUp(roundTrips: number[], waits: number[], timerLate: number[] = [], headrooms: number[] = [], poolWaits: number[] = []) {
  let now = 0;
  let reservations = 0;
  let sleeps = 0;
  const missed: number[] = [];
  const clock: LimiterClock = {
    now: () => now,
    sleep: async (ms) => {
      now += ms + (timerLate[sleeps++] ?? 0);
    },
  };
  const sql = {
    rows: async (_text: string, _values: unknown[], _on: unknown, onConnected?: () => void) => {
      now += poolWaits[reservations] ?? 0;
      onConnected?.();
      now += roundTrips[reservations] ?? 1;
      const i = reservations++;
      return [{ wait_ms: waits[i] ?? 0, headroom_ms: headrooms[i] ?? 0 }];
    },
  } as unknown as PreparedStatements;
  const limiter = new AccountRateLimiter({ perSecond: 8, burst: 5, maxWaitMs: 1000, maxLatenessMs: 50, jitterMs: 0 }, sql, { clock, onMissedSlot: (late) => missed.push(late) });
  return { limiter, missed, reservations: () => reservations, now: () => now };
}

describe('AccountRateLimiter.take: late for its slot', () => {
  it('goes on its slot when the reservation and the timer are on time', async () => {
    const t = setUp([3], [120], [2]);
    await t.limiter.take('acct');
    expect({ reservations: t.reservations(), missed: t.missed, now: t.now() }).toEqual({ reservations: 1, missed: [], now: 3 + 120 + 2 });
  });

  it('takes a new slot when the reservation came back too slowly (the slot may have passed meanwhile)', async () => {
    const t = setUp([80, 4], [0, 125]);
    await t.limiter.take('acct');
    expect({ reservations: t.reservations(), missed: t.missed }).toEqual({ reservations: 2, missed: [80] });
  });

  it('takes a new slot when the wait\'s timer fired too late (a stalled event loop)', async () => {
    const t = setUp([2, 2], [125, 250], [60, 0]);
    await t.limiter.take('acct');
    expect({ reservations: t.reservations(), missed: t.missed }).toEqual({ reservations: 2, missed: [62] });
  });

  it('does not count a wait for a pool connection: the database reads its clock after it', async () => {
    const t = setUp([3], [120], [2], [], [400]);
    await t.limiter.take('acct');
    expect({ reservations: t.reservations(), missed: t.missed, now: t.now() }).toEqual({ reservations: 1, missed: [], now: 400 + 3 + 120 + 2 });
    const u = setUp([60, 3], [0, 0], [], [], [400, 400]);
    await u.limiter.take('acct');
    expect({ reservations: u.reservations(), missed: u.missed }).toEqual({ reservations: 2, missed: [60] });
  });

  it('counts the round trip and the timer together against the bound', async () => {
    const t = setUp([30, 1], [100, 0], [30]);
    await t.limiter.take('acct');
    expect(t.missed).toEqual([60]);
  });

  it('allows the slot\'s headroom on top of the bound: a request behind others in its burst may be later', async () => {
    const t = setUp([120], [0], [], [125]);
    await t.limiter.take('acct');
    expect({ reservations: t.reservations(), missed: t.missed }).toEqual({ reservations: 1, missed: [] });
    const u = setUp([180, 1], [0, 0], [], [125, 0]);
    await u.limiter.take('acct');
    expect({ reservations: u.reservations(), missed: u.missed }).toEqual({ reservations: 2, missed: [180] });
  });

  it('gives up after three late slots in a row with a local rate_limited error (the sale is retried later)', async () => {
    const t = setUp([90, 90, 90, 1], [0, 0, 0, 0]);
    const error = await t.limiter.take('acct').then(() => null, (e: unknown) => e);
    expect(asVhsysFailure(error)?.kind).toBe('rate_limited');
    expect((error as VhsysPortError).local).toBe(true);
    expect((error as VhsysPortError).retryAfterMs).toBe(125);
    expect({ reservations: t.reservations(), missed: t.missed }).toEqual({ reservations: 3, missed: [90, 90, 90] });
  });
});
