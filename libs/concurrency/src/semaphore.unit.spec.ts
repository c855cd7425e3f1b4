import { Semaphore } from './semaphore';

const tick = () => new Promise((r) => setImmediate(r));

describe('Semaphore', () => {
  it('holds at most capacity, hands a released slot to the longest waiter, and releases once', async () => {
    const semaphore = new Semaphore(2);
    const order: string[] = [];
    const a = await semaphore.acquire();
    await semaphore.acquire();
    const waiting = ['c', 'd'].map((id) => semaphore.acquire().then((release) => {
      order.push(id);
      return release;
    }));
    await tick();
    expect([semaphore.inUse, semaphore.waiting, order]).toEqual([2, 2, []]);
    a();
    a();
    await tick();
    expect([semaphore.inUse, semaphore.waiting, order]).toEqual([2, 1, ['c']]);
    const c = await waiting[0]!;
    c();
    await tick();
    expect(order).toEqual(['c', 'd']);
    (await waiting[1]!)();
    expect(semaphore.inUse).toBe(1);
  });

  it('run releases the slot when the work fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(semaphore.inUse).toBe(0);
  });
});
