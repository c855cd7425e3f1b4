import { DataSource } from 'typeorm';
import { PeriodicTask } from '@gv/concurrency';
import { errorFields, Logger } from '@gv/telemetry';
import { AwaitingInvoice } from './awaiting-invoice.entity';

/**
 * Wakes up periodically and hands every sale whose invoice date has come to `remap`, which maps
 * it again with the current time and, in one transaction, removes its row and enqueues the order
 * (with its invoices, the event's `complete` revision) in the outbox. Several instances may pick
 * the same due row: the re-map locks it and acts only if it is still there with the revision read,
 * so one of them enqueues the order (see SaleProcessor.remapDue).
 */
export class InvoiceDueScheduler {
  private readonly task: PeriodicTask;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly remap: (row: AwaitingInvoice) => Promise<void>,
    private readonly logger: Logger,
    intervalMs: number,
  ) {
    this.task = new PeriodicTask(async () => {
      await this.runDue().catch((error) => this.logger.warn({ ...errorFields(error) }, 'invoice-due scheduler run failed'));
    }, intervalMs);
  }

  start(): void {
    this.task.start();
  }

  /** Stops the timer and waits for a run in progress (it may be enqueuing a re-mapped order). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.task.stop();
  }

  /**
   * Re-maps every sale due at `now` (the same clock mapSale then uses, so a due row maps with its
   * invoices), each at most once per run: the rows are walked in (due_at, account, sale) order
   * from a cursor, so a row that stays due (its re-map failed, or left it in place) cannot keep the
   * loop going; the next run tries it again. `due_at` is always written from a JavaScript Date
   * (millisecond precision), so the cursor compares exactly. Returns how many rows were handed
   * over (failures included, logged).
   */
  async runDue(now: Date = new Date()): Promise<number> {
    let count = 0;
    let after: { dueAt: Date; accountId: string; guruTransactionId: string } | null = null;
    for (;;) {
      if (this.stopping) return count;
      const query = this.dataSource
        .getRepository(AwaitingInvoice)
        .createQueryBuilder('a')
        .where('a.due_at <= :now', { now });
      if (after) {
        query.andWhere('(a.due_at, a.account_id, a.guru_transaction_id) > (:dueAt, :accountId, :guruTransactionId)', after);
      }
      const row = await query
        .orderBy('a.due_at', 'ASC')
        .addOrderBy('a.account_id', 'ASC')
        .addOrderBy('a.guru_transaction_id', 'ASC')
        .limit(1)
        .getOne();
      if (!row) return count;
      after = { dueAt: row.dueAt, accountId: row.accountId, guruTransactionId: row.guruTransactionId };
      count += 1;
      try {
        await this.remap(row);
      } catch (error) {
        // One sale failing must not hold back the others; it stays due and is tried next run.
        this.logger.warn({ ...errorFields(error), accountId: row.accountId, guruTransactionId: row.guruTransactionId }, 'invoice-due re-map failed; will retry');
      }
    }
  }
}
