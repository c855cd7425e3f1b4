import { setTimeout as sleep } from 'node:timers/promises';

/** Of these sale ids of the account, those the pipeline has answered (the sales history holds an outcome). */
export type AnsweredSales = (accountId: string, ids: string[]) => Promise<Set<string>>;

/**
 * Paces an import by the pipeline's answers, not only by a rate: at most `max` of the import's
 * sales may be produced and not yet answered (the sales history has no outcome for them). So an
 * import never queues more than `max` sales ahead of the account's live sales in the dispatcher,
 * whose per-account slots and Vhsys rate they share, whatever Vhsys's speed or quota; and an
 * import of a slow or failing account waits instead of piling sales up in the pipeline. The
 * window lives in memory: after a restart it starts empty (at most `max` more sales outstanding
 * for a moment, which the pipeline absorbs).
 */
export class PipelineWindow {
  private outstanding: string[] = [];

  constructor(
    private readonly accountId: string,
    private readonly max: number,
    private readonly answered: AnsweredSales,
  ) {}

  /**
   * How many sales may be produced now (at least 1), once the pipeline has answered enough of the
   * outstanding ones; polls every `pollMs`. `keepGoing` is asked before each wait: false stops the
   * wait and answers null (the import is stopping, cancelled or lost).
   */
  async room(pollMs: number, keepGoing: () => Promise<boolean>): Promise<number | null> {
    for (;;) {
      if (this.outstanding.length > 0) {
        const done = await this.answered(this.accountId, this.outstanding);
        this.outstanding = this.outstanding.filter((id) => !done.has(id));
      }
      if (this.outstanding.length < this.max) return this.max - this.outstanding.length;
      if (!(await keepGoing())) return null;
      await sleep(pollMs);
    }
  }

  /** Records sales just produced. */
  produced(ids: string[]): void {
    this.outstanding.push(...ids);
  }

  get size(): number {
    return this.outstanding.length;
  }
}
