import fc from 'fast-check';
import { Batcher } from './batcher';

const tick = () => new Promise((r) => setImmediate(r));

/** A write whose batches the test finishes by hand. */
function manualWrite() {
  const batches: number[][] = [];
  const finish: Array<() => void> = [];
  const write = (items: number[]) => new Promise<string[]>((resolve) => {
    batches.push(items);
    finish.push(() => resolve(items.map((i) => `out-${i}`)));
  });
  return { batches, finish, write };
}

describe('Batcher', () => {
  it('writes an item alone at once when a slot is free, and batches what arrives while all slots write', async () => {
    const { batches, finish, write } = manualWrite();
    const batcher = new Batcher<number, string>({ concurrency: 2, maxBatch: 3 }, write);
    const outputs = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => batcher.submit(i));
    expect(batches).toEqual([[1], [2]]);
    expect([batcher.inFlight, batcher.waiting]).toEqual([2, 6]);
    finish[0]!();
    await tick();
    expect(batches).toEqual([[1], [2], [3, 4, 5]]);
    finish[1]!();
    await tick();
    expect(batches).toEqual([[1], [2], [3, 4, 5], [6, 7, 8]]);
    finish[2]!();
    finish[3]!();
    expect(await Promise.all(outputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `out-${i}`));
    expect([batcher.inFlight, batcher.waiting]).toEqual([0, 0]);
  });

  it('when a batch fails, writes each of its items alone: only the item that cannot be written fails', async () => {
    const calls: number[][] = [];
    const batcher = new Batcher<number, number>({ concurrency: 1, maxBatch: 10 }, async (items) => {
      calls.push(items);
      if (items.includes(13)) throw new Error('13 cannot be written');
      return items.map((i) => i * 2);
    });
    const outputs = [1, 12, 13, 14].map((i) => batcher.submit(i).then((v) => v, (e: Error) => e.message));
    expect(await Promise.all(outputs)).toEqual([2, 24, '13 cannot be written', 28]);
    expect(calls).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('rejects every item of a batch answered with the wrong number of outputs', async () => {
    const batcher = new Batcher<number, number>({ concurrency: 1, maxBatch: 5 }, async () => [1]);
    await expect(batcher.submit(1)).resolves.toBe(1);
    const two = [batcher.submit(2), batcher.submit(3)];
    // Both are retried alone, and each single answer has the right length then.
    expect(await Promise.all(two)).toEqual([1, 1]);
    const none = new Batcher<number, number>({ concurrency: 1, maxBatch: 5 }, async () => []);
    await expect(none.submit(1)).rejects.toThrow('write answered 0 outputs for 1 items');
  });

  it('refuses options that are not positive integers', () => {
    const write = async (items: number[]) => items;
    expect(() => new Batcher({ concurrency: 0, maxBatch: 1 }, write)).toThrow('concurrency must be a positive integer, got 0');
    expect(() => new Batcher({ concurrency: 1, maxBatch: 1.5 }, write)).toThrow('maxBatch must be a positive integer, got 1.5');
  });

  it('property: every item gets its own output; batches keep submission order, never exceed maxBatch or concurrency', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 40 }),
      async (concurrency, maxBatch, plan) => {
        const batches: number[][] = [];
        let writing = 0;
        let maxWriting = 0;
        const batcher = new Batcher<number, number>({ concurrency, maxBatch }, async (items) => {
          batches.push(items);
          writing += 1;
          maxWriting = Math.max(maxWriting, writing);
          for (let i = 0; i < (plan[items[0]!]?.[1] ?? 0); i += 1) await tick();
          writing -= 1;
          return items.map((i) => i + 1000);
        });
        const outputs: Array<Promise<number>> = [];
        for (const [index, [pause]] of plan.entries()) {
          outputs.push(batcher.submit(index));
          for (let i = 0; i < pause; i += 1) await tick();
        }
        expect(await Promise.all(outputs)).toEqual(plan.map((_, i) => i + 1000));
        expect(batches.flat()).toEqual(plan.map((_, i) => i));
        expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(maxBatch);
        expect(maxWriting).toBeLessThanOrEqual(concurrency);
      },
    ), { numRuns: 200 });
  });
});
