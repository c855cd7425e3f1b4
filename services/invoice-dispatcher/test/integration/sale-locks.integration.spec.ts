import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@gv/db';
import { testEnvironment, uniqueId } from '@gv/testing';
import { SaleLocks } from '../../src/ledger/sale-locks';

/** The per-sale advisory locks on the real PostgreSQL: two "instances" (two lock sets, one database). */
describe('SaleLocks on PostgreSQL', () => {
  const env = testEnvironment();
  const schema = uniqueId('locks').toLowerCase();
  let dataSource: DataSource;
  let first: SaleLocks;
  let second: SaleLocks;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ url: env.databaseUrl, schema, entities: [], migrations: [], poolSize: 6 });
    first = new SaleLocks(dataSource, schema);
    second = new SaleLocks(dataSource, schema);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('holds a sale for one holder at a time, and frees it on release', async () => {
    const held = await first.tryAcquire('acc:tx-1');
    expect(held).not.toBeNull();
    expect(await second.tryAcquire('acc:tx-1')).toBeNull();
    const other = await second.tryAcquire('acc:tx-2');
    expect(other).not.toBeNull();
    await other!.release();
    await held!.release();
    const again = await second.tryAcquire('acc:tx-1');
    expect(again).not.toBeNull();
    await again!.release();
  });

  it('takes the `also` lock in the same acquisition, and tryAlso answers from it without asking again', async () => {
    const held = await first.tryAcquire('acc:tx-3', { also: 'customer:acc:12345678909' });
    expect(held).not.toBeNull();
    // Another sale of the same buyer: its sale lock is free, the customer's is not.
    const sibling = await second.tryAcquire('acc:tx-4', { also: 'customer:acc:12345678909' });
    expect(sibling).not.toBeNull();
    expect(await sibling!.tryAlso('customer:acc:12345678909')).toBe(false);
    expect(await held!.tryAlso('customer:acc:12345678909')).toBe(true);
    await held!.release();
    // Released with the sale's lock: now the sibling gets it.
    expect(await sibling!.tryAlso('customer:acc:12345678909')).toBe(true);
    await sibling!.release();
  });

  it('does not take the `also` lock when the sale itself is busy', async () => {
    const held = await first.tryAcquire('acc:tx-5');
    expect(await second.tryAcquire('acc:tx-5', { also: 'customer:acc:98765432100' })).toBeNull();
    const customer = await first.tryAcquire('acc:tx-6', { also: 'customer:acc:98765432100' });
    expect(customer).not.toBeNull();
    expect(await customer!.tryAlso('customer:acc:98765432100')).toBe(true);
    await customer!.release();
    await held!.release();
  });
});
