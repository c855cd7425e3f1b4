export interface GroupCommitOptions<In, Out> {
  /** Writes one batch; returns one outcome per item, in the items' order. */
  run: (items: In[]) => Promise<Out[]>;
  /** Most items in one batch. */
  maxBatch: number;
  /**
   * Items with the same key never share a batch (a multi-row upsert may not touch one row twice);
   * a later one waits for the next batch.
   */
  keyOf: (item: In) => string;
}

interface Pending<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while a batch is being written wait, and are written together as
 * the next batch, as soon as that one is done. One batch at a time, so no timer and no added
 * latency when items come one by one (each is written alone, at once); under a burst, one
 * statement carries many items. A failing batch rejects each of its items' promises, and the
 * batches after it still run.
 */
export class GroupCommit<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private writing = false;

  constructor(private readonly options: GroupCommitOptions<In, Out>) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${options.maxBatch}`);
  }

  /** Items waiting for a batch (not counting the one being written). */
  get waiting(): number {
    return this.queue.length;
  }

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          const outs = await this.options.run(batch.map((p) => p.item));
          if (outs.length !== batch.length) throw new Error(`group commit: ${outs.length} outcomes for ${batch.length} items`);
          batch.forEach((p, i) => p.resolve(outs[i]!));
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** The oldest waiting items, up to maxBatch, one per key; the rest keep their order. */
  private takeBatch(): Pending<In, Out>[] {
    const batch: Pending<In, Out>[] = [];
    const rest: Pending<In, Out>[] = [];
    const keys = new Set<string>();
    for (const pending of this.queue) {
      const key = this.options.keyOf(pending.item);
      if (batch.length < this.options.maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(pending);
      } else {
        rest.push(pending);
      }
    }
    this.queue = rest;
    return batch;
  }
}
