export interface AccountGateOptions {
  /** Consecutive failed Vhsys calls of one account that open its circuit. */
  failureThreshold: number;
  /** First open period; doubles while probes keep failing. */
  openMs: number;
  maxOpenMs: number;
}

interface AccountCircuit {
  consecutiveFailures: number;
  openUntil: number;
  openMs: number;
  throttledUntil: number;
}

/**
 * In-process circuit breaker per Vhsys account. While an account's circuit is open (its Vhsys keeps
 * failing) or it is throttled (429 Retry-After), its sales go straight to the retry topic without
 * calling Vhsys, so they never hold a partition that other accounts share. After the open period
 * the next sale is a probe: success closes the circuit, failure re-opens it for twice as long.
 */
export class AccountGate {
  private readonly circuits = new Map<string, AccountCircuit>();

  constructor(private readonly options: AccountGateOptions, private readonly now: () => number = Date.now) {}

  /** Epoch ms until which the account must not be called, or null when it may be. */
  blockedUntil(accountId: string): number | null {
    const c = this.circuits.get(accountId);
    if (!c) return null;
    const until = Math.max(c.openUntil, c.throttledUntil);
    return until > this.now() ? until : null;
  }

  isOpen(accountId: string): boolean {
    const c = this.circuits.get(accountId);
    return !!c && c.openUntil > this.now();
  }

  recordSuccess(accountId: string): void {
    const c = this.circuits.get(accountId);
    if (!c) return;
    c.consecutiveFailures = 0;
    c.openMs = this.options.openMs;
    c.openUntil = 0;
  }

  /** Holds the account back until `now + ms` without counting a failure (its request budget is nearly spent). */
  throttle(accountId: string, ms: number): void {
    const c = this.circuits.get(accountId) ?? { consecutiveFailures: 0, openUntil: 0, openMs: this.options.openMs, throttledUntil: 0 };
    this.circuits.set(accountId, c);
    c.throttledUntil = Math.max(c.throttledUntil, this.now() + ms);
  }

  /**
   * Opens the circuit now, whatever the failure count (a call timed out: the account is not
   * answering, and every further call would hold a sale for the whole timeout too).
   */
  trip(accountId: string): boolean {
    const now = this.now();
    const c = this.circuits.get(accountId) ?? { consecutiveFailures: 0, openUntil: 0, openMs: this.options.openMs, throttledUntil: 0 };
    this.circuits.set(accountId, c);
    c.consecutiveFailures = Math.max(c.consecutiveFailures, this.options.failureThreshold);
    if (c.openUntil > now) return false;
    c.openUntil = now + c.openMs;
    return true;
  }

  /** A failed call (transient, rate limited or unknown outcome); returns true when this opened the circuit. */
  recordFailure(accountId: string, retryAfterMs: number | null = null): boolean {
    const now = this.now();
    const c = this.circuits.get(accountId) ?? { consecutiveFailures: 0, openUntil: 0, openMs: this.options.openMs, throttledUntil: 0 };
    this.circuits.set(accountId, c);
    if (retryAfterMs !== null && retryAfterMs > 0) c.throttledUntil = Math.max(c.throttledUntil, now + retryAfterMs);
    c.consecutiveFailures += 1;
    if (c.consecutiveFailures < this.options.failureThreshold) return false;
    if (c.openUntil > now) return false;
    const wasOpenedBefore = c.consecutiveFailures > this.options.failureThreshold;
    if (wasOpenedBefore) c.openMs = Math.min(this.options.maxOpenMs, c.openMs * 2);
    c.openUntil = now + c.openMs;
    return true;
  }
}
