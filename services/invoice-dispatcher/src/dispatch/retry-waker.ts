import { PeriodicTask } from '@gv/concurrency';
import { errorFields, Logger } from '@gv/telemetry';
import type { LedgerStore } from '../ledger/ledger-store';

/**
 * Turns due `wake_at` entries of the ledger (backoffs longer than the retry topic's horizon,
 * parked sales' probes) into retry messages. Runs in every instance; rows are claimed with
 * SKIP LOCKED. Never sleeps in a consumer: it is its own timer.
 */
export class RetryWaker {
  private lastPrune = 0;
  private readonly task: PeriodicTask;

  constructor(
    private readonly store: LedgerStore,
    private readonly options: { intervalMs: number; batchSize: number; logger: Logger; afterWake: () => void },
  ) {
    this.task = new PeriodicTask(() => this.wakeAll(), options.intervalMs);
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  private async wakeAll(): Promise<void> {
    try {
      for (;;) {
        const woken = await this.store.wakeDue(this.options.batchSize);
        if (woken > 0) this.options.afterWake();
        if (woken < this.options.batchSize) break;
      }
      // Published outbox rows are kept a day for inspection, then pruned.
      if (Date.now() - this.lastPrune > 60_000) {
        this.lastPrune = Date.now();
        await this.store.pruneOutbox(24 * 60 * 60 * 1000, 5000);
      }
    } catch (error) {
      this.options.logger.warn({ ...errorFields(error) }, 'waking due retries failed; will try again');
    }
  }
}
