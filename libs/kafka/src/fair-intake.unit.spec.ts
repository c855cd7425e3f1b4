import fc from 'fast-check';
import { KeyedCounts } from '@gv/concurrency';
import { FairIntake, LaneRoom } from './fair-intake';

const options = { perSecond: 50, burst: 3, tickMs: 1, maxQueued: 2, maxQueuedBytes: 100 };

/** Most of `times` in any window [t, t + widthMs). */
function mostInWindow(times: number[], widthMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + widthMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('FairIntake: the pace of one lane', () => {
  it('starts a burst at once, then one message per interval (50/s: 20 ms)', () => {
    const intake = new FairIntake(options);
    expect([1, 2, 3, 4, 5].map(() => intake.schedule('flood', 1000))).toEqual([1000, 1000, 1000, 1020, 1040]);
  });

  it('counts time already passed: the next turn is from the schedule, not from now', () => {
    const intake = new FairIntake(options);
    for (let i = 0; i < 3; i += 1) intake.schedule('flood', 1000);
    // tat is 1060 after three; at 1010 the fourth is due at 1060 − 2 × 20.
    expect(intake.schedule('flood', 1010)).toBe(1020);
    expect(intake.schedule('flood', 1010)).toBe(1040);
  });

  it('gives an idle lane its burst again once its schedule has caught up', () => {
    const intake = new FairIntake(options);
    for (let i = 0; i < 10; i += 1) intake.schedule('flood', 1000);
    // tat = 1000 + 10 × 20 = 1200: at 1200 the lane is idle again.
    expect([1, 2, 3, 4].map(() => intake.schedule('flood', 1200))).toEqual([1200, 1200, 1200, 1220]);
  });

  it('starts paced messages on the next tick, a few together', () => {
    const intake = new FairIntake({ ...options, tickMs: 50 });
    // Due 1000, 1000, 1000, 1020, 1040, 1060, 1080, 1100, 1120 → on ticks of 50 ms.
    expect(Array.from({ length: 9 }, () => intake.schedule('flood', 1000))).toEqual([1000, 1000, 1000, 1050, 1050, 1100, 1100, 1100, 1150]);
    // A message not behind its schedule is not held for a tick.
    expect(intake.schedule('other', 1001)).toBe(1001);
  });

  it('keeps a lane in order across ticks: never before the start it gave the previous message', () => {
    const intake = new FairIntake({ ...options, tickMs: 50 });
    for (let i = 0; i < 3; i += 1) intake.schedule('flood', 1000);
    expect(intake.schedule('flood', 1000)).toBe(1050); // due 1020, on the tick
    // At 1045 the next is due (1040) but the previous one waits for 1050: so does this one.
    expect(intake.isBehind('flood', 1045)).toBe(true);
    expect(intake.schedule('flood', 1045)).toBe(1050);
  });

  it('tells when a lane is behind its schedule (its next message would wait)', () => {
    const intake = new FairIntake(options);
    expect(intake.isBehind('flood', 1000)).toBe(false);
    for (let i = 0; i < 3; i += 1) intake.schedule('flood', 1000);
    // tat 1060: the next may go at 1060 − 2 × 20 = 1020.
    expect(intake.isBehind('flood', 1000)).toBe(true);
    expect(intake.isBehind('flood', 1019)).toBe(true);
    expect(intake.isBehind('flood', 1020)).toBe(false);
    expect(intake.isBehind('other', 1000)).toBe(false);
  });

  it('forgets a lane on request: its next messages start a fresh burst', () => {
    const intake = new FairIntake(options);
    for (let i = 0; i < 10; i += 1) intake.schedule('flood', 1000);
    intake.forget('flood');
    expect([1, 2, 3, 4].map(() => intake.schedule('flood', 1000))).toEqual([1000, 1000, 1000, 1020]);
  });

  it('never delays another lane', () => {
    const intake = new FairIntake(options);
    for (let i = 0; i < 1000; i += 1) intake.schedule('flood', 1000);
    expect([1, 2, 3].map(() => intake.schedule('other', 1000))).toEqual([1000, 1000, 1000]);
    expect(intake.schedule('flood', 1000)).toBe(1000 + (1000 - 2) * 20);
  });

  it('forgets idle lanes once there are many (at most one sweep a second)', () => {
    const intake = new FairIntake(options);
    for (let i = 0; i <= 4096; i += 1) intake.schedule(`lane-${i}`, 0);
    expect(intake.state.lanes).toBe(4097);
    // Every one of them is idle at 20 ms: the next call sweeps them and keeps only its own.
    expect(intake.schedule('late', 20)).toBe(20);
    expect(intake.state.lanes).toBe(1);
    for (let i = 0; i <= 4096; i += 1) intake.schedule(`again-${i}`, 30);
    // Within the second after a sweep no other sweep runs, so the map keeps them.
    intake.schedule('late', 60);
    expect(intake.state.lanes).toBe(4098);
    intake.schedule('late', 1020);
    expect(intake.state.lanes).toBe(1);
  });

  it('refuses settings that cannot pace', () => {
    expect(() => new FairIntake({ ...options, perSecond: 0 })).toThrow('perSecond must be a positive number, got 0');
    expect(() => new FairIntake({ ...options, perSecond: Number.POSITIVE_INFINITY })).toThrow('perSecond');
    expect(() => new FairIntake({ ...options, burst: 0 })).toThrow('burst must be a positive integer, got 0');
    expect(() => new FairIntake({ ...options, burst: 1.5 })).toThrow('burst');
    expect(() => new FairIntake({ ...options, tickMs: 0 })).toThrow('tickMs must be a positive integer, got 0');
    expect(() => new FairIntake({ ...options, maxQueued: 0 })).toThrow('maxQueued must be a positive integer, got 0');
    expect(() => new FairIntake({ ...options, maxQueuedBytes: Number.NaN })).toThrow('maxQueuedBytes');
  });
});

describe('FairIntake: the queue budget', () => {
  /** Settles pending promise callbacks. */
  const settled = () => new Promise((r) => setImmediate(r));

  it('lets in at most maxQueued messages and maxQueuedBytes bytes; the rest wait in arrival order for room', async () => {
    const intake = new FairIntake(options);
    const granted: string[] = [];
    const releases = new Map<string, () => void>();
    const ask = (name: string, bytes: number) => void intake.hold(bytes).then((release) => {
      granted.push(name);
      releases.set(name, release);
    });
    ask('a', 60);
    ask('b', 41); // 101 bytes: waits
    ask('c', 10); // fits, but waits behind b (first come, first served)
    await settled();
    expect(granted).toEqual(['a']);
    expect(intake.state).toEqual({ queued: 1, queuedBytes: 60, waiting: 2, lanes: 0, waitingForRoom: 0 });
    releases.get('a')!();
    await settled();
    expect(granted).toEqual(['a', 'b', 'c']);
    expect(intake.state).toEqual({ queued: 2, queuedBytes: 51, waiting: 0, lanes: 0, waitingForRoom: 0 });
    ask('d', 1); // a third message: waits for one to leave
    await settled();
    expect(granted).toEqual(['a', 'b', 'c']);
    releases.get('b')!();
    releases.get('b')!(); // a second release gives nothing back
    await settled();
    expect(granted).toEqual(['a', 'b', 'c', 'd']);
    expect(intake.state).toEqual({ queued: 2, queuedBytes: 11, waiting: 0, lanes: 0, waitingForRoom: 0 });
  });

  it('lets a message bigger than the whole byte budget in alone, so nothing waits forever', async () => {
    const intake = new FairIntake(options);
    const first = await intake.hold(1000);
    expect(intake.state).toEqual({ queued: 1, queuedBytes: 1000, waiting: 0, lanes: 0, waitingForRoom: 0 });
    let second = false;
    void intake.hold(1).then(() => (second = true));
    await settled();
    expect(second).toBe(false);
    first();
    await settled();
    expect(second).toBe(true);
  });
});

describe('FairIntake: properties over random arrivals (seeded)', () => {
  // Rates whose interval is a whole number of ms, so the arithmetic is exact.
  const perSecond = fc.constantFrom(1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500, 1000);
  const arrivals = fc.array(fc.record({ lane: fc.constantFrom('a', 'b', 'c'), gap: fc.integer({ min: 0, max: 200 }) }), { maxLength: 300 });

  it('each lane: starts never before arrival, in order, and at most burst + ⌊(W + tick) / interval⌋ in any window W', () => {
    fc.assert(fc.property(perSecond, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 500 }), arrivals, fc.integer({ min: 1, max: 5000 }), (rate, burst, tickMs, input, widthMs) => {
      const intake = new FairIntake({ perSecond: rate, burst, tickMs, maxQueued: 1, maxQueuedBytes: 0 });
      const byLane = new Map<string, number[]>();
      let now = 0;
      for (const { lane, gap } of input) {
        now += gap;
        const due = intake.schedule(lane, now);
        expect(due).toBeGreaterThanOrEqual(now);
        const dues = byLane.get(lane) ?? [];
        if (dues.length > 0) expect(due).toBeGreaterThanOrEqual(dues[dues.length - 1]!);
        dues.push(due);
        byLane.set(lane, dues);
      }
      for (const dues of byLane.values()) expect(mostInWindow(dues, widthMs)).toBeLessThanOrEqual(burst + Math.floor((widthMs + tickMs) / (1000 / rate)));
    }), { seed: 20261206, numRuns: 500 });
  });

  it('a lane is paced by its own arrivals only: its start times are the same with or without the other lanes', () => {
    fc.assert(fc.property(perSecond, fc.integer({ min: 1, max: 40 }), arrivals, (rate, burst, input) => {
      const shared = new FairIntake({ perSecond: rate, burst, maxQueued: 1, maxQueuedBytes: 0, tickMs: 100 });
      const alone = new FairIntake({ perSecond: rate, burst, maxQueued: 1, maxQueuedBytes: 0, tickMs: 100 });
      let now = 0;
      for (const { lane, gap } of input) {
        now += gap;
        const due = shared.schedule(lane, now);
        if (lane === 'a') expect(due).toBe(alone.schedule('a', now));
      }
    }), { seed: 20261207, numRuns: 500 });
  });

  it('a lane that never sends faster than its pace is never delayed', () => {
    fc.assert(fc.property(perSecond, fc.integer({ min: 1, max: 40 }), fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 200 }), (rate, burst, extra) => {
      const intake = new FairIntake({ perSecond: rate, burst, tickMs: 250, maxQueued: 1, maxQueuedBytes: 0 });
      const interval = 1000 / rate;
      let now = 0;
      for (const e of extra) {
        now += interval + e;
        expect(intake.schedule('steady', now)).toBe(now);
      }
    }), { seed: 20261208, numRuns: 300 });
  });
});

/** A lane room like the dispatcher's AccountSlots: `capacity` places per lane, taken at the handler, given back when done. */
class FakeRoom implements LaneRoom {
  readonly taken = new Map<string, number>();
  readonly claims = new KeyedCounts();
  private readonly listeners: Array<(lane: string) => void> = [];
  constructor(private readonly capacity: number) {}
  free(lane: string): number {
    return this.capacity - (this.taken.get(lane) ?? 0) - this.claims.get(lane);
  }
  claim(lane: string): () => void {
    const release = this.claims.add(lane);
    return () => {
      release();
      this.signal(lane);
    };
  }
  onFreed(listener: (lane: string) => void): void {
    this.listeners.push(listener);
  }
  take(lane: string): void {
    this.taken.set(lane, (this.taken.get(lane) ?? 0) + 1);
  }
  giveBack(lane: string): void {
    this.taken.set(lane, (this.taken.get(lane) ?? 0) - 1);
    this.signal(lane);
  }
  private signal(lane: string): void {
    for (const listener of this.listeners) listener(lane);
  }
}

describe('FairIntake: waiting for the lane\'s room', () => {
  const settled = () => new Promise((r) => setImmediate(r));
  const roomy = { perSecond: 50, burst: 3, tickMs: 1, maxQueued: 10, maxQueuedBytes: 1000 };

  it('never waits without a room', () => {
    const intake = new FairIntake(roomy);
    for (let i = 0; i < 5; i += 1) intake.claim('a');
    expect(intake.mustWaitForRoom('a')).toBe(false);
  });

  it('counts claims against the free places, and grants one waiter per place given back, in arrival order', async () => {
    const room = new FakeRoom(2);
    const intake = new FairIntake({ ...roomy, room });
    expect(intake.mustWaitForRoom('a')).toBe(false);
    const first = intake.claim('a');
    expect(intake.mustWaitForRoom('a')).toBe(false);
    const second = intake.claim('a');
    expect(intake.mustWaitForRoom('a')).toBe(true); // two free, two claimed
    expect(intake.mustWaitForRoom('b')).toBe(false); // another lane's room is its own
    // Both reach the handler: the room counts them from here.
    first();
    room.take('a');
    second();
    room.take('a');
    second(); // a second release changes nothing
    expect(intake.mustWaitForRoom('a')).toBe(true);
    const order: string[] = [];
    const waits = ['w1', 'w2', 'w3'].map((name) => {
      const wait = intake.waitForRoom('a');
      void wait.granted.then((claim) => order.push(claim ? name : `${name} cancelled`));
      return wait;
    });
    expect(intake.state.waitingForRoom).toBe(3);
    // Waiters ahead: a newcomer waits behind them even if a place were free.
    expect(intake.mustWaitForRoom('a')).toBe(true);
    room.giveBack('a');
    // A place is free, but three wait for it: a newcomer queues behind them.
    expect(intake.mustWaitForRoom('a')).toBe(true);
    await settled();
    expect(order).toEqual(['w1']);
    room.giveBack('a');
    await settled();
    expect(order).toEqual(['w1', 'w2']); // w1 and w2 hold claims: no place is left for w3
    waits[2]!.cancel();
    waits[0]!.cancel(); // granted already: nothing happens
    await settled();
    expect(order).toEqual(['w1', 'w2', 'w3 cancelled']);
    expect(intake.state.waitingForRoom).toBe(0);
  });

  it('a claim given back without reaching the handler (dropped) lets the next waiter in', async () => {
    const room = new FakeRoom(1);
    const intake = new FairIntake({ ...roomy, room });
    const claim = intake.claim('a');
    expect(room.free('a')).toBe(0); // the room counts the claim
    const wait = intake.waitForRoom('a');
    let granted = false;
    void wait.granted.then((c) => (granted = c !== null));
    await settled();
    expect(granted).toBe(false);
    claim();
    await settled();
    expect(granted).toBe(true);
    expect(room.free('a')).toBe(0); // now claimed by the waiter
  });

  it('one room, two intakes (the dispatcher\'s main and retry consumers): a place freed lets one message through, not one per intake', async () => {
    const room = new FakeRoom(1);
    const main = new FairIntake({ ...roomy, room });
    const retry = new FairIntake({ ...roomy, room });
    room.take('a');
    const granted: string[] = [];
    void main.waitForRoom('a').granted.then((c) => c && granted.push('main'));
    void retry.waitForRoom('a').granted.then((c) => c && granted.push('retry'));
    room.giveBack('a');
    await settled();
    expect(granted).toHaveLength(1);
    expect(room.free('a')).toBe(0);
  });

  it('does not wait once the queue is more than half full, and lets every waiter go when it gets there', async () => {
    const room = new FakeRoom(0);
    const intake = new FairIntake({ ...roomy, maxQueued: 4, room });
    const holds = [await intake.hold(1), await intake.hold(1)];
    expect(intake.mustWaitForRoom('a')).toBe(true); // 2 of 4: half full
    let granted = 0;
    for (let i = 0; i < 3; i += 1) void intake.waitForRoom(i < 2 ? 'a' : 'b').granted.then((c) => (granted += c ? 1 : 0));
    holds.push(await intake.hold(1)); // 3 of 4
    await settled();
    expect(granted).toBe(3);
    expect(intake.mustWaitForRoom('a')).toBe(false);
    holds.pop()!();
    expect(intake.mustWaitForRoom('a')).toBe(true);
  });

  it('property: at most `capacity` messages of a lane are ever at the handler, and every message gets there, in arrival order', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.record({ lane: fc.constantFrom('a', 'b'), work: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 40 }),
      async (capacity, messages) => {
        const room = new FakeRoom(capacity);
        const intake = new FairIntake({ ...roomy, maxQueued: 1000, room });
        const reached: Record<string, number[]> = { a: [], b: [] };
        let most = 0;
        const runs = messages.map(async ({ lane, work }, index) => {
          let claim: (() => void) | null = null;
          while (intake.mustWaitForRoom(lane)) {
            claim = await intake.waitForRoom(lane).granted;
            if (claim) break;
          }
          claim ??= intake.claim(lane);
          // At the handler: the claim for the room's place.
          claim();
          room.take(lane);
          reached[lane]!.push(index);
          most = Math.max(most, room.taken.get(lane)!);
          for (let i = 0; i < work; i += 1) await settled();
          room.giveBack(lane);
        });
        await Promise.all(runs);
        expect(most).toBeLessThanOrEqual(capacity);
        for (const lane of ['a', 'b']) {
          const arrived = messages.map((m, i) => (m.lane === lane ? i : -1)).filter((i) => i >= 0);
          expect(reached[lane]).toEqual(arrived);
        }
      },
    ), { seed: 20261209, numRuns: 200 });
  });
});
