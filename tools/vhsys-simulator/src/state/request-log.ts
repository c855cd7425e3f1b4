import type { FaultKind } from '../faults/fault-config';

/** How the simulator answered one request of an account. */
export type RequestOutcome = 'answered' | FaultKind | 'window_429' | 'tokens_rejected';

/** One request an account received, stamped on arrival (before any injected latency). */
export interface RequestLogEntry {
  /** Epoch milliseconds (the simulator's clock) when the request arrived. */
  atMs: number;
  /** e.g. "POST /pedidos/{id_ped}/parcelas". */
  route: string;
  outcome: RequestOutcome;
}

/**
 * The account's requests in arrival order, for checks that need timing (e.g. "no more than N
 * requests in any second"), which the counters cannot answer. Bounded: beyond `capacity` the
 * oldest entries are dropped and counted in `dropped`, so a long run cannot exhaust memory.
 */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  dropped = 0;

  constructor(private readonly capacity = 500_000) {}

  record(entry: RequestLogEntry): void {
    if (this.entries.length >= this.capacity) {
      this.entries.shift();
      this.dropped += 1;
    }
    this.entries.push(entry);
  }

  list(): { entries: RequestLogEntry[]; dropped: number } {
    return { entries: [...this.entries], dropped: this.dropped };
  }

  clear(): void {
    this.entries = [];
    this.dropped = 0;
  }
}
