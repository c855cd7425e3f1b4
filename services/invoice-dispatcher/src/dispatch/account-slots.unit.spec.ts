import { AccountSlots } from './account-slots';

const tick = () => new Promise((r) => setImmediate(r));

describe('AccountSlots', () => {
  it('caps sales per account without holding other accounts back, FIFO per account', async () => {
    const slots = new AccountSlots({ perAccount: 2, total: 10 });
    const started: string[] = [];
    const releases = new Map<string, () => void>();
    const job = (account: string, id: string) => slots.run(account, () => new Promise<void>((resolve) => {
      started.push(id);
      releases.set(id, resolve);
    }));
    const all = [job('hung', 'h1'), job('hung', 'h2'), job('hung', 'h3'), job('hung', 'h4'), job('ok', 'o1')];
    await tick();
    expect(started).toEqual(['h1', 'h2', 'o1']);
    expect(slots.load('hung')).toBe(4);
    releases.get('h1')!();
    await tick();
    await tick();
    expect(started).toEqual(['h1', 'h2', 'o1', 'h3']);
    for (const id of ['h2', 'h3', 'o1']) releases.get(id)!();
    await tick();
    await tick();
    releases.get('h4')!();
    await Promise.all(all);
    expect(slots.load('hung')).toBe(0);
  });

  it('bounds the total over all accounts', async () => {
    const slots = new AccountSlots({ perAccount: 2, total: 2 });
    let running = 0;
    let max = 0;
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((account) => slots.run(account, async () => {
      running += 1;
      max = Math.max(max, running);
      await tick();
      running -= 1;
    })));
    expect(max).toBe(2);
  });

  it('releases the slot when the work throws', async () => {
    const slots = new AccountSlots({ perAccount: 1, total: 1 });
    await expect(slots.run('a', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(slots.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});
