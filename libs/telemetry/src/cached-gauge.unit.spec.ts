import { cachedReading } from './cached-gauge';

describe('cachedReading', () => {
  it('reads at most once per ttl, shares one read between concurrent callers, and gives null after a failed read', async () => {
    let clock = 0;
    let reads = 0;
    let fail = false;
    let release: (() => void) | null = null;
    const reading = cachedReading(async () => {
      reads += 1;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      if (fail) throw new Error('database down');
      return reads * 10;
    }, { ttlMs: 5000, now: () => clock });

    const both = Promise.all([reading(), reading()]);
    release!();
    expect(await both).toEqual([10, 10]);
    expect(reads).toBe(1);

    clock = 4999;
    expect(await reading()).toBe(10);
    expect(reads).toBe(1);

    clock = 5000;
    fail = true;
    const failed = reading();
    release!();
    expect(await failed).toBeNull();
    expect(reads).toBe(2);
    clock = 9000;
    expect(await reading()).toBeNull();
    expect(reads).toBe(2);

    clock = 10000;
    fail = false;
    const recovered = reading();
    release!();
    expect(await recovered).toBe(30);
  });
});
