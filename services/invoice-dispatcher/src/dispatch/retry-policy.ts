export interface RetryPolicyOptions {
  /** Delay before the first retry. */
  baseDelayMs: number;
  /** Cap of the exponential growth. */
  maxDelayMs: number;
  /** Vhsys attempts (failed calls) before the sale is given up as `failed`. */
  maxAttempts: number;
  /** Delay between probes of a sale parked by an authentication failure. */
  parkedDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter": attempt n waits a uniform time in
 * [d/2, d] where d = min(max, base × 2^(n−1)). Never less than a server's Retry-After.
 */
export class RetryPolicy {
  constructor(readonly options: RetryPolicyOptions, private readonly random: () => number = Math.random) {}

  delayFor(attempt: number, atLeastMs = 0): number {
    const { baseDelayMs, maxDelayMs } = this.options;
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
    const jittered = exp / 2 + this.random() * (exp / 2);
    return Math.max(Math.round(jittered), Math.round(atLeastMs));
  }

  exhausted(attempts: number): boolean {
    return attempts >= this.options.maxAttempts;
  }

  /** Delay for a parked sale's next probe, jittered ±10% so parked sales do not probe together. */
  parkedDelay(): number {
    const d = this.options.parkedDelayMs;
    return Math.round(d * (0.9 + this.random() * 0.2));
  }
}
