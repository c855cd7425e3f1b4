/**
 * Fair intake of a key-concurrency consumer (docs/kafka.md#fair-intake): when one lane (the
 * dispatcher: one account) floods the topic, its messages beyond a burst start at a paced rate,
 * and they wait for their turn outside the in-flight window, so the other lanes' messages behind
 * them in the partitions are fetched and started at once.
 *
 * Why pacing and not only a cap on a lane's active messages: a message that is quick to handle
 * (a sale handed off because its account is busy) frees its place at once, so a cap alone lets a
 * burst of thousands through in about a second, and that second of CPU (the process's event loop,
 * PostgreSQL, the broker) is what the other accounts' sales wait for. Paced, the same work is
 * spread over many seconds at a small share of the machine. It costs the flooding lane nothing
 * real when the pace is far above what the lane can complete anyway (an account's sales cannot
 * finish faster than its Vhsys quota allows).
 *
 * The schedule is GCRA per lane (the virtual-scheduling form of a token bucket): interval
 * I = 1000 / perSecond ms, a lane may start `burst` messages at once, and each further one is
 * due I after the previous one's due time, rounded up to the next tick (`tickMs`), so that in any
 * window of W ms a lane starts at most burst + ⌊(W + tick) / I⌋ messages. A lane's state is two
 * numbers, its theoretical arrival time and the start it last gave; a lane whose times have both
 * passed is idle and forgotten, so invented lane names cannot grow the map beyond the lanes with
 * messages waiting (plus one second of new ones between sweeps).
 *
 * Messages waiting for their turn are bounded by count and by bytes (the queue budget). A message
 * of a lane that is behind its schedule first waits for room in it, in arrival order, and the
 * consumer's fetch of that partition waits with it: memory stays bounded by the window and the
 * budget, at the price of the other lanes waiting again once a burst outgrows the budget.
 *
 * Waiting for room (optional, `room`): the handler's side can tell how many more messages of a
 * lane it could take without turning them away (the dispatcher: the account's free slots; a sale
 * that finds none is recorded and handed off to the ledger, to be woken up and fetched again
 * later). A lane's message whose turn has come then also waits, in the intake's queue and in
 * arrival order, until the lane has room: a burst of one account is started as fast as the
 * account completes sales, not at the pace, so none of it is written, handed off and woken up
 * again while the burst is still being read. Messages released for room and not yet at the handler
 * are counted against it by the room itself (`claim`), so one free place lets one message through,
 * even with several consumers (the dispatcher's main and retry) waiting on one room. This holds
 * only while the queue is at most half full: above that, messages go at their pace and the
 * handler's side hands them off as before, so a backlog larger than the budget still drains into
 * the ledger and never stops the fetch for longer than pacing alone would.
 */

/**
 * How many more messages of a lane the handler's side can take right now, and a signal when that
 * grows (the dispatcher's AccountSlots).
 */
export interface LaneRoom {
  /** Messages of the lane it could take now without turning them away, less those claimed (≤ 0: none). */
  free(lane: string): number;
  /**
   * Counts a message of the lane on its way to the handler against `free` until the returned
   * release is called (once; more calls do nothing). The release signals `onFreed` listeners.
   */
  claim(lane: string): TransitRelease;
  /** `listener` is called with a lane whose room may have grown. */
  onFreed(listener: (lane: string) => void): void;
}

export interface FairIntakeOptions {
  /** Starts per second of one lane beyond its burst. */
  perSecond: number;
  /** Messages of one lane that start at once before the pace applies (≥ 1). */
  burst: number;
  /**
   * Paced messages start on the next multiple of this (epoch ms), so a flooding lane's messages
   * start a few together, not one by one: what they do then (the dispatcher: record and hand off
   * sales) shares a statement and a commit. 1 = no grouping.
   */
  tickMs: number;
  /** Messages waiting for their lane's turn outside the in-flight window, at most (≥ 1). */
  maxQueued: number;
  /** The same in bytes (key + value); one message alone is always let in, however big. */
  maxQueuedBytes: number;
  /** When given, a message whose turn came also waits for its lane's room (above). */
  room?: LaneRoom;
}

/** A message's claim on its lane's room from its release until it reaches the handler; call once (more calls do nothing). */
export type TransitRelease = () => void;

const NO_CLAIM: TransitRelease = () => undefined;

/** A message waiting for its lane's room: `granted` resolves with its claim, or with null once cancelled. */
export interface RoomWait {
  granted: Promise<TransitRelease | null>;
  /** Stops waiting (resolves `granted` with null), unless already granted. */
  cancel(): void;
}

/** Lanes kept before idle ones are swept (a sweep is linear, so it runs only past this size, and at most once a second). */
const SWEEP_ABOVE = 4096;

export class FairIntake {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** lane → theoretical arrival time (epoch ms) of its next message, and the start time last given. */
  private readonly lanes = new Map<string, { tat: number; lastDue: number }>();
  private queued = 0;
  private queuedBytes = 0;
  /** Messages waiting for room in the budget, first come first served. */
  private readonly waiters: Array<{ bytes: number; grant: () => void }> = [];
  private nextSweepAt = 0;
  /** Per lane: messages waiting for its room, first come first served. */
  private readonly roomWaiters = new Map<string, Array<(claim: TransitRelease | null) => void>>();

  constructor(readonly options: FairIntakeOptions) {
    const { perSecond, burst, tickMs, maxQueued, maxQueuedBytes } = options;
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new Error(`fair intake: perSecond must be a positive number, got ${perSecond}`);
    if (!Number.isInteger(burst) || burst < 1) throw new Error(`fair intake: burst must be a positive integer, got ${burst}`);
    if (!Number.isInteger(tickMs) || tickMs < 1) throw new Error(`fair intake: tickMs must be a positive integer, got ${tickMs}`);
    if (!Number.isInteger(maxQueued) || maxQueued < 1) throw new Error(`fair intake: maxQueued must be a positive integer, got ${maxQueued}`);
    if (!Number.isInteger(maxQueuedBytes) || maxQueuedBytes < 0) throw new Error(`fair intake: maxQueuedBytes must be a non-negative integer, got ${maxQueuedBytes}`);
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = (burst - 1) * this.intervalMs;
    options.room?.onFreed((lane) => {
      // Deferred: the handler that freed the place may take it back in the same synchronous step
      // (the dispatcher: a sale leaving `arriving` for a slot), and the room is counted after it.
      queueMicrotask(() => this.wakeForRoom(lane));
    });
  }

  /**
   * True when a message of the lane whose turn has come must still wait for the lane's room: room
   * is on, the queue is at most half full, and the lane has no free place that is not already
   * claimed, or has messages waiting for one before it.
   */
  mustWaitForRoom(lane: string): boolean {
    const room = this.options.room;
    if (!room || !this.waitingForRoomAllowed()) return false;
    return (this.roomWaiters.get(lane)?.length ?? 0) > 0 || room.free(lane) <= 0;
  }

  /** Claims one of the lane's places for a message on its way to the handler (LaneRoom.claim); nothing without a room. */
  claim(lane: string): TransitRelease {
    return this.options.room?.claim(lane) ?? NO_CLAIM;
  }

  /** Waits, behind the lane's earlier waiters, until a place of the lane's room is claimed for it. */
  waitForRoom(lane: string): RoomWait {
    let settle!: (claim: TransitRelease | null) => void;
    const granted = new Promise<TransitRelease | null>((resolve) => {
      settle = resolve;
    });
    const waiters = this.roomWaiters.get(lane) ?? [];
    waiters.push(settle);
    this.roomWaiters.set(lane, waiters);
    return {
      granted,
      cancel: () => {
        const list = this.roomWaiters.get(lane);
        const index = list?.indexOf(settle) ?? -1;
        if (index < 0) return; // already granted
        list!.splice(index, 1);
        if (list!.length === 0) this.roomWaiters.delete(lane);
        settle(null);
      },
    };
  }

  /**
   * Grants the lane's waiters one place each while the room has one free (each grant claims it),
   * or all of them once waiting is not allowed. Called when the room signals.
   */
  private wakeForRoom(lane: string): void {
    const waiters = this.roomWaiters.get(lane);
    if (!waiters) return;
    const room = this.options.room!;
    while (waiters.length > 0 && (!this.waitingForRoomAllowed() || room.free(lane) > 0)) waiters.shift()!(room.claim(lane));
    if (waiters.length === 0) this.roomWaiters.delete(lane);
  }

  /** Waiting for room keeps messages in the queue: only while it is at most half full (count and bytes). */
  private waitingForRoomAllowed(): boolean {
    return this.queued * 2 <= this.options.maxQueued && this.queuedBytes * 2 <= this.options.maxQueuedBytes;
  }

  /** True when the lane's next message could not start at `nowMs` (it is behind its schedule). */
  isBehind(lane: string, nowMs: number): boolean {
    const state = this.lanes.get(lane);
    return state !== undefined && (state.tat - this.toleranceMs > nowMs || state.lastDue > nowMs);
  }

  /**
   * The time (epoch ms) the lane's next message may start, at or after `nowMs`, and the lane's
   * schedule advanced past it. Called once per message, in the order they are dispatched.
   */
  schedule(lane: string, nowMs: number): number {
    if (this.lanes.size > SWEEP_ABOVE && nowMs >= this.nextSweepAt) this.sweep(nowMs);
    const state = this.lanes.get(lane);
    const tat = Math.max(state?.tat ?? nowMs, nowMs);
    const due = tat - this.toleranceMs;
    // Never before the lane's previous message: that one's start was rounded up to a tick, so this
    // one's own due time can come earlier.
    const start = Math.max(due <= nowMs ? nowMs : Math.ceil(due / this.options.tickMs) * this.options.tickMs, state?.lastDue ?? nowMs);
    this.lanes.set(lane, { tat: tat + this.intervalMs, lastDue: start });
    return start;
  }

  /**
   * Forgets the lane's schedule: its messages that were waiting were dropped (their partition was
   * rewound or moved in a rebalance) and will be read again; they start a fresh schedule rather
   * than one pushed back by their own dropped turns (at most one extra burst).
   */
  forget(lane: string): void {
    this.lanes.delete(lane);
  }

  /**
   * Resolves with room in the queue budget for a message of `bytes` waiting for its turn, in
   * arrival order; its release function gives the room back (once) to the next waiters.
   */
  hold(bytes: number): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiters.push({ bytes, grant: () => resolve(this.take(bytes)) });
      this.grant();
    });
  }

  private take(bytes: number): () => void {
    this.queued += 1;
    this.queuedBytes += bytes;
    // Past half full, the messages waiting for room go at their pace (and are handed off).
    if (this.roomWaiters.size > 0 && !this.waitingForRoomAllowed()) for (const lane of [...this.roomWaiters.keys()]) this.wakeForRoom(lane);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.queued -= 1;
      this.queuedBytes -= bytes;
      this.grant();
    };
  }

  /** Lets waiters in while they fit (the first always fits an empty queue). */
  private grant(): void {
    while (this.waiters.length > 0) {
      const next = this.waiters[0]!;
      const fits = this.queued === 0 ||
        (this.queued + 1 <= this.options.maxQueued && this.queuedBytes + next.bytes <= this.options.maxQueuedBytes);
      if (!fits) return;
      this.waiters.shift();
      next.grant();
    }
  }

  /** Messages (and bytes) in the queue now, messages waiting for room, and lanes tracked: for metrics and tests. */
  get state(): { queued: number; queuedBytes: number; waiting: number; lanes: number; waitingForRoom: number } {
    let waitingForRoom = 0;
    for (const list of this.roomWaiters.values()) waitingForRoom += list.length;
    return { queued: this.queued, queuedBytes: this.queuedBytes, waiting: this.waiters.length, lanes: this.lanes.size, waitingForRoom };
  }

  /** Forgets lanes whose schedule has caught up with `nowMs` (a new message of theirs starts at once). */
  private sweep(nowMs: number): void {
    // At most once a second: with more lanes than SWEEP_ABOVE all busy, sweeping on every message would be quadratic.
    this.nextSweepAt = nowMs + 1000;
    for (const [lane, { tat, lastDue }] of this.lanes) if (tat <= nowMs && lastDue <= nowMs) this.lanes.delete(lane);
  }
}
