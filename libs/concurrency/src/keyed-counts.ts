/**
 * Counts per key of things that come and go (sales on their way somewhere, messages in transit):
 * `add` counts one and returns its release, which works once; a key whose count falls to zero is
 * forgotten, so the map holds only keys with something counted.
 */
export class KeyedCounts {
  private readonly counts = new Map<string, number>();

  /** What is counted for `key` now (0 when nothing). */
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Counts one for `key`; the returned function takes it back (once: more calls do nothing). */
  add(key: string): () => void {
    this.counts.set(key, this.get(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.get(key) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** Keys with something counted (tests, metrics). */
  get size(): number {
    return this.counts.size;
  }
}
