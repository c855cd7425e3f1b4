import type { PreparedStatements } from '@gv/db';
import { VhsysPortError } from '../vhsys/vhsys-port';
import { burstToleranceMs, RateBudget } from './burst-tolerance';

export interface RateLimitOptions extends RateBudget {
  /**
   * Longest a caller may wait for its turn. Beyond it the call fails at once with a local
   * `rate_limited` error carrying the wait, so the sale goes to the retry topic instead of
   * holding the consumer.
   */
  maxWaitMs: number;
}

/** How many slots one request may reserve before it gives up with a local `rate_limited` (a process stalled that long is better retried later). */
const MAX_SLOTS_PER_REQUEST = 3;

/** The clock and timer the limiter waits with (replaced in unit tests). */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/**
 * Reserves the account's next request slot (GCRA) in one statement, on the database's clock.
 * $1 account, $2 interval between requests (ms), $3 burst tolerance (burstToleranceMs),
 * $4 longest wait. A request at `now` may go at max(tat, now) − tolerance; it is granted when
 * that is at most maxWait away, and then moves tat one interval on. No row when refused.
 * `headroom_ms` is how late the request may reach Vhsys without pushing the account's real
 * schedule (its arrivals') past the one recorded: min(tat − now, tolerance) of the previous tat, 0
 * for an account idle until now. Only lateness beyond it can bunch with the next slots' requests.
 */
const RESERVE = `WITH "c" AS (SELECT extract(epoch FROM clock_timestamp()) * 1000 AS "now")
INSERT INTO "vhsys_rate" AS "r" ("account_id", "tat_ms")
  SELECT $1, "c"."now" + $2::double precision FROM "c"
ON CONFLICT ("account_id") DO UPDATE
  SET "tat_ms" = GREATEST("r"."tat_ms", (SELECT "now" FROM "c")) + $2::double precision
  WHERE GREATEST("r"."tat_ms", (SELECT "now" FROM "c")) - $3::double precision - (SELECT "now" FROM "c") <= $4::double precision
RETURNING GREATEST(0, "r"."tat_ms" - $2::double precision - $3::double precision - (SELECT "now" FROM "c")) AS "wait_ms",
  LEAST(GREATEST(0, "r"."tat_ms" - $2::double precision - (SELECT "now" FROM "c")), $3::double precision) AS "headroom_ms"`;

/** How long a refused request would have had to wait (for the retry's delay). */
const REFUSED_WAIT = `SELECT GREATEST(0, "tat_ms" - $2::double precision - extract(epoch FROM clock_timestamp()) * 1000) AS "wait_ms"
FROM "vhsys_rate" WHERE "account_id" = $1`;

/**
 * Each Vhsys account's request rate, held across every dispatcher instance: Vhsys counts its quota
 * per token, not per process. The schedule lives in PostgreSQL (`vhsys_rate`, one row per
 * account) and each request reserves its slot with one statement (GCRA: a burst of `burst`
 * requests, then one every 1/perSecond s), so N instances together send at most what one would.
 * Waiters do not poll: the reservation says when to go. Times come from the database's clock, so
 * the instances' clocks do not matter. See docs/dispatcher.md#rate-limit.
 */
export class AccountRateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;

  private readonly clock: LimiterClock;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly sql: PreparedStatements,
    private readonly hooks: { clock?: LimiterClock; onMissedSlot?: (lateMs: number) => void } = {},
  ) {
    this.clock = hooks.clock ?? REAL_CLOCK;
    this.intervalMs = 1000 / options.perSecond;
    this.toleranceMs = Math.max(0, burstToleranceMs(options));
  }

  /**
   * Waits for the account's next slot (at most maxWaitMs) or throws a local rate_limited error.
   * When this process turns out late for the slot (more than maxLatenessMs), the slot is let go
   * (it stays spent: the account only loses rate) and another is reserved, at most
   * MAX_SLOTS_PER_REQUEST in all.
   */
  async take(accountId: string): Promise<void> {
    for (let slot = 1; ; slot += 1) {
      let asked = this.clock.now();
      const { wait, headroom } = await this.reserveSlot(accountId, () => {
        asked = this.clock.now();
      });
      const answered = this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      const late = (answered - asked) + Math.max(0, this.clock.now() - answered - wait);
      if (late <= this.options.maxLatenessMs + headroom) return;
      this.hooks.onMissedSlot?.(late);
      if (slot >= MAX_SLOTS_PER_REQUEST) {
        throw new VhsysPortError('rate_limited', `this process was late for ${slot} rate slots of this account in a row (last by ${Math.round(late)} ms)`, { retryAfterMs: Math.ceil(this.intervalMs), local: true });
      }
    }
  }

  /** Reserves the account's next slot; returns how long the caller must wait before using it (ms). */
  async reserve(accountId: string): Promise<number> {
    return (await this.reserveSlot(accountId)).wait;
  }

  /** The slot's wait, and how late this process may be for it (see RESERVE's headroom_ms). */
  private async reserveSlot(accountId: string, onConnected?: () => void): Promise<{ wait: number; headroom: number }> {
    const params = [accountId, this.intervalMs, this.toleranceMs, this.options.maxWaitMs];
    const [granted] = await this.sql.rows<{ wait_ms: number; headroom_ms: number }>(RESERVE, params, undefined, onConnected);
    if (granted) return { wait: Math.ceil(Number(granted.wait_ms)), headroom: Math.floor(Number(granted.headroom_ms)) };
    const [refused] = await this.sql.rows<{ wait_ms: number }>(REFUSED_WAIT, [accountId, this.toleranceMs]);
    const wait = Math.ceil(Number(refused?.wait_ms ?? this.intervalMs));
    throw new VhsysPortError('rate_limited', `rate limit of ${this.options.perSecond}/s for this account reached`, { retryAfterMs: wait, local: true });
  }
}
