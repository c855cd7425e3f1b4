import fc from 'fast-check';
import { IMPORT_STATUSES, progressOf, statusAfterCancel, statusOnClaim, throttleWaitMs } from './import-progress';

describe('import states', () => {
  it('cancel: a queued import ends at once, a running one is asked to stop, an ended one is left', () => {
    expect(IMPORT_STATUSES.map((s) => [s, statusAfterCancel(s)])).toEqual([
      ['queued', 'cancelled'], ['running', 'cancelling'], ['cancelling', 'cancelling'], ['cancelled', null], ['done', null], ['failed', null],
    ]);
  });

  it('claim: queued and running imports run, a cancelling one (its runner died) ends cancelled', () => {
    expect(IMPORT_STATUSES.map((s) => [s, statusOnClaim(s)])).toEqual([
      ['queued', 'running'], ['running', 'running'], ['cancelling', 'cancelled'], ['cancelled', null], ['done', null], ['failed', null],
    ]);
  });
});

describe('progressOf', () => {
  const start = new Date('2026-03-01T12:00:00Z');
  it('rate over the current run and ETA rounded up', () => {
    // Resumed at 400 done; 300 more in 20 s → 15/s; 1000 - 700 = 300 left → 20 s.
    expect(progressOf({ status: 'running', done: 700, total: 1000, doneAtRunStart: 400, runStartedAt: start, now: new Date(start.getTime() + 20_000) }))
      .toEqual({ done: 700, total: 1000, ratePerSecond: 15, etaSeconds: 20 });
    // 10 in 3 s → 3.33/s; 90 left → ceil(27) = 27 s.
    expect(progressOf({ status: 'running', done: 10, total: 100, doneAtRunStart: 0, runStartedAt: start, now: new Date(start.getTime() + 3_000) }))
      .toEqual({ done: 10, total: 100, ratePerSecond: 3.33, etaSeconds: 27 });
  });

  it('no rate before the first sale of a run, none once ended; a done import has ETA 0', () => {
    expect(progressOf({ status: 'running', done: 400, total: 1000, doneAtRunStart: 400, runStartedAt: start, now: new Date(start.getTime() + 5_000) }))
      .toEqual({ done: 400, total: 1000, ratePerSecond: null, etaSeconds: null });
    expect(progressOf({ status: 'queued', done: 0, total: null, doneAtRunStart: 0, runStartedAt: null, now: start }))
      .toEqual({ done: 0, total: null, ratePerSecond: null, etaSeconds: null });
    expect(progressOf({ status: 'done', done: 1000, total: 1000, doneAtRunStart: 0, runStartedAt: start, now: start }))
      .toEqual({ done: 1000, total: 1000, ratePerSecond: null, etaSeconds: 0 });
    expect(progressOf({ status: 'cancelled', done: 10, total: 1000, doneAtRunStart: 0, runStartedAt: start, now: start }).etaSeconds).toBeNull();
  });
});

describe('throttleWaitMs', () => {
  it('waits until the sales produced average the ceiling', () => {
    expect(throttleWaitMs(0, 20, 1000, 1000)).toBe(0);
    // 100 produced at 20/s may go on at start + 5 s.
    expect(throttleWaitMs(100, 20, 1000, 2000)).toBe(4000);
    expect(throttleWaitMs(100, 20, 1000, 7000)).toBe(0);
  });

  it('never lets the average exceed the ceiling', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 10_000_000 }), (produced, rate, elapsed) => {
      const wait = throttleWaitMs(produced, rate, 0, elapsed);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(produced / ((elapsed + wait) / 1000 || Infinity)).toBeLessThanOrEqual(rate + 1e-9);
    }));
  });
});
