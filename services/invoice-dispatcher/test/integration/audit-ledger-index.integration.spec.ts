/**
 * The audit's ledger query (AuditStore.salesPage) on the real PostgreSQL: the index of migration
 * 1780000000007 is on the very expression the query filters and orders by, the planner uses it
 * (one index range per page, no sort) on a ledger of 23 000 sales, and the keyset pages return
 * exactly the account's sales of the period, in (occurredAt, sale key) order, whatever the page
 * size, across equal instants, offsets and microseconds. The migration builds the index on a
 * ledger big enough for a parallel build, with a sale whose occurredAt PostgreSQL cannot read.
 */
import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@gv/db';
import { testEnvironment, uniqueId } from '@gv/testing';
import { AuditStore, SALES_PAGE_SQL } from '../../src/audit/audit-store';
import { LedgerStore } from '../../src/ledger/ledger-store';
import { DISPATCHER_MIGRATIONS } from '../../src/ledger/migrations';
import { DispatcherLedgerOccurredAt1780000000007 } from '../../src/ledger/migrations/1780000000007-ledger-occurred-at';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG } from '../support/test-bed';

jest.setTimeout(60_000);

describe('the audit ledger query and its index', () => {
  const env = testEnvironment();
  const schema = uniqueId('auditidx').toLowerCase();
  let dataSource: DataSource;
  let store: AuditStore;
  let ledger: LedgerStore;
  /** Schemas of tests that migrate their own database (dropped at the end, even when a migration failed). */
  const extraSchemas: string[] = [];

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ url: env.databaseUrl, schema, entities: [], migrations: DISPATCHER_MIGRATIONS, poolSize: 2 });
    store = new AuditStore(dataSource);
    ledger = new LedgerStore(dataSource);
  });

  afterAll(async () => {
    for (const name of [schema, ...extraSchemas]) await dataSource?.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
  });

  /** Stores a sale through the ledger's own writer, with this occurredAt as sent. */
  const record = async (accountId: string, tx: string, occurredAt: string) => {
    const sale = buildSaleOrder({ accountId, guruTransactionId: tx, catalog: CATALOG, seed: 1, productIndexes: [0] });
    await ledger.recordDesired({ ...sale, occurredAt }, {});
    return `${accountId}:${tx}`;
  };

  it('builds the index on a populated ledger (over 8 MB: a parallel build) holding an unreadable occurredAt', async () => {
    const populated = uniqueId('auditmig').toLowerCase();
    extraSchemas.push(populated);
    const options = { url: env.databaseUrl, schema: populated, entities: [], poolSize: 2 };
    const earlier = DISPATCHER_MIGRATIONS.slice(0, DISPATCHER_MIGRATIONS.indexOf(DispatcherLedgerOccurredAt1780000000007));
    const before = await openServiceDataSource({ ...options, migrations: earlier });
    try {
      await before.query(
        `INSERT INTO "sale_ledger" ("sale_key", "account_id", "guru_transaction_id", "desired_revision", "desired", "status")
         SELECT 'acct:tx-' || i, 'acct', 'tx-' || i, 1, jsonb_build_object('occurredAt', CASE WHEN i = 7 THEN '0000-01-01T00:00:00Z'
                  ELSE to_char(timestamp '2026-01-01' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS') || '-03:00' END, 'note', md5(i::text)), 'reconciled'
           FROM generate_series(1, 80000) AS i`,
      );
      const [{ bytes }] = await before.query(`SELECT pg_relation_size('"sale_ledger"') AS "bytes"`);
      expect(Number(bytes)).toBeGreaterThan(8 * 1024 * 1024);
    } finally {
      await before.destroy();
    }
    const after = await openServiceDataSource({ ...options, migrations: DISPATCHER_MIGRATIONS });
    try {
      const [index] = await after.query(
        `SELECT "i"."indisvalid" FROM "pg_index" "i" JOIN "pg_class" "c" ON "c"."oid" = "i"."indexrelid" JOIN "pg_namespace" "n" ON "n"."oid" = "c"."relnamespace"
          WHERE "n"."nspname" = $1 AND "c"."relname" = 'sale_ledger_account_occurred'`,
        [populated],
      );
      expect(index).toEqual({ indisvalid: true });
      const [{ unreadable, readable }] = await after.query(
        `SELECT count(*) FILTER (WHERE "sale_occurred_at"("desired") IS NULL)::int AS "unreadable", count("sale_occurred_at"("desired"))::int AS "readable" FROM "sale_ledger"`,
      );
      expect({ unreadable, readable }).toEqual({ unreadable: 1, readable: 79999 });
    } finally {
      await after.destroy();
    }
  });

  it('indexes the expression the query filters and orders by', async () => {
    const [index] = await dataSource.query(`SELECT "indexdef" FROM "pg_indexes" WHERE "schemaname" = $1 AND "indexname" = 'sale_ledger_account_occurred'`, [schema]);
    expect(index.indexdef).toBe(`CREATE INDEX sale_ledger_account_occurred ON ${schema}.sale_ledger USING btree (account_id, sale_occurred_at(desired), sale_key)`);
    const [fn] = await dataSource.query(
      `SELECT "p"."provolatile", "p"."proisstrict" FROM "pg_proc" "p" JOIN "pg_namespace" "n" ON "n"."oid" = "p"."pronamespace" WHERE "n"."nspname" = $1 AND "p"."proname" = 'sale_occurred_at'`,
      [schema],
    );
    expect(fn).toEqual({ provolatile: 'i', proisstrict: true });
    const where = SALES_PAGE_SQL.slice(SALES_PAGE_SQL.indexOf('WHERE'), SALES_PAGE_SQL.indexOf('ORDER BY'));
    expect(where).toContain(`"account_id" = $1`);
    expect(where).toContain(`("sale_occurred_at"("desired"), "sale_key") > ($2::timestamptz, $3::text)`);
    expect(where).toContain(`"sale_occurred_at"("desired") < $4::timestamptz`);
    expect(where).not.toContain(`->>`);
    expect(SALES_PAGE_SQL).toContain(`ORDER BY "sale_occurred_at"("desired"), "sale_key" LIMIT $5`);
  });

  it('pages exactly the account\'s sales of the period, in (occurredAt, sale key) order, at any page size', async () => {
    const a = uniqueId('acct-a');
    const b = uniqueId('acct-b');
    await record(a, 'tx-before', '2026-03-01T02:59:59.999Z'); // 23:59:59.999 on the 28th in Brasília
    const atFrom = await record(a, 'tx-from', '2026-03-01T00:00:00-03:00');
    const tieC = await record(a, 'tx-tie-c', '2026-03-10T12:00:00Z');
    const tieA = await record(a, 'tx-tie-a', '2026-03-10T09:00:00-03:00'); // the same instant, another offset
    const tieB = await record(a, 'tx-tie-b', '2026-03-10T12:00:00.000Z');
    const micro1 = await record(a, 'tx-micro-1', '2026-03-20T10:00:00.000001Z');
    const micro2 = await record(a, 'tx-micro-2', '2026-03-20T10:00:00.000002Z');
    const last = await record(a, 'tx-last', '2026-03-31T23:59:59.999999-03:00');
    await record(a, 'tx-to', '2026-04-01T03:00:00Z');
    // A text PostgreSQL cannot read is stored all the same (the index expression is NULL) and is in no period.
    const unreadable = await record(a, 'tx-year-zero', '0000-01-01T00:00:00Z');
    await record(b, 'tx-other-account', '2026-03-10T12:00:00Z');
    expect(await ledger.get(unreadable)).toMatchObject({ saleKey: unreadable, status: 'pending' });

    const from = new Date('2026-03-01T00:00:00-03:00');
    const to = new Date('2026-04-01T00:00:00-03:00');
    const expected = [atFrom, tieA, tieB, tieC, micro1, micro2, last];
    for (const limit of [1, 2, 3, 100]) {
      const seen: string[] = [];
      let after: { occurredAt: string; saleKey: string } | null = null;
      for (let pages = 0; pages < 20; pages += 1) {
        const page = await store.salesPage(a, from, to, after, limit);
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(limit);
        seen.push(...page.map((r) => r.saleKey));
        const tail = page[page.length - 1]!;
        after = { occurredAt: tail.desired.occurredAt, saleKey: tail.saleKey };
      }
      expect([limit, seen]).toEqual([limit, expected]);
    }
  });

  it('is planned as one index range per page (no sort) on a ledger of 23 000 sales', async () => {
    const audited = uniqueId('acct-big');
    // 22 accounts × 1000 sales, one every ~9 h over a year, and 1000 more of the audited account.
    await dataSource.query(
      `INSERT INTO "sale_ledger" ("sale_key", "account_id", "guru_transaction_id", "desired_revision", "desired", "status")
       SELECT "acct" || ':tx-' || i, "acct", 'tx-' || i, 1,
              jsonb_build_object('occurredAt', to_char(timestamp '2026-01-01' + i * interval '527 minutes', 'YYYY-MM-DD"T"HH24:MI:SS') || '-03:00'), 'reconciled'
         FROM (SELECT $1 || '-' || n AS "acct" FROM generate_series(1, 22) AS n UNION ALL SELECT $2) AS accounts, generate_series(1, 1000) AS i`,
      [uniqueId('acct-filler'), audited],
    );
    await dataSource.query(`ANALYZE "sale_ledger"`);
    const [{ 'QUERY PLAN': plan }] = await dataSource.query(`EXPLAIN (FORMAT JSON) ${SALES_PAGE_SQL}`, [
      audited, '2026-03-01T00:00:00-03:00', '', '2026-04-01T00:00:00-03:00', 100,
    ]);
    const root = plan[0].Plan;
    expect(root['Node Type']).toBe('Limit');
    const scan = root.Plans[0];
    expect({ node: scan['Node Type'], index: scan['Index Name'], direction: scan['Scan Direction'] })
      .toEqual({ node: 'Index Scan', index: 'sale_ledger_account_occurred', direction: 'Forward' });
    // The account, the keyset position and the period's end are all index conditions: nothing is filtered row by row.
    expect(scan['Index Cond']).toContain('account_id =');
    expect(scan['Index Cond']).toContain('ROW(sale_occurred_at(desired), sale_key) >');
    expect(scan['Index Cond']).toContain('sale_occurred_at(desired) <');
    expect(scan.Filter).toBeUndefined();
    expect(JSON.stringify(plan)).not.toContain('"Sort"');
    // And it answers: March's sales of the audited account, in order.
    const page = await store.salesPage(audited, new Date('2026-03-01T00:00:00-03:00'), new Date('2026-04-01T00:00:00-03:00'), null, 100);
    expect(page.map((r) => r.desired.occurredAt)).toEqual([...page.map((r) => r.desired.occurredAt)].sort());
    expect(page.length).toBe(84);
  });
});
