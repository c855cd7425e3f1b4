/** What an account's Vhsys rate allows and how late its requests may arrive (AccountRateLimiter's options, config.ts's check). */
export interface RateBudget {
  /** Sustained requests per second per account. */
  perSecond: number;
  /** Requests that may go at once after a quiet period. */
  burst: number;
  /**
   * Longest this process may be late for its slot beyond the slot's headroom: lateness is the
   * reservation's round trip from the moment it had its connection (an upper bound on the time
   * between the database's clock reading and the answer; a wait for the pool comes before the
   * reading, so it is not lateness) plus how late the wait's timer fired. A later request would
   * reach Vhsys bunched with the next slots' requests (a stalled event loop, a slow answer), so
   * AccountRateLimiter.take reserves a new slot instead.
   */
  maxLatenessMs: number;
  /**
   * How much later than it left this process a request may reach Vhsys's count, for reasons this
   * process cannot see: the network, a connection being opened, the other side's own scheduling.
   * The burst tolerance is shortened, when it must be, so that arrivals that late still fit
   * burst + rate in every second (see burstToleranceMs).
   */
  jitterMs: number;
}

/**
 * GCRA's burst tolerance (ms) that keeps Vhsys's count within burst + perSecond in every second
 * although each request may reach it up to maxLatenessMs (seen and allowed by `take`) plus jitterMs
 * (unseen) after its slot. Request k of a busy account has a virtual time v_k, the v_k one interval
 * I apart; it goes at the earliest at v_k − tolerance and arrives at the latest at
 * v_k + maxLateness + jitter. So a window of W ms holds at most 1 + ⌊(W + tolerance + maxLateness +
 * jitter) / I⌋ arrivals, which for W = 1000 ms stays within burst + 1000 / I while tolerance <
 * burst × I − maxLateness − jitter. Never more than the configured (burst − 1) × I; at the default
 * 2/s nothing is taken from the burst, at 8/s with burst 5 about one request is. Negative when the
 * delays outgrow the burst's span: the configuration is refused (config.ts).
 */
export function burstToleranceMs(options: RateBudget): number {
  const interval = 1000 / options.perSecond;
  return Math.min((options.burst - 1) * interval, burstSpanMs(options) - options.maxLatenessMs - options.jitterMs - 1);
}

/** The time the burst stands for at the sustained rate, burst × 1000 / perSecond ms (its requests' share of a second's quota). */
export function burstSpanMs(options: Pick<RateBudget, 'perSecond' | 'burst'>): number {
  return (options.burst * 1000) / options.perSecond;
}
