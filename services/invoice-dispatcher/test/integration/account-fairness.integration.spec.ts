/**
 * Fair scheduling across Vhsys accounts (docs/dispatcher.md#fair-scheduling), against the real
 * broker, PostgreSQL and the Vhsys simulator: one account floods a consumer (hundreds of sales,
 * its Vhsys slow) and another account's few sales sit behind the whole flood on the same
 * partition. The other account's sales must all complete while most of the flood is still pending,
 * on the main consumer and on the retry consumer; then every flood sale completes exactly once.
 * Checks are by order and count (the results' order in the outbox), never by elapsed time.
 */
import { DispatchResult, SaleOrder } from '@gv/contracts';
import { eventually, uniqueId } from '@gv/testing';
import { parsePrometheusText, sampleValue, startMetrics } from '@gv/telemetry';
import type { RunningInvoiceDispatcher } from '../../src/start-invoice-dispatcher';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, checkVhsysState, DispatcherTestBed, TestAccount } from '../support/test-bed';

jest.setTimeout(240_000);

/** Sales of the flooding account; the victim's sales are all behind them on one partition. */
const FLOOD = 150;
const VICTIM = 10;
/** The victim's last sale must complete before this many flood sales have (today's main: after ~FLOOD − 64). */
const MAX_FLOOD_DONE_FIRST = 30;
/** Simulated Vhsys latency of each call of the flooding account (a sale makes about a dozen calls). */
const FLOOD_LATENCY_MS = 40;
/** Sales parked while their account's tokens are refused, then resumed together. */
const PARKED = 60;

/**
 * 64 messages in flight per consumer (fewer than the flood, so that without fair scheduling the
 * flood fills the window), 2 sales per account at once (the default), 4 more queued. Hand-offs
 * are scheduled at most 10 s ahead, so part of the flood overflows the schedule and is handed off
 * more than once (that path must complete each sale once too), and the flood drains soon after
 * its Vhsys turns fast.
 */
const SETTINGS = {
  DISPATCHER_MAX_IN_FLIGHT: '64', VHSYS_ACCOUNT_MAX_IN_FLIGHT: '2', VHSYS_ACCOUNT_MAX_QUEUED: '4', DISPATCHER_HANDOFF_MAX_DELAY_MS: '10000',
};

/** `created` results of the bed's accounts, in the order they were committed (outbox ids). */
async function createdInOrder(bed: DispatcherTestBed): Promise<Array<{ accountId: string; guruTransactionId: string }>> {
  const rows = await bed.sql<{ payload: DispatchResult }>(
    `SELECT payload FROM outbox WHERE topic = $1 AND payload->>'outcome' = 'created' ORDER BY id`, [bed.topics.dispatchResults]);
  return rows.map((r) => ({ accountId: r.payload.accountId, guruTransactionId: r.payload.guruTransactionId }));
}

function sales(account: TestAccount, count: number, seed: number): SaleOrder[] {
  return Array.from({ length: count }, (_, i) =>
    buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('tx'), catalog: CATALOG, seed: seed + i }));
}

/**
 * Waits for the victim's sales; returns how many flood sales had completed before the victim's
 * last one did, and checks that the flood's waiting sales had counted no attempt.
 */
async function victimFinishes(bed: DispatcherTestBed, flood: TestAccount, victim: TestAccount, victimSales: SaleOrder[]): Promise<number> {
  const wanted = new Set(victimSales.map((s) => s.guruTransactionId));
  const order = await eventually(async () => {
    const done = await createdInOrder(bed);
    return done.filter((r) => wanted.has(r.guruTransactionId)).length === wanted.size && done;
  }, 180_000, 'every victim sale created');
  const lastVictim = order.map((r) => r.accountId).lastIndexOf(victim.accountId);
  const floodFirst = order.slice(0, lastVictim).filter((r) => r.accountId === flood.accountId).length;
  // Sales handed off while their account was busy did not use up attempts.
  const attempts = await bed.sql<{ attempts: number }>(`SELECT attempts FROM sale_ledger WHERE account_id = $1 AND attempts > 0`, [flood.accountId]);
  expect(attempts).toEqual([]);
  return floodFirst;
}

/** Every flood sale completes exactly once: one `created` result each, one order each in Vhsys. */
async function floodCompletesOnce(bed: DispatcherTestBed, flood: TestAccount, floodSales: SaleOrder[]): Promise<void> {
  await bed.admin.clearFaults(flood.accessToken); // its Vhsys turns fast: the rest drains sooner
  const created = await eventually(() => {
    const found = bed.results((r) => r.accountId === flood.accountId && r.outcome === 'created');
    return new Set(found.map((r) => r.guruTransactionId)).size === floodSales.length && found;
  }, 180_000, 'every flood sale created');
  expect(created).toHaveLength(floodSales.length);
  // Nothing else, except `unchanged` answers to sale orders read twice (a consumer rebalance on
  // a loaded machine redelivers what was not committed yet; Vhsys is not touched for them).
  expect(bed.results((r) => r.accountId === flood.accountId && r.outcome !== 'created'
    && !(r.outcome === 'unchanged' && r.reason === 'duplicate_revision'))).toEqual([]);
  expect(checkVhsysState(await bed.admin.getState(flood.accessToken), floodSales).problems).toEqual([]);
  const statuses = await bed.sql<{ status: string; n: string }>(
    `SELECT status, count(*) AS n FROM sale_ledger WHERE account_id = $1 GROUP BY status`, [flood.accountId]);
  expect(statuses).toEqual([{ status: 'reconciled', n: String(floodSales.length) }]);
  expect(bed.deadLetters()).toEqual([]);
}

/** Largest outbox id so far (rows written later have larger ids). */
async function outboxMark(bed: DispatcherTestBed): Promise<number> {
  const [row] = await bed.sql<{ id: string | null }>(`SELECT max(id) AS id FROM outbox`);
  return Number(row?.id ?? 0);
}

async function metric(dispatcher: RunningInvoiceDispatcher, name: string, labels: Record<string, string>): Promise<number> {
  const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${dispatcher.httpPort}/metrics`)).text());
  return sampleValue(samples, name, labels);
}

describe('fair scheduling across accounts (one partition, a flooding account ahead of another)', () => {
  let bed: DispatcherTestBed;
  let dispatcher: RunningInvoiceDispatcher;

  beforeAll(async () => {
    startMetrics('invoice-dispatcher-test');
    bed = await DispatcherTestBed.create();
    dispatcher = await bed.startDispatcher(SETTINGS);
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  function handoffs(consumer: 'main' | 'retry'): Promise<number> {
    return metric(dispatcher, 'dispatcher_account_handoffs_total', { consumer });
  }

  it('main consumer: another account\'s sales behind a flood complete while most of the flood is pending', async () => {
    const flood = await bed.addAccount({ latencyMs: FLOOD_LATENCY_MS });
    const victim = await bed.addAccount();
    const floodSales = sales(flood, FLOOD, 1000);
    const victimSales = sales(victim, VICTIM, 2000);
    await bed.produce([...floodSales, ...victimSales], { partition: 0 });

    const floodFirst = await victimFinishes(bed, flood, victim, victimSales);
    expect(floodFirst).toBeLessThan(MAX_FLOOD_DONE_FIRST);
    expect(checkVhsysState(await bed.admin.getState(victim.accessToken), victimSales).problems).toEqual([]);
    await floodCompletesOnce(bed, flood, floodSales);

    // None of the flood held the window while its account was full: beyond its burst of 32 it
    // waited for its turn outside the window (paced), and beyond the account's 6 places (2
    // running + 4 queued) for a free one, in the intake's queue (which stayed under half full).
    // So none of it was recorded and handed off to be woken up and read again.
    const paced = await metric(dispatcher, 'kafka_messages_total', { topic: bed.topics.saleOrders, outcome: 'paced' });
    const waited = await metric(dispatcher, 'kafka_messages_total', { topic: bed.topics.saleOrders, outcome: 'waited_for_room' });
    expect(paced).toBeGreaterThan(0);
    expect(waited).toBeGreaterThanOrEqual(FLOOD / 2);
    expect(await handoffs('main')).toBe(0);
  });

  it('retry consumer, two instances: another account\'s wake-ups behind a backlog of wake-ups complete while most of the backlog is pending', async () => {
    // A second instance: hand-offs come back through either instance's waker and land on either
    // instance's retry partitions; each instance caps the account on its own, the ledger's retry
    // generations keep every sale to one completion.
    await bed.startDispatcher(SETTINGS);
    const flood = await bed.addAccount({ latencyMs: FLOOD_LATENCY_MS });
    const victim = await bed.addAccount();
    const floodSales = sales(flood, FLOOD, 3000);
    const victimSales = sales(victim, VICTIM, 4000);
    const retryHandoffsBefore = await handoffs('retry');
    const retryWaitedBefore = await metric(dispatcher, 'kafka_messages_total', { topic: bed.topics.saleOrdersRetry, outcome: 'waited_for_room' });
    // Wake-ups straight on the retry topic, due now (a retry into an empty ledger is taken as input).
    await bed.produce([...floodSales, ...victimSales], { topic: bed.topics.saleOrdersRetry, partition: 0 });

    const floodFirst = await victimFinishes(bed, flood, victim, victimSales);
    expect(floodFirst).toBeLessThan(MAX_FLOOD_DONE_FIRST);
    expect(checkVhsysState(await bed.admin.getState(victim.accessToken), victimSales).problems).toEqual([]);
    await floodCompletesOnce(bed, flood, floodSales);
    // As on the main consumer: the backlog waited for its account's places in the intake's queue
    // and was not handed off again (both instances' counters: they share this process's metrics).
    const retryWaited = await metric(dispatcher, 'kafka_messages_total', { topic: bed.topics.saleOrdersRetry, outcome: 'waited_for_room' }) - retryWaitedBefore;
    expect(retryWaited).toBeGreaterThanOrEqual(FLOOD / 2);
    expect(await handoffs('retry') - retryHandoffsBefore).toBe(0);
  });

  it('a resumed account\'s parked sales are woken a few at a time, not all at once, and each completes once', async () => {
    const account = await bed.addAccount();
    bed.credentials.set(account.accountId, 'revoked-token', 'revoked-secret', 1);
    const parked = sales(account, PARKED, 5000);
    await bed.produce([parked[0]!]);
    await eventually(() => bed.results((r) => r.accountId === account.accountId && r.outcome === 'paused').length === 1, 30_000, 'account paused');
    await bed.produce(parked.slice(1));
    await eventually(async () => {
      const [row] = await bed.sql<{ n: string }>(`SELECT count(*) AS n FROM sale_ledger WHERE account_id = $1 AND status = 'parked'`, [account.accountId]);
      return Number(row!.n) === PARKED;
    }, 60_000, 'every sale parked');

    // New tokens: the next sale with the newer credentialsVersion resumes the account and wakes the
    // other parked sales.
    bed.credentials.set(account.accountId, account.accessToken, account.secretAccessToken, 2);
    const resumer = { ...parked[0]!, revision: 2, credentialsVersion: 2 };
    const mark = await outboxMark(bed);
    await bed.produce([resumer]);
    const requeued = new Set(parked.slice(1).map((s) => s.guruTransactionId));
    await eventually(() => new Set(bed.results((r) => requeued.has(r.guruTransactionId) && r.outcome === 'created')
      .map((r) => r.guruTransactionId)).size === requeued.size, 120_000, 'every parked sale created');

    // Wake-ups (retry messages) and completions of the account, in the order they were written.
    // Spread out, the wake-ups go on while the sales woken first complete; today's main writes
    // them all at once when the account resumes, before more than a few can complete.
    const rows = await bed.sql<{ topic: string; payload: DispatchResult }>(
      `SELECT topic, payload FROM outbox WHERE id > $1 AND message_key LIKE $2 ORDER BY id`, [mark, `${account.accountId}:%`]);
    const lastWake = rows.map((r) => r.topic).lastIndexOf(bed.topics.saleOrdersRetry);
    const completedFirst = rows.slice(0, lastWake).filter((r) => r.topic === bed.topics.dispatchResults
      && r.payload.outcome === 'created' && requeued.has(r.payload.guruTransactionId)).length;
    expect(completedFirst).toBeGreaterThanOrEqual(requeued.size / 2);

    const created = bed.results((r) => r.accountId === account.accountId && r.outcome === 'created');
    expect(created).toHaveLength(PARKED);
    expect(checkVhsysState(await bed.admin.getState(account.accessToken), [resumer, ...parked.slice(1)]).problems).toEqual([]);
  });
});

/**
 * The same flood with an intake queue of 16: past half full (8), messages stop waiting for their
 * account's room and go at the intake's pace, so the account's full slots turn them away and they
 * are recorded and handed off to the ledger (what keeps a backlog bigger than the queue moving).
 * Hand-offs are scheduled at most 10 s ahead, so part of the flood overflows the schedule and is
 * handed off more than once; each sale still completes once.
 */
describe('fair scheduling when the intake queue is more than half full', () => {
  let bed: DispatcherTestBed;
  let dispatcher: RunningInvoiceDispatcher;

  beforeAll(async () => {
    startMetrics('invoice-dispatcher-test');
    bed = await DispatcherTestBed.create();
    dispatcher = await bed.startDispatcher({ ...SETTINGS, DISPATCHER_INTAKE_QUEUE_MAX: '16' });
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  it('main consumer: the flood beyond half the queue is handed off, the other account\'s sales complete, each sale once', async () => {
    const flood = await bed.addAccount({ latencyMs: FLOOD_LATENCY_MS });
    const victim = await bed.addAccount();
    const floodSales = sales(flood, FLOOD, 6000);
    const victimSales = sales(victim, VICTIM, 7000);
    const handoffsBefore = await metric(dispatcher, 'dispatcher_account_handoffs_total', { consumer: 'main' });
    await bed.produce([...floodSales, ...victimSales], { partition: 0 });

    await victimFinishes(bed, flood, victim, victimSales);
    expect(checkVhsysState(await bed.admin.getState(victim.accessToken), victimSales).problems).toEqual([]);
    await floodCompletesOnce(bed, flood, floodSales);
    // All but the account's 6 places, the few that waited while the queue was at most half full,
    // and those that found a place freed were handed off.
    const handed = await metric(dispatcher, 'dispatcher_account_handoffs_total', { consumer: 'main' }) - handoffsBefore;
    expect(handed).toBeGreaterThanOrEqual(FLOOD / 2);
  });
});
