import { computeLag } from './consumer-lag';

describe('computeLag', () => {
  it('is end minus committed per partition, sorted by partition', () => {
    const lag = computeLag('t', [
      { partition: 1, high: '10', low: '0' },
      { partition: 0, high: '7', low: '0' },
    ], [
      { partition: 0, offset: '7' },
      { partition: 1, offset: '4' },
    ]);
    expect(lag.map((p) => [p.partition, p.lag])).toEqual([[0, 0n], [1, 6n]]);
  });

  it('counts everything retained when the group never committed (-1)', () => {
    const [p] = computeLag('t', [{ partition: 0, high: '12', low: '5' }], [{ partition: 0, offset: '-1' }]);
    expect(p).toMatchObject({ committed: null, lag: 7n });
  });

  it('never goes below zero and treats a committed offset under the low watermark as the low watermark', () => {
    expect(computeLag('t', [{ partition: 0, high: '3', low: '0' }], [{ partition: 0, offset: '5' }])[0].lag).toBe(0n);
    expect(computeLag('t', [{ partition: 0, high: '20', low: '15' }], [{ partition: 0, offset: '2' }])[0].lag).toBe(5n);
  });
});
