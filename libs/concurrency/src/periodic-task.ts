/**
 * A background task run every `intervalMs` on a timer of its own (never a consumer's sleep): one
 * run at a time, the next scheduled only after the previous one ended, and `stop()` waits for the
 * run in progress. `work` must not reject (it logs its own failures); a rejection is swallowed so
 * the timer keeps going.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(private readonly work: () => Promise<void>, private readonly intervalMs: number) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      this.current = this.work().catch(() => undefined);
      await this.current;
      this.current = null;
      if (this.running) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
