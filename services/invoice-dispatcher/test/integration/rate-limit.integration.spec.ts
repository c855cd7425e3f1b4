import { DataSource } from 'typeorm';
import { OutboxMessage, openServiceDataSource, PreparedStatements } from '@gv/db';
import { testEnvironment, uniqueId } from '@gv/testing';
import { DISPATCHER_MIGRATIONS } from '../../src/ledger/migrations';
import { AccountRateLimiter } from '../../src/limits/account-rate-limiter';
import { asVhsysFailure, VhsysPortError } from '../../src/vhsys/vhsys-port';

/**
 * The account's Vhsys rate is one budget for every dispatcher instance (docs/dispatcher.md#rate-limit):
 * limiters of separate instances (each its own DataSource, as separate processes) share the
 * schedule in PostgreSQL.
 */
describe('AccountRateLimiter across instances (PostgreSQL)', () => {
  const env = testEnvironment();
  const schema = uniqueId('rate_test').toLowerCase();
  const instances: DataSource[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i += 1) {
      instances.push(await openServiceDataSource({ url: env.databaseUrl, schema, entities: [OutboxMessage], migrations: DISPATCHER_MIGRATIONS, poolSize: 4 }));
    }
  });

  afterAll(async () => {
    await instances[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(instances.map((d) => d.destroy()));
  });

  const limiter = (i: number, options: { perSecond: number; burst: number; maxWaitMs: number }) =>
    new AccountRateLimiter({ maxLatenessMs: 150, jitterMs: 0, ...options }, new PreparedStatements(instances[i]!));

  it('lets a burst through, then spaces calls, refuses waits beyond the bound, and keeps accounts apart', async () => {
    const options = { perSecond: 2, burst: 2, maxWaitMs: 1000 };
    const [a, b, c] = [limiter(0, options), limiter(1, options), limiter(2, options)];
    const account = uniqueId('acct');
    const waits = [await a.reserve(account), await b.reserve(account), await c.reserve(account), await a.reserve(account)];
    // 0, 0, then 500 and 1000 ms less the few ms the statements took, whichever instance asks.
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    expect(waits[2]).toBeGreaterThan(400);
    expect(waits[2]).toBeLessThanOrEqual(500);
    expect(waits[3]).toBeGreaterThan(900);
    expect(waits[3]).toBeLessThanOrEqual(1000);
    const error = await b.reserve(account).then(() => null, (e: unknown) => e);
    expect(asVhsysFailure(error)?.kind).toBe('rate_limited');
    expect((error as VhsysPortError).local).toBe(true);
    expect((error as VhsysPortError).retryAfterMs).toBeGreaterThan(1000);
    expect(await c.reserve(uniqueId('other'))).toBe(0); // another account has its own schedule
  });

  it('three instances calling one account at once stay within its rate plus burst in every second', async () => {
    const options = { perSecond: 5, burst: 3, maxWaitMs: 60_000 };
    const account = uniqueId('acct');
    const granted: number[] = [];
    await Promise.all([0, 1, 2].map(async (i) => {
      const own = limiter(i, options);
      for (let n = 0; n < 10; n += 1) {
        await own.take(account);
        granted.push(Date.now());
      }
    }));
    granted.sort((x, y) => x - y);
    expect(granted).toHaveLength(30);
    // In any window of one second: at most burst + perSecond calls (a few ms of timer slack allowed).
    for (const [i, start] of granted.entries()) {
      const inWindow = granted.slice(i).filter((t) => t < start + 1000 - 20).length;
      expect(inWindow).toBeLessThanOrEqual(options.burst + options.perSecond);
    }
    // 27 calls beyond the burst at 5/s: at least 5.4 s, as one instance alone would take.
    expect(granted[29]! - granted[0]!).toBeGreaterThanOrEqual(5400 - 50);
  });
});
