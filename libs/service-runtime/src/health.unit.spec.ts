import { cachedCheck } from './checks';
import { HealthRegistry } from './health';

describe('HealthRegistry', () => {
  it('is ready only when every check passes; a throwing check is a failed one', async () => {
    const health = new HealthRegistry();
    health.register('database', () => true);
    health.register('kafka', async () => {
      throw new Error('down');
    });
    expect(await health.readiness()).toEqual({ ready: false, checks: { database: true, kafka: false } });
  });

  it('fails a check that hangs longer than checkTimeoutMs instead of hanging readiness', async () => {
    const health = new HealthRegistry({ checkTimeoutMs: 50 });
    health.register('hung', () => new Promise<boolean>(() => undefined));
    health.register('ok', () => true);
    const started = Date.now();
    expect(await health.readiness()).toEqual({ ready: false, checks: { hung: false, ok: true } });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('cachedCheck', () => {
  it('asks the dependency at most once per ttl and shares a pending answer', async () => {
    let calls = 0;
    const check = cachedCheck(async () => {
      calls += 1;
      return true;
    }, 60000);
    expect(await Promise.all([check(), check(), check()])).toEqual([true, true, true]);
    expect(await check()).toBe(true);
    expect(calls).toBe(1);
  });
});
