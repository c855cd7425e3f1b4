/**
 * The sales history's Reprocessar (vhsys.sale-reprocess.v1) against the real broker, PostgreSQL
 * and the Vhsys simulator: a sale the dispatcher gave up on is resumed from its ledger and answered
 * with the request's id, without a second order or invoice; a reconciled sale is answered
 * `unchanged`; duplicates are harmless; an unknown sale gets no answer and stops nothing; a
 * malformed request is dead-lettered naming its field. Results carry the attempts and the
 * revision's step timeline.
 */
import { randomUUID } from 'crypto';
import { DispatchResult, HEADERS, saleKey, SaleOrder, SaleReprocessRequest } from '@gv/contracts';
import { eventually, uniqueId } from '@gv/testing';
import { STEPS } from '../../src/ledger/ledger-types';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, checkVhsysState, DispatcherTestBed, TestAccount } from '../support/test-bed';

jest.setTimeout(120_000);

/** Every order create of the account answered 429 (a definite refusal: the step is `failed`, with its error). */
const ORDERS_REFUSED = { rates: { rateLimited: 1 }, retryAfterSeconds: 0, match: { methods: ['POST'], routes: ['/pedidos'] } };
const MAX_ATTEMPTS = 3;

function request(sale: Pick<SaleOrder, 'accountId' | 'guruTransactionId'>, requestId = randomUUID()): SaleReprocessRequest {
  return {
    accountId: sale.accountId,
    guruTransactionId: sale.guruTransactionId,
    requestId,
    requestedBy: 'admin:ana',
    requestedAt: new Date().toISOString(),
  };
}

describe('invoice-dispatcher reprocess requests', () => {
  let bed: DispatcherTestBed;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
    await bed.startDispatcher({ RETRY_MAX_ATTEMPTS: String(MAX_ATTEMPTS), RETRY_BASE_DELAY_MS: '50', RETRY_MAX_DELAY_MS: '200' });
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  const resultsOf = (sale: Pick<SaleOrder, 'guruTransactionId'>, predicate: (r: DispatchResult) => boolean = () => true) =>
    bed.results((r) => r.guruTransactionId === sale.guruTransactionId && predicate(r));

  /** The first result answering `asked`. */
  async function answerTo(sale: SaleOrder, asked: SaleReprocessRequest): Promise<DispatchResult> {
    const [answer] = await eventually(() => {
      const found = resultsOf(sale, (r) => r.reprocessRequestId === asked.requestId);
      return found.length > 0 && found;
    }, 30_000, 'the reprocess answer');
    return answer!;
  }

  /** A sale (one NF-e product) of the account, sent and answered `created`. */
  async function reconciledSale(account: TestAccount, seed: number): Promise<SaleOrder> {
    const sale = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txr'), catalog: CATALOG, seed, productIndexes: [0] });
    await bed.produce([sale]);
    await eventually(() => resultsOf(sale, (r) => r.outcome === 'created').length === 1, 30_000, 'sale created');
    return sale;
  }

  /** A sale of an account whose order creates are refused until it ends `failed`; returns its failed result. */
  async function failedSale(seed: number): Promise<{ account: TestAccount; sale: SaleOrder; failed: DispatchResult }> {
    const account = await bed.addAccount(ORDERS_REFUSED);
    const sale = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txf'), catalog: CATALOG, seed, productIndexes: [0] });
    await bed.produce([sale]);
    const [failed] = await eventually(() => {
      const found = resultsOf(sale, (r) => r.outcome === 'failed');
      return found.length > 0 && found;
    }, 60_000, 'failed result');
    return { account, sale, failed: failed! };
  }

  it('resumes a failed sale once Vhsys is back: created, answering the request, with exactly one order; results carry attempts and steps', async () => {
    const { account, sale, failed } = await failedSale(501);
    expect(failed).toMatchObject({ reason: 'vhsys_rate_limited', attempts: MAX_ATTEMPTS, reprocessRequestId: null });
    expect(failed.steps.map((s) => [s.step, s.state, s.runs])).toEqual([['customer', 'done', 1], ['order', 'failed', MAX_ATTEMPTS]]);
    const orderStep = failed.steps[1]!;
    expect(orderStep.error).toMatch(/429|rate/i);
    expect(orderStep.error!.length).toBeLessThanOrEqual(500);
    expect(Date.parse(orderStep.at)).toBeGreaterThanOrEqual(Date.parse(failed.steps[0]!.at));
    expect(checkVhsysState(await bed.admin.getState(account.accessToken), [sale]).pedidos).toBe(0);

    await bed.admin.clearFaults(account.accessToken);
    const asked = request(sale);
    await bed.requestReprocess([asked]);
    const answer = await answerTo(sale, asked);
    expect(answer).toMatchObject({ outcome: 'created', revision: sale.revision, attempts: 1, reprocessRequestId: asked.requestId });
    // The timeline is the ledger's journal (built without reading it again): the order's refused
    // runs and the one that created it, every other step once, the NF-e emitted last.
    const journal = await bed.sql<{ step: string; state: string; runs: number }>(
      `SELECT step, state, runs FROM sale_step WHERE sale_key = $1 AND revision = $2`, [saleKey(sale.accountId, sale.guruTransactionId), sale.revision]);
    const inOrder = STEPS.flatMap((step) => journal.filter((j) => j.step === step).map((j) => [j.step, j.state, j.runs]));
    expect(answer.steps.map((s) => [s.step, s.state, s.runs])).toEqual(inOrder);
    expect(inOrder.slice(0, 3)).toEqual([['customer', 'done', 1], ['order', 'done', MAX_ATTEMPTS + 1], ['order_items', 'done', 1]]);
    expect(inOrder.slice(3).every(([, state, runs]) => state === 'done' && runs === 1)).toBe(true);
    expect(inOrder.at(-1)).toEqual(['nfe_emit', 'done', 1]);
    for (const step of answer.steps) expect(step.error).toBeNull();

    const state = await bed.admin.getState(account.accessToken);
    const check = checkVhsysState(state, [sale]);
    expect(check.problems).toEqual([]);
    expect(check.pedidos).toBe(1);
    expect(check.notasFiscais).toBe(1);
    const [ledger] = await bed.sql<{ status: string; reprocess_request_id: string | null }>(
      `SELECT status, reprocess_request_id FROM sale_ledger WHERE sale_key = $1`, [saleKey(sale.accountId, sale.guruTransactionId)]);
    expect(ledger).toEqual({ status: 'reconciled', reprocess_request_id: null });
  });

  it('answers a reprocess of a reconciled sale `unchanged`, with its steps, leaving one order and one NF-e', async () => {
    const account = await bed.addAccount();
    const sale = await reconciledSale(account, 601);
    const before = (await bed.admin.getState(account.accessToken)).counters;
    const asked = request(sale);
    await bed.requestReprocess([asked]);
    const answer = await answerTo(sale, asked);
    const created = resultsOf(sale, (r) => r.outcome === 'created')[0]!;
    expect(answer).toMatchObject({ outcome: 'unchanged', reason: 'duplicate_revision', attempts: 0, vhsys: created.vhsys });
    expect(answer.steps.map((s) => s.step)).toEqual(created.steps.map((s) => s.step));
    expect(answer.steps.every((s) => s.state === 'done')).toBe(true);

    const state = await bed.admin.getState(account.accessToken);
    const check = checkVhsysState(state, [sale]);
    expect(check.problems).toEqual([]);
    expect([check.pedidos, check.notasFiscais]).toEqual([1, 1]);
    // Nothing was written to Vhsys for it.
    expect(state.counters).toEqual(before);
  });

  it('is harmless when the same request comes twice and another follows: one order, every request answered', async () => {
    const { account, sale } = await failedSale(701);
    await bed.admin.clearFaults(account.accessToken);
    const first = request(sale);
    const second = request(sale);
    await bed.requestReprocess([first, first, second]);
    await eventually(() => resultsOf(sale, (r) => r.reprocessRequestId === second.requestId).length === 1, 30_000, 'the second request answered');
    const answers = resultsOf(sale, (r) => r.reprocessRequestId !== null);
    // The first delivery resumes the sale; what follows finds it reconciled.
    expect(answers[0]).toMatchObject({ outcome: 'created', reprocessRequestId: first.requestId });
    expect(answers.slice(1).map((r) => r.outcome)).toEqual(answers.slice(1).map(() => 'unchanged'));
    expect(answers.filter((r) => r.reprocessRequestId === first.requestId).length).toBeGreaterThanOrEqual(1);
    expect(resultsOf(sale, (r) => r.outcome === 'created')).toHaveLength(1);
    const check = checkVhsysState(await bed.admin.getState(account.accessToken), [sale]);
    expect(check.problems).toEqual([]);
    expect([check.pedidos, check.notasFiscais]).toEqual([1, 1]);
  });

  it('keeps a parked sale of a paused account parked, answering `paused` without calling Vhsys', async () => {
    const account = await bed.addAccount();
    bed.credentials.set(account.accountId, 'revoked-token', 'revoked-secret', 1);
    const sale = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txp'), catalog: CATALOG, seed: 651, productIndexes: [0] });
    await bed.produce([sale]);
    await eventually(() => resultsOf(sale, (r) => r.outcome === 'paused').length === 1, 30_000, 'paused result');
    const authFailuresBefore = bed.simulator.state.authFailures;
    const asked = request(sale);
    await bed.requestReprocess([asked]);
    const answer = await answerTo(sale, asked);
    expect(answer).toMatchObject({ outcome: 'paused', reason: 'vhsys_auth_failed' });
    expect(bed.simulator.state.authFailures).toBe(authFailuresBefore);
    const [ledger] = await bed.sql<{ status: string }>(`SELECT status FROM sale_ledger WHERE sale_key = $1`, [saleKey(sale.accountId, sale.guruTransactionId)]);
    expect(ledger!.status).toBe('parked');
    expect(checkVhsysState(await bed.admin.getState(account.accessToken), [sale]).pedidos).toBe(0);
  });

  it('answers nothing for a sale the dispatcher never received, and carries on with the partition', async () => {
    const account = await bed.addAccount();
    const known = await reconciledSale(account, 801);
    const unknown = { accountId: account.accountId, guruTransactionId: uniqueId('never') };
    const afterIt = request(known);
    // Same partition: the request after the unknown sale's is handled.
    await bed.requestReprocess([request(unknown), afterIt], { partition: 0 });
    const next = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txn'), catalog: CATALOG, seed: 802, productIndexes: [0] });
    await bed.produce([next]);
    await eventually(() => resultsOf(known, (r) => r.reprocessRequestId === afterIt.requestId).length === 1, 30_000, 'the following request answered');
    await eventually(() => resultsOf(next, (r) => r.outcome === 'created').length === 1, 30_000, 'the following sale created');
    expect(resultsOf(unknown)).toEqual([]);
    expect(bed.deadLetters().filter((m) => m.key === saleKey(unknown.accountId, unknown.guruTransactionId))).toEqual([]);
    const [row] = await bed.sql<{ n: string }>(`SELECT count(*) AS n FROM sale_ledger WHERE sale_key = $1`, [saleKey(unknown.accountId, unknown.guruTransactionId)]);
    expect(row!.n).toBe('0');
  });

  it('dead-letters a malformed request with a reason naming the field, and a request keyed for another sale', async () => {
    const account = await bed.addAccount();
    const sale = await reconciledSale(account, 901);
    const key = saleKey(sale.accountId, sale.guruTransactionId);
    await bed.requestReprocess([
      { key, value: { ...request(sale), requestId: 'not-a-uuid' } },
      { key: saleKey(sale.accountId, 'someone-else'), value: request(sale) },
    ]);
    const dead = await eventually(() => {
      const found = bed.deadLetters().filter((m) => m.headers[HEADERS.dlqOriginalTopic] === bed.topics.saleReprocess);
      return found.length === 2 && found;
    }, 30_000, 'two dead letters');
    const malformed = dead.find((m) => m.key === key)!;
    expect(malformed.headers[HEADERS.dlqField]).toBe('requestId');
    expect(malformed.headers[HEADERS.dlqReason]).toMatch(/requestId/);
    expect(malformed.headers[HEADERS.dlqConsumerGroup]).toBe(bed.groups.main);
    const misKeyed = dead.find((m) => m.key !== key)!;
    expect(misKeyed.headers[HEADERS.dlqField]).toBe('key');
    expect(resultsOf(sale, (r) => r.reprocessRequestId !== null)).toEqual([]);
  });
});
