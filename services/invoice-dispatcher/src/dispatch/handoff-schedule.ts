export interface HandoffScheduleOptions {
  /** Sales of one account reconciled at once in this instance (AccountSlots' perAccount). */
  perAccount: number;
  /** Spacing of an account's hand-offs before any of its sales was timed in this instance. */
  initialSpacingMs: number;
  /** Longest hand-off delay: the schedule never reaches further ahead than this. */
  maxDelayMs: number;
}

interface AccountPace {
  /** Moving average of how long one sale holds one of the account's slots; null until timed. */
  heldMs: number | null;
  /** Due time (epoch ms, before jitter) of the latest hand-off. */
  lastDue: number;
}

/** Weight of the newest sample in the moving average of slot hold times. */
const HELD_SMOOTHING = 0.2;
/** Floor of the spacing (a sale that found its lock taken holds its slot for a millisecond). */
const MIN_SPACING_MS = 10;

/**
 * When a sale handed off by a busy account (AccountSlots refused it) should come back. This
 * instance finishes the account's sales about one every `spacing` = (average slot hold time ÷
 * per-account cap) ms, so its hand-offs are given successive due times one spacing apart after the
 * latest one still ahead: the k-th hand-off of a backlog comes back after about k spacings, when
 * there is room again, instead of all at once (each early return costs another hand-off). Each
 * delay gets a jitter of up to one spacing. The schedule never reaches more than `maxDelayMs` ahead;
 * once it does, further hand-offs land anywhere in its second half (they will mostly be handed off
 * again then), so a stale estimate never keeps a sale away for longer than `maxDelayMs`.
 *
 * In-process and per account, like the account's slots: with several instances each paces what
 * it hands off by its own drain.
 */
export class HandoffSchedule {
  private readonly accounts = new Map<string, AccountPace>();

  constructor(
    private readonly options: HandoffScheduleOptions,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** One of the account's sales held its slot for `heldMs`. */
  observeHeld(accountId: string, heldMs: number): void {
    const pace = this.pace(accountId);
    pace.heldMs = pace.heldMs === null ? heldMs : pace.heldMs + HELD_SMOOTHING * (heldMs - pace.heldMs);
  }

  /**
   * Forgets the account's hold times (back to the initial spacing): a paused account's sales park
   * at once, so what was measured while it was paused says nothing about it once it resumes.
   */
  forgetHeld(accountId: string): void {
    const pace = this.accounts.get(accountId);
    if (pace) pace.heldMs = null;
  }

  /**
   * Milliseconds between two of the account's sales finishing in this instance (estimated).
   * `oldestRunningMs`: how long the account's oldest sale still running has held its slot. The
   * average only learns from sales that finished, so when the account's Vhsys slows down (its
   * latency rises, a flood starts after a quick drain) it still says "fast" until several have
   * finished, and the hand-offs of that moment come back too early and are handed off again. A
   * sale running for longer than the average is a floor for it at once.
   */
  spacingMs(accountId: string, oldestRunningMs: number | null = null): number {
    const heldMs = this.accounts.get(accountId)?.heldMs ?? null;
    const held = Math.max(heldMs ?? this.options.initialSpacingMs * this.options.perAccount, oldestRunningMs ?? 0);
    return Math.max(MIN_SPACING_MS, held / this.options.perAccount);
  }

  /**
   * The delay (ms) of the account's next handed-off sale; takes its place in the schedule.
   * `oldestRunningMs`: see spacingMs (AccountSlots.oldestHeldMs).
   */
  nextDelay(accountId: string, oldestRunningMs: number | null = null): number {
    const now = this.now();
    const pace = this.pace(accountId);
    const spacing = this.spacingMs(accountId, oldestRunningMs);
    const due = Math.max(now, pace.lastDue) + spacing;
    const { maxDelayMs } = this.options;
    if (due - now > maxDelayMs) return Math.round(maxDelayMs * (0.5 + this.random() * 0.5));
    pace.lastDue = due;
    return Math.round(Math.min(maxDelayMs, due - now + this.random() * spacing));
  }

  private pace(accountId: string): AccountPace {
    let pace = this.accounts.get(accountId);
    if (!pace) {
      pace = { heldMs: null, lastDue: 0 };
      this.accounts.set(accountId, pace);
    }
    return pace;
  }
}
