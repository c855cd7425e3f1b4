import { Semaphore } from '@gv/concurrency';

/**
 * Bounds the sales reconciled at once: at most `perAccount` per Vhsys account (one hung or slow
 * account can never occupy the consumer's in-flight pool) and at most `total` over all accounts
 * (a memory bound: a reconciliation holds no database connection while Vhsys answers). A sale over its account's cap waits in that account's own FIFO queue; sales of
 * other accounts pass it. The account's slot is taken first, so a sale waiting for its account
 * never holds one of the total.
 */
export class AccountSlots {
  /** Accounts with sales running or waiting; an idle account's semaphore is dropped. */
  private readonly accounts = new Map<string, Semaphore>();
  private readonly total: Semaphore;

  constructor(private readonly options: { perAccount: number; total: number }) {
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

  async run<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    let account = this.accounts.get(accountId);
    if (!account) {
      account = new Semaphore(this.options.perAccount);
      this.accounts.set(accountId, account);
    }
    const releaseAccount = await account.acquire();
    try {
      return await this.total.run(work);
    } finally {
      releaseAccount();
      if (account.inUse === 0 && account.waiting === 0) this.accounts.delete(accountId);
    }
  }
}
