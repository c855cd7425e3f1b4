import { createRng, type Rng } from '@gv/guru-sale-generator';
import { FAULT_KINDS, FaultConfig, FaultKind, NO_FAULTS } from './fault-config';

/** Decides, per request, the injected latency and fault of one account (seeded: same requests, same faults). */
export class FaultPicker {
  private config: FaultConfig = NO_FAULTS;
  private script: FaultKind[] = [];
  private random: Rng = createRng(NO_FAULTS.seed);

  get faults(): FaultConfig {
    return { ...this.config, script: [...this.script] };
  }

  replace(config: FaultConfig): void {
    this.config = config;
    this.script = [...config.script];
    this.random = createRng(config.seed);
  }

  latencyMs(): number {
    const { latencyMs, jitterMs } = this.config;
    return jitterMs > 0 ? latencyMs + this.random.next() * jitterMs : latencyMs;
  }

  /** The scripted fault if any is left, else one draw against the rates. */
  pick(): FaultKind | null {
    const scripted = this.script.shift();
    if (scripted) return scripted;
    const draw = this.random.next();
    let threshold = 0;
    for (const kind of FAULT_KINDS) {
      threshold += this.config.rates[kind];
      if (draw < threshold) return kind;
    }
    return null;
  }
}
