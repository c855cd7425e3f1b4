import { DataSource } from 'typeorm';
import { openServiceDataSource, PreparedStatements } from '@gv/db';
import { testEnvironment, uniqueId } from '@gv/testing';
import { DISPATCHER_MIGRATIONS } from '../../src/ledger/migrations';
import { isLeaseBusy, LeaseBusy, LeaseLostError, SaleLease, SaleLeases, SaleLeaseOptions } from '../../src/ledger/sale-leases';

/**
 * The per-sale leases on the real PostgreSQL: two "instances" (two lease sets with their own
 * holders, one schema), each on its own DataSource so a terminated backend hits one of them only.
 */
describe('SaleLeases on PostgreSQL', () => {
  const env = testEnvironment();
  const schema = uniqueId('leases').toLowerCase();
  const sources: DataSource[] = [];

  const open = async (options: SaleLeaseOptions = { ttlMs: 60_000, callTimeoutMs: 15_000 }): Promise<SaleLeases> => {
    const dataSource = await openServiceDataSource({
      url: env.databaseUrl, schema, entities: [], migrations: DISPATCHER_MIGRATIONS, poolSize: 4, applicationName: `${schema}-${sources.length}`,
    });
    sources.push(dataSource);
    return new SaleLeases(new PreparedStatements(dataSource), options);
  };
  const held = (result: SaleLease | LeaseBusy): SaleLease => {
    if (isLeaseBusy(result)) throw new Error(`expected the lease, got busy (${result.retryInMs} ms)`);
    return result;
  };

  let first: SaleLeases;
  let second: SaleLeases;

  beforeAll(async () => {
    first = await open();
    second = await open();
  });

  afterAll(async () => {
    await sources[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    for (const source of sources) await source.destroy().catch(() => undefined);
  });

  it('holds a sale for one holder at a time, and frees it on release', async () => {
    const lease = held(await first.tryAcquire('acc:tx-1'));
    const busy = await second.tryAcquire('acc:tx-1');
    expect(isLeaseBusy(busy)).toBe(true);
    // The holder is alive (its lease is fresh): look again within a second.
    expect((busy as LeaseBusy).retryInMs).toBeGreaterThanOrEqual(300);
    expect((busy as LeaseBusy).retryInMs).toBeLessThanOrEqual(700);
    const other = held(await second.tryAcquire('acc:tx-2'));
    await other.release();
    await lease.release();
    const again = held(await second.tryAcquire('acc:tx-1'));
    expect(BigInt(again.token)).toBeGreaterThan(BigInt(lease.token));
    await again.release();
    expect(first.heldCount).toBe(0);
  });

  it('takes the `also` name in the same acquisition, and tryAlso answers from it without asking again', async () => {
    const lease = held(await first.tryAcquire('acc:tx-3', { also: 'customer:acc:12345678909' }));
    // Another sale of the same buyer: its sale lease is free, the customer's is not.
    const sibling = held(await second.tryAcquire('acc:tx-4', { also: 'customer:acc:12345678909' }));
    expect(await sibling.tryAlso('customer:acc:12345678909')).toBe(false);
    expect(await lease.tryAlso('customer:acc:12345678909')).toBe(true);
    await lease.release();
    // Released with the sale's lease: now the sibling gets it.
    expect(await sibling.tryAlso('customer:acc:12345678909')).toBe(true);
    await sibling.release();
  });

  it('does not take the `also` name when the sale itself is busy', async () => {
    const lease = held(await first.tryAcquire('acc:tx-5'));
    expect(isLeaseBusy(await second.tryAcquire('acc:tx-5', { also: 'customer:acc:98765432100' }))).toBe(true);
    const customer = held(await first.tryAcquire('acc:tx-6', { also: 'customer:acc:98765432100' }));
    expect(await customer.tryAlso('customer:acc:98765432100')).toBe(true);
    await customer.release();
    await lease.release();
  });

  it('survives the termination of every backend its instance holds: still held, still renewable, still exclusive', async () => {
    const lease = held(await first.tryAcquire('acc:tx-7'));
    const terminated = await sources[1]!.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`, [`${schema}-0`],
    ) as { ok: boolean }[];
    expect(terminated.length).toBeGreaterThan(0);
    expect(isLeaseBusy(await second.tryAcquire('acc:tx-7'))).toBe(true);
    // The pool replaces the dead connection; the lease row never depended on it.
    let renewed = false;
    for (let attempt = 0; attempt < 5 && !renewed; attempt += 1) {
      renewed = await lease.beforeWrite().then(() => true, (error) => {
        if (error instanceof LeaseLostError) throw error;
        return false; // a query on a connection killed under it: the next one is fresh
      });
    }
    expect(renewed).toBe(true);
    await lease.release();
  });

  it('passes an expired lease on with a larger token, and the old holder can no longer write', async () => {
    const short = await open({ ttlMs: 1200, callTimeoutMs: 100, safetyMs: 100, renewEveryMs: 60_000 });
    const lease = held(await short.tryAcquire('acc:tx-8'));
    await lease.beforeWrite(); // held: the write may start
    const busy = await second.tryAcquire('acc:tx-8');
    expect(isLeaseBusy(busy)).toBe(true);
    await new Promise((r) => setTimeout(r, 1400));
    const taken = held(await second.tryAcquire('acc:tx-8'));
    expect(BigInt(taken.token)).toBeGreaterThan(BigInt(lease.token));
    await expect(lease.beforeWrite()).rejects.toBeInstanceOf(LeaseLostError);
    // Refused locally from then on, and its release does not free the new holder's lease.
    await expect(lease.beforeWrite()).rejects.toThrow(/lost/);
    await lease.release();
    expect(isLeaseBusy(await first.tryAcquire('acc:tx-8'))).toBe(true);
    await taken.release();
  });

  it('a holder that stopped renewing is waited for until its lease expires, not polled', async () => {
    const short = await open({ ttlMs: 30_000, callTimeoutMs: 1000, safetyMs: 1000, renewEveryMs: 5000 });
    const lease = held(await short.tryAcquire('acc:tx-9'));
    // Make it look as if the holder missed its beats: 10 s left of 30.
    await sources[0]!.query(`UPDATE "${schema}"."sale_lease" SET "expires_at" = now() + interval '10 seconds' WHERE "token" = $1`, [lease.token]);
    const busy = await second.tryAcquire('acc:tx-9') as LeaseBusy;
    expect(busy.retryInMs).toBeGreaterThan(9000);
    expect(busy.retryInMs).toBeLessThan(10_600);
    await lease.release();
  });

  it('the heartbeat keeps a lease past its ttl while the holder lives', async () => {
    const beating = await open({ ttlMs: 1200, callTimeoutMs: 100, safetyMs: 100, renewEveryMs: 200 });
    beating.start();
    try {
      const lease = held(await beating.tryAcquire('acc:tx-10'));
      await new Promise((r) => setTimeout(r, 2500));
      expect(isLeaseBusy(await second.tryAcquire('acc:tx-10'))).toBe(true);
      await lease.beforeWrite();
      await lease.release();
    } finally {
      beating.stop();
    }
  });

  it('refuses options where a write could outlast its lease', async () => {
    await expect(open({ ttlMs: 20_000, callTimeoutMs: 15_000 })).rejects.toThrow(/must outlast a Vhsys call/);
  });
});
