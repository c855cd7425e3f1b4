import { errorFields, Logger } from '@gv/telemetry';
import type { AuditRequests } from './audit-requests';

/**
 * Concludes audit repairs whose re-dispatch ended later (a retry, a parked sale): every
 * `intervalMs`, findings still `repairing` are checked against the ledger (AuditRequests.settle).
 * Its own timer, never a consumer's sleep; two instances conclude a finding once (compare-and-set).
 */
export class AuditSettleTimer {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(private readonly requests: AuditRequests, private readonly options: { intervalMs: number; logger: Logger }) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      this.current = this.requests.settle(null).then(
        () => undefined,
        (error: unknown) => this.options.logger.warn({ ...errorFields(error) }, 'settling audit repairs failed; will try again'),
      );
      await this.current;
      this.current = null;
      if (this.running) this.timer = setTimeout(tick, this.options.intervalMs);
    };
    this.timer = setTimeout(tick, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
