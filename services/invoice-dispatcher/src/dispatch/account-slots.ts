import { Semaphore } from '@gv/concurrency';

export interface AccountSlotsOptions {
  /** Sales of one account reconciled at once. */
  perAccount: number;
  /** Sales of one account that may wait here for its slots; beyond them `tryRun` refuses. */
  maxQueued: number;
  /** Sales reconciled at once over all accounts. */
  total: number;
}

/**
 * Bounds the sales reconciled at once: at most `perAccount` per Vhsys account and at most `total`
 * over all accounts (a memory bound: a reconciliation holds no database connection while Vhsys
 * answers). A sale over its account's cap waits in that account's own FIFO queue, and sales of
 * other accounts pass it; but that queue is short (`maxQueued`): every waiting
 * sale holds one of its consumer's in-flight slots, so an account with a flood or a backlog could
 * otherwise fill the consumer's whole window and starve the other accounts behind it. A sale that
 * finds its account's queue full is refused (`tryRun` returns false) and the caller hands it off.
 * The account's slot is taken first, so a sale waiting for its account never holds one of the total.
 */
export class AccountSlots {
  /** Accounts with sales running or waiting; an idle account's semaphore is dropped. */
  private readonly accounts = new Map<string, Semaphore>();
  private readonly total: Semaphore;

  /**
   * `onHeld`: told how long each sale held its account's slot (from taking it to giving it back),
   * which is what paces the account's hand-offs (HandoffSchedule).
   */
  constructor(
    private readonly options: AccountSlotsOptions,
    private readonly onHeld: (accountId: string, heldMs: number) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(options.maxQueued) || options.maxQueued < 0) throw new Error(`maxQueued must be a non-negative integer, got ${options.maxQueued}`);
    this.total = new Semaphore(options.total);
  }

  /** Sales being reconciled right now, over all accounts (`dispatcher_sales_reconciling`). */
  get running(): number {
    return this.total.inUse;
  }

  /** Sales of `accountId` running or waiting (tests, metrics). */
  load(accountId: string): number {
    const account = this.accounts.get(accountId);
    return account ? account.inUse + account.waiting : 0;
  }

  /**
   * Runs `work` in one of the account's slots (waiting in its queue when all are taken) and
   * returns true once it finished; returns false at once, without running it, when the account
   * already has `perAccount` sales running and `maxQueued` waiting.
   */
  async tryRun(accountId: string, work: () => Promise<void>): Promise<boolean> {
    let account = this.accounts.get(accountId);
    if (account && account.inUse + account.waiting >= this.options.perAccount + this.options.maxQueued) return false;
    if (!account) {
      account = new Semaphore(this.options.perAccount);
      this.accounts.set(accountId, account);
    }
    const releaseAccount = await account.acquire();
    const heldSince = this.now();
    try {
      await this.total.run(work);
      return true;
    } finally {
      releaseAccount();
      if (account.inUse === 0 && account.waiting === 0) this.accounts.delete(accountId);
      this.onHeld(accountId, this.now() - heldSince);
    }
  }
}
