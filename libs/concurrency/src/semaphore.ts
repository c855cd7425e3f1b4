/**
 * A counting semaphore: at most `capacity` holders at once; callers beyond it wait in arrival
 * order (FIFO). A release hands its slot straight to the longest waiter, so a caller arriving
 * meanwhile cannot take it first. Each release function works once (a second call does nothing).
 */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`semaphore capacity must be a positive integer, got ${capacity}`);
    this.available = capacity;
  }

  /** Slots held now. */
  get inUse(): number {
    return this.capacity - this.available;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with the slot's release function once a slot is held. */
  async acquire(): Promise<() => void> {
    if (this.available > 0) {
      this.available -= 1;
    } else {
      await new Promise<void>((resolve) => this.waiters.push(resolve)); // the releaser hands its slot over
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.available += 1;
    };
  }

  /** Runs `work` holding a slot. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
