import type { FaultKind } from '../faults/fault-config';

/** How the simulator answered one API request of an account. */
export type RequestOutcome = 'answered' | FaultKind | 'window_429' | 'identical_429';

/** One API request an account received, stamped on arrival (before any injected latency). */
export interface RequestLogEntry {
  /** Epoch milliseconds (the simulator's clock) on arrival. */
  atMs: number;
  method: string;
  /** "/transactions" or "/transactions/{id}"; "(unknown)" for other paths. */
  route: string;
  /** The query string as sent (without "?"); never holds a token (tokens travel in a header). */
  query: string;
  /** Position of the user token used in the account's `userTokens` (the token itself is never kept). */
  tokenIndex: number;
  /** HTTP status sent, or null when the connection was cut before a status line. */
  status: number | null;
  outcome: RequestOutcome;
}

/** The account's requests in arrival order; bounded (the oldest are dropped and counted). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  dropped = 0;

  constructor(private readonly capacity = 100_000) {}

  record(entry: RequestLogEntry): RequestLogEntry {
    if (this.entries.length >= this.capacity) {
      this.entries.shift();
      this.dropped += 1;
    }
    this.entries.push(entry);
    return entry;
  }

  list(): { entries: RequestLogEntry[]; dropped: number } {
    return { entries: this.entries.map((e) => ({ ...e })), dropped: this.dropped };
  }

  clear(): void {
    this.entries = [];
    this.dropped = 0;
  }
}
