export interface BatcherOptions {
  /** Batches written at once. */
  concurrency: number;
  /** Items in one batch at most. */
  maxBatch: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: each `submit` resolves with its own item's output, but items submitted while
 * `concurrency` batches are being written wait, and are then written together (up to `maxBatch`,
 * in submission order) by one call of `write`. Nothing lingers: an item that finds a free slot is
 * written at once, alone, so batching only happens under load, which is exactly when it pays.
 *
 * `write` answers one output per item, in order. When a batch of several items fails, each item is
 * written again on its own, so one item that cannot be written fails alone and does not take the
 * rest of its batch with it.
 */
export class Batcher<I, O> {
  private readonly queue: Array<Waiting<I, O>> = [];
  private writing = 0;

  constructor(
    private readonly options: BatcherOptions,
    private readonly write: (items: I[]) => Promise<O[]>,
  ) {
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
    }
  }

  /** Items waiting for a batch (not yet being written). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Batches being written now. */
  get inFlight(): number {
    return this.writing;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.writing < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.writing += 1;
      void this.settle(batch).finally(() => {
        this.writing -= 1;
        this.pump();
      });
    }
  }

  private async settle(batch: Array<Waiting<I, O>>): Promise<void> {
    try {
      const outputs = await this.write(batch.map((w) => w.item));
      if (outputs.length !== batch.length) throw new Error(`write answered ${outputs.length} outputs for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(outputs[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const w of batch) await this.settle([w]);
    }
  }
}
