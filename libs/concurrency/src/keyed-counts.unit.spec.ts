import fc from 'fast-check';
import { KeyedCounts } from './keyed-counts';

describe('KeyedCounts', () => {
  it('counts per key, each release once, and forgets a key at zero', () => {
    const counts = new KeyedCounts();
    const a1 = counts.add('a');
    const a2 = counts.add('a');
    const b1 = counts.add('b');
    expect([counts.get('a'), counts.get('b'), counts.get('c'), counts.size]).toEqual([2, 1, 0, 2]);
    a1();
    a1(); // a second call takes nothing back
    expect(counts.get('a')).toBe(1);
    a2();
    b1();
    expect([counts.get('a'), counts.get('b'), counts.size]).toEqual([0, 0, 0]);
  });

  it('property: the count of a key is its adds minus its distinct releases, never negative', () => {
    fc.assert(fc.property(fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), release: fc.nat(20), twice: fc.boolean() }), { maxLength: 60 }), (ops) => {
      const counts = new KeyedCounts();
      const releases: Array<{ key: string; release: () => void; done: boolean }> = [];
      const expected = new Map<string, number>();
      for (const op of ops) {
        releases.push({ key: op.key, release: counts.add(op.key), done: false });
        expected.set(op.key, (expected.get(op.key) ?? 0) + 1);
        const target = releases[op.release % releases.length]!;
        target.release();
        if (op.twice) target.release();
        if (!target.done) expected.set(target.key, expected.get(target.key)! - 1);
        target.done = true;
        for (const key of ['a', 'b', 'c']) expect(counts.get(key)).toBe(expected.get(key) ?? 0);
      }
    }), { seed: 20261206, numRuns: 300 });
  });
});
