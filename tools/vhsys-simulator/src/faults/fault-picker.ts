import { FAULT_KINDS, FaultConfig, FaultKind } from './fault-config';
import { SeededRandom } from './seeded-random';

/** Decides, per request, the injected latency and fault of one account. */
export class FaultPicker {
  private random: SeededRandom;

  constructor(private config: FaultConfig) {
    this.random = new SeededRandom(config.seed);
  }

  get faults(): FaultConfig {
    return this.config;
  }

  replace(config: FaultConfig): void {
    this.config = config;
    this.random = new SeededRandom(config.seed);
  }

  latencyMs(): number {
    const { latencyMs, jitterMs } = this.config;
    return jitterMs > 0 ? latencyMs + this.random.next() * jitterMs : latencyMs;
  }

  /** One draw per request that matches, so the sequence only depends on the matching requests. */
  pick(method: string, route: string): FaultKind | null {
    const { match, rates } = this.config;
    if (match?.methods && !match.methods.includes(method)) return null;
    if (match?.routes && !match.routes.includes(route)) return null;
    const draw = this.random.next();
    let threshold = 0;
    for (const kind of FAULT_KINDS) {
      threshold += rates[kind];
      if (draw < threshold) return kind;
    }
    return null;
  }
}
