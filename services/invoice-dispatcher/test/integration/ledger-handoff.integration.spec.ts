import { DataSource } from 'typeorm';
import { saleKey, SaleOrder } from '@gv/contracts';
import { openServiceDataSource } from '@gv/db';
import { testEnvironment, uniqueId } from '@gv/testing';
import { LedgerStore } from '../../src/ledger/ledger-store';
import { DISPATCHER_MIGRATIONS } from '../../src/ledger/migrations';
import { buildSaleOrder, CatalogProduct, withStatus } from '../support/sale-order-builder';

const CATALOG: CatalogProduct[] = [
  { vhsysProductId: 501, guruProductCode: 'p-501', description: 'Curso', kind: 'produto', unitValueCents: 19900 },
];

/**
 * LedgerStore.recordDesiredHandedOff on the real PostgreSQL: the desired state and the hand-off in
 * one write, many sales to a statement, and the same revision rules as recordDesired.
 */
describe('LedgerStore: recording a busy account\'s sales handed off', () => {
  const env = testEnvironment();
  const schema = uniqueId('handoff').toLowerCase();
  const accountId = uniqueId('acct');
  let dataSource: DataSource;
  let store: LedgerStore;

  const sale = (n: number, revision = 1): SaleOrder =>
    buildSaleOrder({ accountId, guruTransactionId: `tx-${n}`, catalog: CATALOG, seed: n, revision });
  const ledgerRow = async (n: number) =>
    (await dataSource.query(
      `SELECT "status", "desired_revision"::int AS "revision", "retry_generation" AS "generation", "attempts",
              round(extract(epoch FROM ("wake_at" - now())) * 1000)::int AS "wake_in_ms", "wake_at" = "next_attempt_at" AS "same_due"
       FROM "sale_ledger" WHERE "sale_key" = $1`, [saleKey(accountId, `tx-${n}`)]))[0];

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ url: env.databaseUrl, schema, entities: [], migrations: DISPATCHER_MIGRATIONS, poolSize: 4, applicationName: schema });
    store = new LedgerStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('writes a new sale as retrying with its wake-up due after the delay, no attempt counted', async () => {
    const recorded = await store.recordDesiredHandedOff({ sale: sale(1), traceCarrier: { traceparent: '00-aa-bb-01' }, delayMs: 60_000 });
    expect(recorded?.row).toMatchObject({ saleKey: saleKey(accountId, 'tx-1'), status: 'retrying', desiredRevision: 1, retryGeneration: 1, attempts: 0 });
    expect(recorded?.account).toBeNull(); // no account row yet
    const row = await ledgerRow(1);
    expect(row).toMatchObject({ status: 'retrying', revision: 1, generation: 1, attempts: 0, same_due: true });
    expect(row.wake_in_ms).toBeGreaterThan(55_000);
    expect(row.wake_in_ms).toBeLessThanOrEqual(60_000);
  });

  it('replaces a stored revision only with a newer one, and moves the wake-up to a new generation', async () => {
    await store.recordDesired(sale(2), {});
    await dataSource.query(`UPDATE "sale_ledger" SET "attempts" = 3 WHERE "sale_key" = $1`, [saleKey(accountId, 'tx-2')]);
    expect(await store.recordDesiredHandedOff({ sale: sale(2), traceCarrier: {}, delayMs: 1000 })).toBeNull();
    expect(await ledgerRow(2)).toMatchObject({ status: 'pending', revision: 1, generation: 0, attempts: 3, wake_in_ms: null });

    const refunded = withStatus(sale(2), 'refunded', 2);
    const recorded = await store.recordDesiredHandedOff({ sale: refunded, traceCarrier: {}, delayMs: 1000 });
    expect(recorded?.row).toMatchObject({ status: 'retrying', desiredRevision: 2, retryGeneration: 1, attempts: 0 });
    expect(recorded?.row.desired.statusGroup).toBe('refunded');
    // An older revision arriving late changes nothing.
    expect(await store.recordDesiredHandedOff({ sale: sale(2), traceCarrier: {}, delayMs: 1000 })).toBeNull();
    expect(await ledgerRow(2)).toMatchObject({ revision: 2, generation: 1 });
  });

  it('reopens a failed sale replayed at the same revision', async () => {
    await store.recordDesired(sale(3), {});
    await dataSource.query(`UPDATE "sale_ledger" SET "status" = 'failed', "attempts" = 8 WHERE "sale_key" = $1`, [saleKey(accountId, 'tx-3')]);
    const recorded = await store.recordDesiredHandedOff({ sale: sale(3), traceCarrier: {}, delayMs: 500 });
    expect(recorded?.row).toMatchObject({ status: 'retrying', desiredRevision: 1, attempts: 0, retryGeneration: 1 });
  });

  it('returns the account row read in the same write', async () => {
    await dataSource.query(`INSERT INTO "vhsys_account" ("account_id", "latest_credentials_version") VALUES ($1, 4) ON CONFLICT DO NOTHING`, [accountId]);
    const recorded = await store.recordDesiredHandedOff({ sale: sale(4), traceCarrier: {}, delayMs: 500 });
    expect(recorded?.account).toMatchObject({ accountId, latestCredentialsVersion: 4, paused: false });
  });

  it('a burst arriving together is written in a few statements, each sale once, two revisions of one sale in order', async () => {
    const burst = Array.from({ length: 300 }, (_, i) => sale(100 + i));
    const outcomes = await Promise.all([
      ...burst.map((s, i) => store.recordDesiredHandedOff({ sale: s, traceCarrier: {}, delayMs: 1000 + i })),
      store.recordDesiredHandedOff({ sale: withStatus(burst[0]!, 'refunded', 2), traceCarrier: {}, delayMs: 5000 }),
    ]);
    expect(outcomes.every((o) => o !== null)).toBe(true);
    const rows = await dataSource.query(`SELECT count(*)::int AS n FROM "sale_ledger" WHERE "sale_key" LIKE $1 AND "status" = 'retrying'`, [`${accountId}:tx-1__`]);
    expect(rows[0].n).toBe(100);
    // The second revision of the first sale came after its first, in a later statement.
    expect(await ledgerRow(100)).toMatchObject({ revision: 2, generation: 2 });
    // Rows written by one statement share its transaction id (xmin): 300 sales in at most four
    // writes (the first alone, as it arrived to an idle writer; then at most 200 at a time; then
    // the second revision, which could not share a statement with its first).
    const writes = await dataSource.query(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM "sale_ledger" WHERE "sale_key" = ANY($1)`,
      [burst.map((s) => saleKey(s.accountId, s.guruTransactionId))]);
    expect(writes[0].n).toBeGreaterThanOrEqual(2);
    expect(writes[0].n).toBeLessThanOrEqual(4);
  });
});
