/** Named readiness checks a service registers (Kafka joined, database reachable, config loaded). */
export type HealthCheck = () => Promise<boolean> | boolean;

export interface HealthRegistryOptions {
  /**
   * A check that has not answered after this long counts as failed, so one hung dependency cannot
   * hang the readiness endpoint itself (and the orchestrator's probe with it). Off by default.
   */
  checkTimeoutMs?: number;
}

export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(private readonly options: HealthRegistryOptions = {}) {}

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async readiness(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    const results: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        results[name] = Boolean(await this.withTimeout(check));
      } catch {
        results[name] = false;
      }
    }
    return { ready: Object.values(results).every(Boolean), checks: results };
  }

  private async withTimeout(check: HealthCheck): Promise<boolean> {
    const timeoutMs = this.options.checkTimeoutMs;
    if (!timeoutMs) return check();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        Promise.resolve().then(check),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
