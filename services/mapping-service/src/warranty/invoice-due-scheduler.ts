import { DataSource } from 'typeorm';
import { errorFields, Logger } from '@gv/telemetry';
import { AwaitingInvoice } from './awaiting-invoice.entity';

/**
 * Wakes up periodically and hands every sale whose invoice date has come to `remap`, which maps
 * it again with the current time, publishes it and moves or removes its row. Two instances may
 * occasionally publish the same due sale twice; that is harmless, the order is the same revision
 * with the same content and the dispatcher reconciles it to the same state.
 */
export class InvoiceDueScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly remap: (row: AwaitingInvoice) => Promise<void>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      try {
        await this.runDue();
      } catch (error) {
        this.logger.warn({ ...errorFields(error) }, 'invoice-due scheduler run failed');
      }
      if (this.running) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Re-maps every due sale now; returns how many. */
  async runDue(): Promise<number> {
    let count = 0;
    for (;;) {
      const row = await this.dataSource
        .getRepository(AwaitingInvoice)
        .createQueryBuilder('a')
        .where('a.due_at <= now()')
        .orderBy('a.due_at', 'ASC')
        .limit(1)
        .getOne();
      if (!row) return count;
      await this.remap(row);
      count += 1;
    }
  }
}
