import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  it('runs every interval, one run at a time, and stop waits for the run in progress', async () => {
    let runs = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => undefined;
    const task = new PeriodicTask(async () => {
      runs += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (runs === 2) await new Promise<void>((resolve) => (release = resolve));
      inFlight -= 1;
    }, 5);
    task.start();
    task.start(); // a second start changes nothing
    await new Promise((r) => setTimeout(r, 60));
    expect(runs).toBe(2); // the second run is still in progress: no third one started
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await new Promise((r) => setTimeout(r, 30));
    expect([runs, maxInFlight]).toEqual([2, 1]);
  });

  it('keeps going after a run that rejects', async () => {
    let runs = 0;
    const task = new PeriodicTask(async () => {
      runs += 1;
      throw new Error('boom');
    }, 5);
    task.start();
    await new Promise((r) => setTimeout(r, 60));
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
  });
});
