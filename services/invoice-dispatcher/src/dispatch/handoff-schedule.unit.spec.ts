import fc from 'fast-check';
import { HandoffSchedule } from './handoff-schedule';

function schedule(options: Partial<{ perAccount: number; initialSpacingMs: number; maxDelayMs: number }> = {}, random = () => 0) {
  const clock = { now: 10_000 };
  const s = new HandoffSchedule(
    { perAccount: 2, initialSpacingMs: 200, maxDelayMs: 5_000, ...options },
    () => clock.now,
    random,
  );
  return { s, clock };
}

describe('HandoffSchedule', () => {
  it('gives a backlog successive places one spacing apart (initial spacing until a sale was timed)', () => {
    const { s } = schedule();
    expect([1, 2, 3, 4].map(() => s.nextDelay('a'))).toEqual([200, 400, 600, 800]);
    // Another account has its own schedule.
    expect(s.nextDelay('b')).toBe(200);
  });

  it('paces by the average slot hold time divided by the per-account cap', () => {
    const { s } = schedule();
    s.observeHeld('a', 1000);
    expect(s.spacingMs('a')).toBe(500);
    // Moving average: 1000 + 0.2 × (2000 − 1000) = 1200 → spacing 600.
    s.observeHeld('a', 2000);
    expect(s.spacingMs('a')).toBe(600);
    expect([s.nextDelay('a'), s.nextDelay('a')]).toEqual([600, 1200]);
    expect(s.spacingMs('b')).toBe(200);
  });

  it('forgets the hold times of an account (a resumed account starts again from the initial spacing)', () => {
    const { s } = schedule();
    s.observeHeld('a', 4);
    expect(s.spacingMs('a')).toBe(10);
    s.forgetHeld('a');
    s.forgetHeld('unknown');
    expect(s.spacingMs('a')).toBe(200);
    expect(s.nextDelay('a')).toBe(200);
  });

  it('takes the oldest running sale as a floor for the hold time, so a slowdown spaces hand-offs at once', () => {
    const { s } = schedule();
    s.observeHeld('a', 30); // timed while the account was fast
    expect(s.spacingMs('a')).toBe(15);
    // Its Vhsys slowed down: a sale has been running for 400 ms, longer than the average says.
    expect(s.spacingMs('a', 400)).toBe(200);
    expect([s.nextDelay('a', 400), s.nextDelay('a', 400)]).toEqual([200, 400]);
    // A running sale younger than the average changes nothing.
    expect(s.spacingMs('a', 10)).toBe(15);
    // Before any sale was timed: the initial spacing, or the running sale when it is longer.
    expect([s.spacingMs('b', null), s.spacingMs('b', 100), s.spacingMs('b', 1000)]).toEqual([200, 200, 500]);
  });

  it('never spaces closer than 10 ms (sales that found their lock taken hold a slot for ~0 ms)', () => {
    const { s } = schedule();
    s.observeHeld('a', 0);
    expect(s.spacingMs('a')).toBe(10);
  });

  it('jitters each delay within one spacing', () => {
    const { s } = schedule({}, () => 0.5);
    expect([s.nextDelay('a'), s.nextDelay('a')]).toEqual([300, 500]);
  });

  it('counts places from now: time passing shortens the queue, an idle account starts again at one spacing', () => {
    const { s, clock } = schedule();
    expect([s.nextDelay('a'), s.nextDelay('a'), s.nextDelay('a')]).toEqual([200, 400, 600]);
    clock.now += 500; // the last place is now 100 ms ahead
    expect(s.nextDelay('a')).toBe(300);
    clock.now += 60_000;
    expect(s.nextDelay('a')).toBe(200);
  });

  it('reaches at most maxDelayMs ahead; beyond, hand-offs land in its second half without moving the schedule', () => {
    const { s, clock } = schedule({ maxDelayMs: 1000, initialSpacingMs: 300 });
    expect([s.nextDelay('a'), s.nextDelay('a'), s.nextDelay('a')]).toEqual([300, 600, 900]);
    // 1200 > 1000: the schedule is full; random 0 → half of maxDelayMs.
    expect(s.nextDelay('a')).toBe(500);
    expect(s.nextDelay('a')).toBe(500);
    clock.now += 300; // a place has opened: 900 − 300 + 300 = 900 ahead
    expect(s.nextDelay('a')).toBe(900);
  });

  it('with full jitter stays within maxDelayMs', () => {
    const { s } = schedule({ maxDelayMs: 1000, initialSpacingMs: 300 }, () => 0.999);
    expect([s.nextDelay('a'), s.nextDelay('a'), s.nextDelay('a'), s.nextDelay('a')]).toEqual([600, 900, 1000, 1000]);
  });

  it('every delay is within (0, maxDelayMs] and a backlog of n gets n distinct places while they fit (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 10, max: 2000 }),
      fc.integer({ min: 1000, max: 60_000 }),
      fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 5 }),
      fc.integer({ min: 1, max: 200 }),
      (perAccount, initialSpacingMs, maxDelayMs, helds, n) => {
        const { s } = schedule({ perAccount, initialSpacingMs, maxDelayMs });
        for (const held of helds) s.observeHeld('a', held);
        const spacing = s.spacingMs('a');
        const delays = Array.from({ length: n }, () => s.nextDelay('a'));
        for (const d of delays) {
          expect(d).toBeGreaterThan(0);
          expect(d).toBeLessThanOrEqual(maxDelayMs);
        }
        // (One place of margin: k spacings summed in floating point may land a hair past maxDelayMs.)
        const fitting = Math.floor(maxDelayMs / spacing) - 1;
        const placed = delays.slice(0, Math.max(0, Math.min(n, fitting)));
        // With random 0, place k is k spacings ahead, rounded to the millisecond.
        placed.forEach((d, i) => expect(Math.abs(d - (i + 1) * spacing)).toBeLessThanOrEqual(0.5 + 1e-6));
      },
    ));
  });
});
