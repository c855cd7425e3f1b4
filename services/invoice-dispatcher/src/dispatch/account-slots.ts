import { KeyedCounts, Semaphore } from '@gv/concurrency';
import type { LaneRoom } from '@gv/kafka';

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
 *
 * It is also the consumers' LaneRoom (fair intake by account): `free` is what `admit` would still
 * let through, and listeners hear of every place given back, so that a flooding account's messages
 * wait in the consumer's intake queue for a place instead of arriving here to be handed off.
 */
export class AccountSlots implements LaneRoom {
  /** Accounts with sales running or waiting; an idle account's semaphore is dropped. */
  private readonly accounts = new Map<string, Semaphore>();
  private readonly total: Semaphore;
  /** Sales per account between `arrive` and reaching `tryRun`. */
  private readonly arriving = new KeyedCounts();
  /** Messages per account the consumers' fair intake let through for a place, not yet admitted (LaneRoom.claim). */
  private readonly claims = new KeyedCounts();
  /** When each running sale took its account's slot (epoch ms), per account: its oldest tells HandoffSchedule a slowdown early. */
  private readonly runningSince = new Map<string, number[]>();
  private readonly freedListeners: Array<(accountId: string) => void> = [];

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

  /** How long the account's oldest running sale has held its slot (ms), or null when none runs. */
  oldestHeldMs(accountId: string): number | null {
    const since = this.runningSince.get(accountId);
    return since && since.length > 0 ? this.now() - Math.min(...since) : null;
  }

  /**
   * True when the account already has `perAccount` sales running and `maxQueued` waiting: `tryRun`
   * refuses its sales now.
   */
  isFull(accountId: string): boolean {
    return this.load(accountId) >= this.options.perAccount + this.options.maxQueued;
  }

  /**
   * A sale of the account is on its way to `tryRun` (being recorded first). Until the returned
   * function is called (once it gets there, or gives up; calling it again does nothing) it counts
   * for `fullOnArrival`, so that of a burst arriving all at once only cap + queue are let through
   * to be recorded and run, and the rest are known for hand-offs from the start.
   */
  arrive(accountId: string): () => void {
    return this.counted(this.arriving, accountId);
  }

  /** True when the account's running, waiting, arriving and claimed sales already fill cap + queue. */
  fullOnArrival(accountId: string): boolean {
    return this.free(accountId) <= 0;
  }

  /**
   * Sales of the account `admit` would still let through now: cap + queue − running, waiting,
   * arriving and claimed (a claim ends, through the consumer's `roomTaken`, just before the
   * sale's `admit`, in the same step).
   */
  free(accountId: string): number {
    return this.options.perAccount + this.options.maxQueued - this.load(accountId) - this.arriving.get(accountId) - this.claims.get(accountId);
  }

  /** A message of the account on its way to `admit`, let through by a consumer's fair intake: counted until released. */
  claim(accountId: string): () => void {
    return this.counted(this.claims, accountId);
  }

  /**
   * Counts one for the account in `counts`; the release (once) takes it back and tells the
   * listeners, who count after the current synchronous step (most often the sale goes on to
   * tryRun, or to admit, within it).
   */
  private counted(counts: KeyedCounts, accountId: string): () => void {
    const release = counts.add(accountId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      this.freed(accountId);
    };
  }

  /** `listener` hears the account of every place given back (a sale finished, or left `arriving` without running). */
  onFreed(listener: (accountId: string) => void): void {
    this.freedListeners.push(listener);
  }

  private freed(accountId: string): void {
    for (const listener of this.freedListeners) listener(accountId);
  }

  /**
   * `arrive`, unless the account is `fullOnArrival` (then null): the check and the count in one
   * synchronous step, so that of a burst whose handlers interleave at every await, no two are let
   * through on the same free place.
   */
  admit(accountId: string): (() => void) | null {
    return this.fullOnArrival(accountId) ? null : this.arrive(accountId);
  }

  /**
   * Runs `work` in one of the account's slots (waiting in its queue when all are taken) and
   * returns true once it finished; returns false at once, without running it, when the account
   * already has `perAccount` sales running and `maxQueued` waiting.
   */
  async tryRun(accountId: string, work: () => Promise<void>): Promise<boolean> {
    if (this.isFull(accountId)) return false;
    let account = this.accounts.get(accountId);
    if (!account) {
      account = new Semaphore(this.options.perAccount);
      this.accounts.set(accountId, account);
    }
    const releaseAccount = await account.acquire();
    const heldSince = this.now();
    const since = this.runningSince.get(accountId) ?? [];
    since.push(heldSince);
    this.runningSince.set(accountId, since);
    try {
      await this.total.run(work);
      return true;
    } finally {
      since.splice(since.indexOf(heldSince), 1);
      if (since.length === 0 && this.runningSince.get(accountId) === since) this.runningSince.delete(accountId);
      releaseAccount();
      if (account.inUse === 0 && account.waiting === 0) this.accounts.delete(accountId);
      this.onHeld(accountId, this.now() - heldSince);
      this.freed(accountId);
    }
  }
}
