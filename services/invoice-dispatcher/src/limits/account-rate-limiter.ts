import type { PreparedStatements } from '@gv/db';
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
 * Reserves the account's next request slot (GCRA) in one statement, on the database's clock.
 * $1 account, $2 interval between requests (ms), $3 burst tolerance ((burst − 1) × interval),
 * $4 longest wait. A request at `now` may go at max(tat, now) − tolerance; it is granted when
 * that is at most maxWait away, and then moves tat one interval on. No row when refused.
 */
const RESERVE = `WITH "c" AS (SELECT extract(epoch FROM clock_timestamp()) * 1000 AS "now")
INSERT INTO "vhsys_rate" AS "r" ("account_id", "tat_ms")
  SELECT $1, "c"."now" + $2::double precision FROM "c"
ON CONFLICT ("account_id") DO UPDATE
  SET "tat_ms" = GREATEST("r"."tat_ms", (SELECT "now" FROM "c")) + $2::double precision
  WHERE GREATEST("r"."tat_ms", (SELECT "now" FROM "c")) - $3::double precision - (SELECT "now" FROM "c") <= $4::double precision
RETURNING GREATEST(0, "r"."tat_ms" - $2::double precision - $3::double precision - (SELECT "now" FROM "c")) AS "wait_ms"`;

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

  constructor(private readonly options: RateLimitOptions, private readonly sql: PreparedStatements) {
    this.intervalMs = 1000 / options.perSecond;
    this.toleranceMs = (options.burst - 1) * this.intervalMs;
  }

  /** Waits for the account's next slot (at most maxWaitMs) or throws a local rate_limited error. */
  async take(accountId: string): Promise<void> {
    const wait = await this.reserve(accountId);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /** Reserves the account's next slot; returns how long the caller must wait before using it (ms). */
  async reserve(accountId: string): Promise<number> {
    const params = [accountId, this.intervalMs, this.toleranceMs, this.options.maxWaitMs];
    const [granted] = await this.sql.rows<{ wait_ms: number }>(RESERVE, params);
    if (granted) return Math.ceil(Number(granted.wait_ms));
    const [refused] = await this.sql.rows<{ wait_ms: number }>(REFUSED_WAIT, [accountId, this.toleranceMs]);
    const wait = Math.ceil(Number(refused?.wait_ms ?? this.intervalMs));
    throw new VhsysPortError('rate_limited', `rate limit of ${this.options.perSecond}/s for this account reached`, { retryAfterMs: wait, local: true });
  }
}
