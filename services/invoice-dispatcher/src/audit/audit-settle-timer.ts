import { PeriodicTask } from '@gv/concurrency';
import { errorFields, Logger } from '@gv/telemetry';
import type { AuditRequests } from './audit-requests';

/**
 * Concludes audit repairs whose re-dispatch ended later (a retry, a parked sale): every
 * `intervalMs`, findings still `repairing` are checked against the ledger (AuditRequests.settle).
 * Its own timer, never a consumer's sleep; two instances conclude a finding once (compare-and-set).
 */
export class AuditSettleTimer {
  private readonly task: PeriodicTask;

  constructor(private readonly requests: AuditRequests, private readonly options: { intervalMs: number; logger: Logger }) {
    this.task = new PeriodicTask(
      () => this.requests.settle(null).then(
        () => undefined,
        (error: unknown) => this.options.logger.warn({ ...errorFields(error) }, 'settling audit repairs failed; will try again'),
      ),
      options.intervalMs,
    );
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }
}
