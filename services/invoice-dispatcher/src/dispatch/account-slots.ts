/**
 * Bounds the sales reconciled at once: at most `perAccount` per Vhsys account (one hung or slow
 * account can never occupy the consumer's in-flight pool) and at most `total` over all accounts
 * (each reconciliation holds a pooled PostgreSQL connection for its sale lock, so this stays below
 * the pool size). A sale over its account's cap waits in that account's own FIFO queue; sales of
 * other accounts pass it.
 */
export class AccountSlots {
  private readonly accounts = new Map<string, { running: number; waiters: Array<() => void> }>();
  private totalRunning = 0;
  private readonly totalWaiters: Array<() => void> = [];

  constructor(private readonly options: { perAccount: number; total: number }) {}

  /** Sales of `accountId` running or waiting (tests, metrics). */
  load(accountId: string): number {
    const a = this.accounts.get(accountId);
    return a ? a.running + a.waiters.length : 0;
  }

  async run<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    await this.acquireAccount(accountId);
    try {
      await this.acquireTotal();
      try {
        return await work();
      } finally {
        this.releaseTotal();
      }
    } finally {
      this.releaseAccount(accountId);
    }
  }

  private async acquireAccount(accountId: string): Promise<void> {
    let a = this.accounts.get(accountId);
    if (!a) {
      a = { running: 0, waiters: [] };
      this.accounts.set(accountId, a);
    }
    if (a.running < this.options.perAccount) {
      a.running += 1;
      return;
    }
    const slot = a;
    await new Promise<void>((resolve) => slot.waiters.push(resolve)); // the releaser hands its slot over
  }

  private releaseAccount(accountId: string): void {
    const a = this.accounts.get(accountId);
    if (!a) return;
    const next = a.waiters.shift();
    if (next) {
      next();
      return;
    }
    a.running -= 1;
    if (a.running === 0) this.accounts.delete(accountId);
  }

  private async acquireTotal(): Promise<void> {
    if (this.totalRunning < this.options.total) {
      this.totalRunning += 1;
      return;
    }
    await new Promise<void>((resolve) => this.totalWaiters.push(resolve));
  }

  private releaseTotal(): void {
    const next = this.totalWaiters.shift();
    if (next) next();
    else this.totalRunning -= 1;
  }
}
