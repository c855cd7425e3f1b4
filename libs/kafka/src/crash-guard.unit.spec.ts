import fc from 'fast-check';
import { CRASHED_CONSUMER_REASON, crashVerdict, SharedExclusiveLock } from './crash-guard';

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('crashVerdict', () => {
  it('handles a message with no crash normally, with one crash alone, with two or more dead-letters it', () => {
    expect(crashVerdict(0)).toBe('normal');
    expect(crashVerdict(1)).toBe('alone');
    expect(crashVerdict(2)).toBe('alone');
    expect(crashVerdict(3)).toBe('dead_letter');
    expect(crashVerdict(7)).toBe('dead_letter');
    expect(CRASHED_CONSUMER_REASON).toBe('crashed_consumer');
  });
});

describe('SharedExclusiveLock', () => {
  it('grants shared holders together at once', async () => {
    const lock = new SharedExclusiveLock();
    const a = await lock.acquire(false);
    const b = await lock.acquire(false);
    expect(lock.holders).toEqual({ shared: 2, exclusive: false, waiting: 0 });
    a();
    b();
    expect(lock.holders).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it('an exclusive request waits for every shared holder, and holds back shared requests that come after it', async () => {
    const lock = new SharedExclusiveLock();
    const events: string[] = [];
    const s1 = await lock.acquire(false);
    const s2 = await lock.acquire(false);
    const exclusive = lock.acquire(true).then((release) => {
      events.push('exclusive granted');
      return release;
    });
    const later = lock.acquire(false).then((release) => {
      events.push('later shared granted');
      return release;
    });
    await settle();
    expect(events).toEqual([]);
    expect(lock.holders).toEqual({ shared: 2, exclusive: false, waiting: 2 });
    s1();
    await settle();
    expect(events).toEqual([]);
    s2();
    await settle();
    expect(events).toEqual(['exclusive granted']);
    expect(lock.holders).toEqual({ shared: 0, exclusive: true, waiting: 1 });
    (await exclusive)();
    await settle();
    expect(events).toEqual(['exclusive granted', 'later shared granted']);
    (await later)();
    expect(lock.holders).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it('releasing twice has no effect', async () => {
    const lock = new SharedExclusiveLock();
    const a = await lock.acquire(false);
    const b = await lock.acquire(false);
    a();
    a();
    expect(lock.holders.shared).toBe(1);
    b();
    expect(lock.holders.shared).toBe(0);
  });

  it('never lets an exclusive holder overlap any other holder, and grants every request (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ exclusive: fc.boolean(), holdTicks: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 30 }),
        async (requests) => {
          const lock = new SharedExclusiveLock();
          let shared = 0;
          let exclusive = 0;
          let violations = 0;
          let granted = 0;
          await Promise.all(requests.map(async (request) => {
            const release = await lock.acquire(request.exclusive);
            granted += 1;
            if (request.exclusive) exclusive += 1;
            else shared += 1;
            if (exclusive > 1 || (exclusive === 1 && shared > 0)) violations += 1;
            for (let i = 0; i < request.holdTicks; i += 1) await settle();
            if (request.exclusive) exclusive -= 1;
            else shared -= 1;
            release();
          }));
          expect(violations).toBe(0);
          expect(granted).toBe(requests.length);
          expect(lock.holders).toEqual({ shared: 0, exclusive: false, waiting: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });
});
