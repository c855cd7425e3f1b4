import fc from 'fast-check';
import { AccountSlots } from './account-slots';

const tick = () => new Promise((r) => setImmediate(r));

/** A job whose work runs until the test releases it; `ran` is false when tryRun refused it. */
function jobs(slots: AccountSlots) {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const job = (account: string, id: string) => slots.tryRun(account, () => new Promise<void>((resolve) => {
    started.push(id);
    releases.set(id, resolve);
  }));
  return { started, release: (id: string) => releases.get(id)!(), job };
}

describe('AccountSlots', () => {
  it('counts sales on their way to tryRun for fullOnArrival only, so a burst lets exactly cap + queue through', async () => {
    const slots = new AccountSlots({ perAccount: 2, maxQueued: 1, total: 10 });
    const { started, job } = jobs(slots);
    // A burst of 5 arrives at once: each checks before it is recorded.
    const admitted: Array<() => void> = [];
    for (let i = 0; i < 5; i += 1) if (!slots.fullOnArrival('burst')) admitted.push(slots.arrive('burst'));
    expect(admitted).toHaveLength(3);
    expect([slots.isFull('burst'), slots.fullOnArrival('burst'), slots.fullOnArrival('other')]).toEqual([false, true, false]);
    // Each admitted one reaches tryRun (leaving first, as DispatchService does): none is refused.
    const runs = admitted.map((leave, i) => {
      leave();
      leave(); // a second call changes nothing
      return job('burst', `b${i}`);
    });
    await tick();
    expect(started).toEqual(['b0', 'b1']);
    expect([slots.load('burst'), slots.isFull('burst'), slots.fullOnArrival('burst')]).toEqual([3, true, true]);
    // One that gives up before tryRun (e.g. a duplicate revision) frees its place.
    const gaveUp = slots.arrive('other');
    expect(slots.fullOnArrival('other')).toBe(false);
    gaveUp();
    expect(slots.load('other')).toBe(0);
    expect(runs).toHaveLength(3);
  });

  it('caps sales per account without holding other accounts back, FIFO per account', async () => {
    const slots = new AccountSlots({ perAccount: 2, maxQueued: 10, total: 10 });
    const { started, release, job } = jobs(slots);
    const all = [job('hung', 'h1'), job('hung', 'h2'), job('hung', 'h3'), job('hung', 'h4'), job('ok', 'o1')];
    await tick();
    expect(started).toEqual(['h1', 'h2', 'o1']);
    expect(slots.load('hung')).toBe(4);
    release('h1');
    await tick();
    await tick();
    expect(started).toEqual(['h1', 'h2', 'o1', 'h3']);
    for (const id of ['h2', 'h3', 'o1']) release(id);
    await tick();
    await tick();
    release('h4');
    expect(await Promise.all(all)).toEqual([true, true, true, true, true]);
    expect(slots.load('hung')).toBe(0);
  });

  it('refuses a sale at once when its account has its cap running and its queue full; other accounts still run', async () => {
    const slots = new AccountSlots({ perAccount: 2, maxQueued: 1, total: 10 });
    const { started, release, job } = jobs(slots);
    expect(slots.isFull('flood')).toBe(false);
    const flood = ['f1', 'f2', 'f3', 'f4', 'f5'].map((id) => job('flood', id));
    const other = job('other', 'o1');
    await tick();
    // f1, f2 run; f3 waits; f4 and f5 are refused without running.
    expect(started).toEqual(['f1', 'f2', 'o1']);
    expect([slots.isFull('flood'), slots.isFull('other'), slots.isFull('unknown')]).toEqual([true, false, false]);
    expect(await flood[3]).toBe(false);
    expect(await flood[4]).toBe(false);
    expect(slots.load('flood')).toBe(3);
    // A slot frees: f3 runs, the queue has room for exactly one more.
    release('f1');
    await tick();
    await tick();
    expect(started).toEqual(['f1', 'f2', 'o1', 'f3']);
    expect(slots.isFull('flood')).toBe(false);
    const f6 = job('flood', 'f6');
    expect(slots.isFull('flood')).toBe(true);
    const f7 = job('flood', 'f7');
    expect(await f7).toBe(false);
    for (const id of ['f2', 'f3', 'o1']) release(id);
    await tick();
    await tick();
    release('f6');
    expect(await Promise.all([flood[0], flood[1], flood[2], other, f6])).toEqual([true, true, true, true, true]);
    expect(slots.load('flood')).toBe(0);
  });

  it('with maxQueued 0 runs up to the cap and refuses the rest', async () => {
    const slots = new AccountSlots({ perAccount: 1, maxQueued: 0, total: 10 });
    const { release, job } = jobs(slots);
    const first = job('a', 'a1');
    expect(await job('a', 'a2')).toBe(false);
    await tick();
    release('a1');
    expect(await first).toBe(true);
  });

  it('holds at most perAccount + maxQueued sales of an account, whatever the arrivals and releases (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.array(fc.oneof(fc.constant('arrive' as const), fc.constant('finish' as const)), { maxLength: 40 }),
      async (perAccount, maxQueued, events) => {
        const slots = new AccountSlots({ perAccount, maxQueued, total: 100 });
        const running: Array<() => void> = [];
        let accepted = 0;
        let refused = 0;
        let finished = 0;
        const pending: Array<Promise<boolean>> = [];
        for (const event of events) {
          if (event === 'arrive') {
            const load = slots.load('a');
            const outcome = slots.tryRun('a', () => new Promise<void>((resolve) => running.push(resolve)));
            pending.push(outcome);
            if (load >= perAccount + maxQueued) {
              expect(await outcome).toBe(false);
              refused += 1;
            } else accepted += 1;
          } else if (running.length > 0) {
            running.shift()!();
            finished += 1;
          }
          await tick();
          await tick();
          expect(slots.load('a')).toBe(accepted - finished);
          expect(slots.load('a')).toBeLessThanOrEqual(perAccount + maxQueued);
          expect(running.length).toBe(Math.min(perAccount, accepted - finished));
        }
        while (running.length > 0) {
          running.shift()!();
          await tick();
          await tick();
        }
        const outcomes = await Promise.all(pending);
        expect(outcomes.filter((ran) => !ran)).toHaveLength(refused);
        expect(slots.load('a')).toBe(0);
      },
    ), { numRuns: 100 });
  });

  it('reports how long each sale held its account slot', async () => {
    let clock = 1000;
    const held: Array<[string, number]> = [];
    const slots = new AccountSlots({ perAccount: 1, maxQueued: 1, total: 10 }, (account, ms) => held.push([account, ms]), () => clock);
    const { release, job } = jobs(slots);
    const a1 = job('a', 'a1');
    const a2 = job('a', 'a2');
    await tick();
    clock = 1300;
    release('a1');
    await a1;
    await tick();
    clock = 1450;
    release('a2');
    await a2;
    // a2 waited 300 ms in the queue: only the 150 ms it held the slot count.
    expect(held).toEqual([['a', 300], ['a', 150]]);
  });

  it('tells how long the oldest running sale of an account has held its slot (queued sales do not count)', async () => {
    let clock = 1000;
    const slots = new AccountSlots({ perAccount: 2, maxQueued: 1, total: 10 }, () => undefined, () => clock);
    const { release, job } = jobs(slots);
    expect(slots.oldestHeldMs('a')).toBeNull();
    const a1 = job('a', 'a1');
    await tick();
    clock = 1100;
    const a2 = job('a', 'a2');
    const a3 = job('a', 'a3'); // queued behind the cap of 2
    await tick();
    clock = 1250;
    expect([slots.oldestHeldMs('a'), slots.oldestHeldMs('b')]).toEqual([250, null]);
    release('a1');
    await a1;
    await tick();
    // a2 (since 1100) is the oldest now; a3 took a1's slot at 1250.
    clock = 1400;
    expect(slots.oldestHeldMs('a')).toBe(300);
    release('a2');
    await a2;
    expect(slots.oldestHeldMs('a')).toBe(150);
    release('a3');
    await a3;
    expect(slots.oldestHeldMs('a')).toBeNull();
  });

  it('bounds the total over all accounts', async () => {
    const slots = new AccountSlots({ perAccount: 2, maxQueued: 2, total: 2 });
    let running = 0;
    let max = 0;
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((account) => slots.tryRun(account, async () => {
      running += 1;
      max = Math.max(max, running);
      await tick();
      running -= 1;
    })));
    expect(max).toBe(2);
  });

  it('releases the slot when the work throws', async () => {
    const slots = new AccountSlots({ perAccount: 1, maxQueued: 0, total: 1 });
    await expect(slots.tryRun('a', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(slots.tryRun('a', async () => undefined)).resolves.toBe(true);
    expect(slots.load('a')).toBe(0);
  });
  it('as a lane room: free is what admit still lets through, and every place given back is told', async () => {
    const slots = new AccountSlots({ perAccount: 2, maxQueued: 1, total: 10 });
    const freed: string[] = [];
    slots.onFreed((account) => freed.push(account));
    const { job, release } = jobs(slots);
    expect(slots.free('a')).toBe(3);
    const leave = slots.admit('a')!;
    expect(slots.free('a')).toBe(2);
    // Leaving `arriving` for tryRun in the same step: told, and free is unchanged once it runs.
    leave();
    const a1 = job('a', 'a1');
    expect(freed).toEqual(['a']);
    expect(slots.free('a')).toBe(2);
    const a2 = job('a', 'a2');
    const a3 = job('a', 'a3'); // waits in the account's queue
    await tick();
    expect([slots.free('a'), slots.fullOnArrival('a'), slots.free('b')]).toEqual([0, true, 3]);
    release('a1');
    await a1;
    // a3 took a1's slot: told, but nothing is free yet.
    expect(freed).toEqual(['a', 'a']);
    expect(slots.free('a')).toBe(1);
    release('a2');
    await a2;
    await tick();
    release('a3');
    await a3;
    expect(freed).toEqual(['a', 'a', 'a', 'a']);
    expect(slots.free('a')).toBe(3);
    // A consumer's claim counts against free (and admit) until released; the release is told, once.
    const claims = [slots.claim('a'), slots.claim('a'), slots.claim('a')];
    expect([slots.free('a'), slots.fullOnArrival('a'), slots.admit('a')]).toEqual([0, true, null]);
    claims[0]!();
    claims[0]!();
    expect(freed).toEqual(['a', 'a', 'a', 'a', 'a']);
    expect(slots.free('a')).toBe(1);
    // The claim ends just before admit, in the same step: the sale takes the place it was claimed for.
    claims[1]!();
    const admitted = slots.admit('a');
    expect(admitted).not.toBeNull();
    expect(slots.free('a')).toBe(1);
    admitted!();
    claims[2]!();
    expect(slots.free('a')).toBe(3);
    // A sale refused (account full) gives back nothing it took: not told.
    const full = new AccountSlots({ perAccount: 1, maxQueued: 0, total: 1 });
    const told: string[] = [];
    full.onFreed((account) => told.push(account));
    let finish!: () => void;
    const running = full.tryRun('x', () => new Promise<void>((r) => (finish = r)));
    await tick();
    await expect(full.tryRun('x', async () => undefined)).resolves.toBe(false);
    expect(told).toEqual([]);
    finish();
    await running;
    expect(told).toEqual(['x']);
  });
});
