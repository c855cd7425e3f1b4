import fc from 'fast-check';
import { GroupCommit } from './group-commit';

/** A batch writer whose batches finish when the test says so. */
function controlledWriter() {
  const batches: string[][] = [];
  const finish: Array<() => void> = [];
  const run = (items: string[]) => {
    batches.push([...items]);
    return new Promise<string[]>((resolve) => finish.push(() => resolve(items.map((i) => `ok:${i}`))));
  };
  return { batches, finish, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes a lone item at once, and what arrives meanwhile as the next batch', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit<string, string>({ run: writer.run, maxBatch: 10, keyOf: (i) => i });
    const first = commit.submit('a');
    await tick();
    const later = ['b', 'c', 'd'].map((i) => commit.submit(i));
    await tick();
    expect(writer.batches).toEqual([['a']]);
    expect(commit.waiting).toBe(3);
    writer.finish[0]!();
    expect(await first).toBe('ok:a');
    await tick();
    expect(writer.batches).toEqual([['a'], ['b', 'c', 'd']]);
    writer.finish[1]!();
    expect(await Promise.all(later)).toEqual(['ok:b', 'ok:c', 'ok:d']);
  });

  it('caps a batch at maxBatch and never puts one key twice in a batch', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit<string, string>({ run: writer.run, maxBatch: 2, keyOf: (i) => i.split('#')[0]! });
    const all = ['x#1', 'x#2', 'y#1', 'z#1', 'x#3'].map((i) => commit.submit(i));
    for (let n = 0; n < 4; n += 1) {
      await tick();
      writer.finish[n]?.();
    }
    await Promise.all(all);
    expect(writer.batches).toEqual([['x#1'], ['x#2', 'y#1'], ['z#1', 'x#3']]);
  });

  it('rejects every item of a failed batch and still writes the next one', async () => {
    let calls = 0;
    const commit = new GroupCommit<string, string>({
      maxBatch: 5,
      keyOf: (i) => i,
      run: async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('database gone');
        return items.map((i) => `ok:${i}`);
      },
    });
    const a = commit.submit('a');
    const b = commit.submit('b');
    await expect(a).rejects.toThrow('database gone');
    await expect(b).resolves.toBe('ok:b');
  });

  it('rejects when the writer returns a wrong number of outcomes', async () => {
    const commit = new GroupCommit<string, string>({ maxBatch: 5, keyOf: (i) => i, run: async () => [] });
    await expect(commit.submit('a')).rejects.toThrow('group commit: 0 outcomes for 1 items');
  });

  it('property: each item gets its own outcome once; batches are bounded, key-unique, and keep per-key order', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat({ max: 2 })), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 6 }),
      async (plan, maxBatch) => {
        const batches: string[][] = [];
        const commit = new GroupCommit<string, string>({
          maxBatch,
          keyOf: (i) => i.split('#')[0]!,
          run: async (items) => {
            batches.push(items);
            await tick();
            return items.map((i) => `ok:${i}`);
          },
        });
        const promises: Promise<string>[] = [];
        const items: string[] = [];
        for (const [n, [key, pause]] of plan.entries()) {
          const item = `k${key}#${n}`;
          items.push(item);
          promises.push(commit.submit(item));
          for (let p = 0; p < pause; p += 1) await tick();
        }
        expect(await Promise.all(promises)).toEqual(items.map((i) => `ok:${i}`));
        expect(batches.flat().sort()).toEqual([...items].sort());
        for (const batch of batches) {
          expect(batch.length).toBeLessThanOrEqual(maxBatch);
          expect(new Set(batch.map((i) => i.split('#')[0])).size).toBe(batch.length);
        }
        const written = batches.flat();
        for (const key of new Set(items.map((i) => i.split('#')[0]))) {
          const order = (list: string[]) => list.filter((i) => i.startsWith(`${key}#`));
          expect(order(written)).toEqual(order(items));
        }
      },
    ), { numRuns: 200 });
  });
});
