/**
 * `LedgerStore.recordDesiredHandedOff` (a sale of a full account recorded and handed off in one
 * statement, docs/dispatcher.md#fair-scheduling) on the real PostgreSQL: for every state a sale
 * can arrive in, it writes exactly the row that the two-statement path writes (`recordDesired`,
 * then the `account_busy` hand-off's `scheduleRetry`), and where that path would write nothing
 * (an older revision, a duplicate) it writes nothing and returns null.
 */
import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@gv/db';
import { testEnvironment, uniqueId } from '@gv/testing';
import type { SaleOrder } from '@gv/contracts';
import { LedgerStore } from '../../src/ledger/ledger-store';
import { DISPATCHER_MIGRATIONS } from '../../src/ledger/migrations';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG } from '../support/test-bed';

jest.setTimeout(60_000);

const DELAY_MS = 4321;

/** The hand-off of DispatchService.handOff, as the two-statement path runs it. */
const HAND_OFF = {
  delayMs: DELAY_MS, countsAsAttempt: false, status: 'retrying-unless-parked' as const, reason: 'account_busy',
  errorKind: null, error: null, topicHorizonMs: 0,
};

/** A state a sale can be in before a message of it arrives, set by SQL on a freshly recorded row. */
interface Case {
  name: string;
  /** Revision stored before (null: the sale is new). */
  stored: number | null;
  /** SQL SET clause applied to the stored row. */
  set?: string;
  /** Revision of the arriving message. */
  arriving: number;
  /** Whether the arriving revision is written (false: both paths write nothing). */
  written: boolean;
}

const CASES: Case[] = [
  { name: 'a new sale', stored: null, arriving: 1, written: true },
  { name: 'a newer revision of a retrying sale', stored: 1, set: `"status" = 'retrying', "retry_generation" = 3, "attempts" = 2, "last_error_kind" = 'transient', "last_error" = 'HTTP 500'`, arriving: 2, written: true },
  { name: 'a newer revision of a parked sale', stored: 1, set: `"status" = 'parked', "retry_generation" = 7`, arriving: 3, written: true },
  { name: 'a newer revision of a reconciled sale', stored: 1, set: `"status" = 'reconciled', "reconciled_revision" = 1, "retry_generation" = 1`, arriving: 2, written: true },
  { name: 'the same revision of a failed sale (a replay)', stored: 2, set: `"status" = 'failed', "attempts" = 9, "retry_generation" = 4`, arriving: 2, written: true },
  { name: 'the same revision of a pending sale (a duplicate)', stored: 2, set: `"retry_generation" = 2`, arriving: 2, written: false },
  { name: 'an older revision', stored: 3, set: `"status" = 'retrying', "retry_generation" = 5`, arriving: 2, written: false },
];

/** The columns a hand-off or a recording decides, with the wake-up as a delay from the write. */
const COMPARED = `"status", "attempts", "retry_generation", "desired_revision", ("desired"->>'revision')::int AS "desired_content_revision", "reconciled_revision",
  "last_error_kind", "last_error", "reprocess_request_id",
  (EXTRACT(EPOCH FROM "wake_at" - "updated_at") * 1000)::int AS "wake_in_ms",
  (EXTRACT(EPOCH FROM "next_attempt_at" - "updated_at") * 1000)::int AS "next_attempt_in_ms"`;

describe('recording and handing off a sale in one statement', () => {
  const env = testEnvironment();
  const schema = uniqueId('handoff').toLowerCase();
  let dataSource: DataSource;
  let ledger: LedgerStore;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ url: env.databaseUrl, schema, entities: [], migrations: DISPATCHER_MIGRATIONS, poolSize: 2 });
    ledger = new LedgerStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
  });

  const sale = (accountId: string, tx: string, revision: number): SaleOrder =>
    ({ ...buildSaleOrder({ accountId, guruTransactionId: tx, catalog: CATALOG, seed: 3, productIndexes: [0] }), revision });

  async function prepare(accountId: string, tx: string, c: Case): Promise<string> {
    const key = `${accountId}:${tx}`;
    if (c.stored !== null) {
      await ledger.recordDesired(sale(accountId, tx, c.stored), {});
      if (c.set) await dataSource.query(`UPDATE "sale_ledger" SET ${c.set} WHERE "sale_key" = $1`, [key]);
    }
    return key;
  }

  const compared = async (key: string) => (await dataSource.query(`SELECT ${COMPARED} FROM "sale_ledger" WHERE "sale_key" = $1`, [key]))[0];

  /** The two-statement path for the case's arriving message; returns whether it wrote. */
  async function twoStep(accountId: string, transactionId: string, key: string, c: Case): Promise<boolean> {
    const recorded = await ledger.recordDesired(sale(accountId, transactionId, c.arriving), {});
    const wrote = ['new', 'newer', 'replayed'].includes(recorded.kind);
    if (wrote) await ledger.scheduleRetry(key, HAND_OFF);
    return wrote;
  }

  async function expectSameRows(fused: string, twoStepKey: string, c: Case, before: unknown): Promise<void> {
    const after = await compared(fused);
    expect(after).toEqual(await compared(twoStepKey));
    if (c.written) {
      expect(after).toMatchObject({ status: 'retrying', desired_revision: String(c.arriving), desired_content_revision: c.arriving, wake_in_ms: DELAY_MS, next_attempt_in_ms: DELAY_MS });
    } else {
      expect(after).toEqual(before);
    }
  }

  it.each(CASES)('$name: the same row as recordDesired followed by the hand-off', async (c) => {
    const accountId = uniqueId('acct');
    const twoStepKey = await prepare(accountId, 'two-step', c);
    const fused = await prepare(accountId, 'fused', c);
    const before = await compared(fused);

    expect(await twoStep(accountId, 'two-step', twoStepKey, c)).toBe(c.written);
    const [handed] = await ledger.recordDesiredHandedOff([{ sale: sale(accountId, 'fused', c.arriving), traceCarrier: {}, delayMs: DELAY_MS }]);
    expect(handed).toEqual(c.written ? { account: null } : null); // no vhsys_account row in this schema
    await expectSameRows(fused, twoStepKey, c, before);
  });

  it('writes every case of one batch in one statement, answers in order, and the account row with each', async () => {
    const accountId = uniqueId('acct');
    await dataSource.query(`INSERT INTO "vhsys_account" ("account_id", "latest_credentials_version") VALUES ($1, 4)`, [accountId]);
    const prepared = [];
    for (const [i, c] of CASES.entries()) {
      const twoStepKey = await prepare(accountId, `two-step-${i}`, c);
      const fused = await prepare(accountId, `fused-${i}`, c);
      prepared.push({ c, i, twoStepKey, fused, before: await compared(fused) });
    }
    for (const p of prepared) expect(await twoStep(accountId, `two-step-${p.i}`, p.twoStepKey, p.c)).toBe(p.c.written);
    const answers = await ledger.recordDesiredHandedOff(
      prepared.map((p) => ({ sale: sale(accountId, `fused-${p.i}`, p.c.arriving), traceCarrier: {}, delayMs: DELAY_MS })));
    expect(answers.map((a) => a?.account?.latestCredentialsVersion ?? null)).toEqual(CASES.map((c) => (c.written ? 4 : null)));
    for (const p of prepared) await expectSameRows(p.fused, p.twoStepKey, p.c, p.before);
  });

  it('a key given twice in one call is written twice, in order (the second in its own statement)', async () => {
    const accountId = uniqueId('acct');
    const answers = await ledger.recordDesiredHandedOff([
      { sale: sale(accountId, 'twice', 1), traceCarrier: {}, delayMs: DELAY_MS },
      { sale: sale(accountId, 'twice', 2), traceCarrier: {}, delayMs: DELAY_MS },
      { sale: sale(accountId, 'twice', 2), traceCarrier: {}, delayMs: DELAY_MS },
    ]);
    expect(answers).toEqual([{ account: null }, { account: null }, null]);
    const [row] = await dataSource.query(`SELECT "desired_revision", "retry_generation", "status" FROM "sale_ledger" WHERE "sale_key" = $1`, [`${accountId}:twice`]);
    expect(row).toEqual({ desired_revision: '2', retry_generation: 2, status: 'retrying' });
  });
});
