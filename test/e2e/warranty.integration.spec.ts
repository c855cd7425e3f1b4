import { DispatchResult, GuruTransactionEvent, SaleOrder, saleKey } from '@gv/contracts';
import { generateSale, generateStatusChange } from '@gv/guru-sale-generator';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { eventually, KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

/**
 * Invoice policy `after_warranty` end to end: the real broker, PostgreSQL, the three services as
 * processes and the Vhsys simulator. The guarantee (`dates.warranty_until`) ends a few seconds
 * after the sale is sent, and mapping-service looks for due sales every 500 ms
 * (INVOICE_DUE_POLL_MS), so no new Guru event is needed for the invoice.
 */
describe('invoices after the guarantee period, end to end', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  let stack: RunningStack;
  let simulator: SimulatorAdmin;
  const accountId = uniqueId('wty_acct');
  const tokens = { accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };
  /** The guarantee ends this long after the sale is sent: time for the order to exist first. */
  const WARRANTY_AHEAD_MS = 15000;

  beforeAll(async () => {
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: uniqueId('wty'),
      env: { 'mapping-service': { INVOICE_DUE_POLL_MS: '500' } },
    });
    simulator = new SimulatorAdmin(stack.simulatorAdminUrl);
    await probe.listen([stack.topics.dispatchResults, stack.topics.saleOrders]);
    await setUpAccount(
      stack,
      { accountId, ...tokens, issueWhen: 'after_warranty' },
    );
  }, 300000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
  });

  /** An approved sale of one service (NFS-e) whose guarantee ends `aheadMs` from now. */
  function approvedSale(seed: number, aheadMs: number): GuruTransactionEvent {
    const sale = generateSale({
      seed, id: uniqueId('sale'), accountId, status: 'approved', method: 'pix', productCode: '1587151083', orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical',
    });
    (sale.transaction.dates as Record<string, string>).warranty_until = new Date(Date.now() + aheadMs).toISOString();
    return sale;
  }

  function later(sale: GuruTransactionEvent, status: string, minutes: number): GuruTransactionEvent {
    const updatedAt = Date.parse(String((sale.transaction.dates as Record<string, string>).updated_at));
    return generateStatusChange(sale, status, new Date(updatedAt + minutes * 60_000));
  }

  async function send(event: GuruTransactionEvent): Promise<void> {
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(accountId, String(event.transaction.id)), value: event }]);
  }

  const idOf = (sale: GuruTransactionEvent) => String(sale.transaction.id);
  const resultsOf = (sale: GuruTransactionEvent) =>
    probe.received(stack.topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === idOf(sale)).map((m) => m.value as DispatchResult);
  const ordersOf = (sale: GuruTransactionEvent) =>
    probe.received(stack.topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === idOf(sale)).map((m) => m.value as SaleOrder);

  async function waitForResult(sale: GuruTransactionEvent, what: string, predicate: (r: DispatchResult) => boolean, timeoutMs = 90000): Promise<DispatchResult> {
    return eventually(() => resultsOf(sale).find(predicate), timeoutMs, `${what} for ${idOf(sale)}`).catch((error) => {
      for (const [name, p] of Object.entries(stack.processes)) console.log(`----- ${name}\n${p.log.slice(-3000)}`);
      console.log('results', JSON.stringify(resultsOf(sale)), 'orders', JSON.stringify(ordersOf(sale).map((o) => [o.revision, o.guruStatus, o.invoices.length])));
      throw error;
    });
  }

  /** What Vhsys holds for the sale: its orders and notas (each carries the sale's marker in its obs). */
  async function vhsysOf(sale: GuruTransactionEvent) {
    const state = await simulator.getState(tokens.accessToken);
    const ofSale = (row: unknown) => JSON.stringify(row).includes(idOf(sale));
    return { pedidos: state.pedidos.filter(ofSale), notas: [...state.notasServico.filter(ofSale), ...state.notasFiscais.filter(ofSale)] };
  }

  /** Several scheduler polls and dispatcher rounds after the last expected change. */
  const settle = () => new Promise((r) => setTimeout(r, 5000));

  /**
   * The three sales whose guarantee ends WARRANTY_AHEAD_MS after they are sent run side by side
   * (each test awaits its own flow, started once the account is set up), so the suite waits for
   * one guarantee instead of three. A flow records what its test asserts; `started` keeps a
   * rejection from going unhandled before its test awaits it.
   */
  const flows: Record<'invoicedAfter' | 'refundedBefore' | 'refundedAfterInvoice', Promise<Record<string, unknown>>> = {} as never;
  const started = <T,>(flow: Promise<T>): Promise<T> => {
    flow.catch(() => undefined);
    return flow;
  };

  beforeAll(() => {
    flows.invoicedAfter = started((async () => {
      const sale = approvedSale(3101, WARRANTY_AHEAD_MS);
      const warrantyUntil = Date.parse(String((sale.transaction.dates as Record<string, string>).warranty_until));
      await send(sale);
      const created = await waitForResult(sale, 'the order', (r) => r.outcome === 'created');
      const createdAt = Date.now();
      const before = await vhsysOf(sale);
      const invoiced = await waitForResult(sale, 'the invoice', (r) => r.vhsys?.nfse?.emitted === true, WARRANTY_AHEAD_MS + 90000);
      const invoicedAt = Date.now();
      await settle();
      return { sale, warrantyUntil, created, createdAt, before, invoiced, invoicedAt, after: await vhsysOf(sale) };
    })());
    flows.refundedBefore = started((async () => {
      const sale = approvedSale(3102, WARRANTY_AHEAD_MS);
      const warrantyUntil = Date.parse(String((sale.transaction.dates as Record<string, string>).warranty_until));
      await send(sale);
      await waitForResult(sale, 'the order', (r) => r.outcome === 'created');
      await send(later(sale, 'refunded', 30));
      const refundResult = await waitForResult(sale, 'the refund', (r) => r.revision === ordersOf(sale).find((o) => o.guruStatus === 'refunded')?.revision);
      const refundedAt = Date.now();
      // Past the end of the guarantee, and a few scheduler polls more.
      await new Promise((r) => setTimeout(r, Math.max(0, warrantyUntil - Date.now())));
      await settle();
      return { sale, warrantyUntil, refundResult, refundedAt, state: await vhsysOf(sale) };
    })());
    flows.refundedAfterInvoice = started((async () => {
      const sale = approvedSale(3103, WARRANTY_AHEAD_MS);
      await send(sale);
      await waitForResult(sale, 'the invoice', (r) => r.vhsys?.nfse?.emitted === true, WARRANTY_AHEAD_MS + 120000);
      await send(later(sale, 'refunded', 30));
      const refund = await waitForResult(sale, 'the refund', (r) => r.outcome === 'needs_manual_cancellation');
      return { refund, state: await vhsysOf(sale) };
    })());
  });

  it('approved before warranty_until: the order at once without an invoice, the invoice exactly once after warranty_until', async () => {
    const { sale, warrantyUntil, created, createdAt, before, invoiced, invoicedAt, after } = (await flows.invoicedAfter) as {
      sale: GuruTransactionEvent; warrantyUntil: number; created: DispatchResult; createdAt: number; before: Awaited<ReturnType<typeof vhsysOf>>;
      invoiced: DispatchResult; invoicedAt: number; after: Awaited<ReturnType<typeof vhsysOf>>;
    };
    expect(createdAt).toBeLessThan(warrantyUntil); // otherwise the test proves nothing: slow machine
    expect(created.vhsys?.idPed).toEqual(expect.any(Number));
    expect(created.vhsys?.nfse ?? null).toBeNull();
    expect(before.pedidos).toHaveLength(1);
    expect(before.notas).toHaveLength(0);
    expect(invoicedAt).toBeGreaterThanOrEqual(warrantyUntil);
    expect(invoiced.outcome).toBe('updated');
    expect(invoiced.revision).toBe(created.revision + 1);
    expect(after.pedidos).toHaveLength(1);
    expect(after.notas).toHaveLength(1);
    // The re-mapped SaleOrder was published once, with its invoice.
    expect(ordersOf(sale).map((o) => [o.revision, o.invoices.map((i) => i.kind)])).toEqual([[created.revision, []], [created.revision + 1, ['nfse']]]);
  }, 240000);

  it('refunded before warranty_until: never an invoice, the order follows the status map', async () => {
    const { sale, warrantyUntil, refundResult, refundedAt, state } = (await flows.refundedBefore) as {
      sale: GuruTransactionEvent; warrantyUntil: number; refundResult: DispatchResult; refundedAt: number; state: Awaited<ReturnType<typeof vhsysOf>>;
    };
    expect(refundedAt).toBeLessThan(warrantyUntil); // otherwise the test proves nothing: slow machine
    expect(refundResult.outcome).toBe('updated');
    expect(state.pedidos).toHaveLength(1);
    expect(state.pedidos[0]!.status_pedido).toBe('Cancelado');
    expect(state.notas).toHaveLength(0);
    expect(resultsOf(sale).some((r) => r.vhsys?.nfse)).toBe(false);
    expect(ordersOf(sale).map((o) => [o.guruStatus, o.invoices.length])).toEqual([['approved', 0], ['refunded', 0]]);
  }, 240000);

  it('refunded after the invoice was emitted: needs_manual_cancellation, as with on_approval', async () => {
    const { refund, state } = (await flows.refundedAfterInvoice) as { refund: DispatchResult; state: Awaited<ReturnType<typeof vhsysOf>> };
    expect(refund.reason).toBe('refunded_after_invoice');
    expect(refund.detail).toContain('NFS-e');
    expect(state.notas).toHaveLength(1);
  }, 240000);

  it('completed (guarantee over) issues the invoice at once', async () => {
    // The guarantee would end in an hour: only `completed` can release the invoice within the test.
    const sale = approvedSale(3104, 3600_000);
    await send(sale);
    const created = await waitForResult(sale, 'the order', (r) => r.outcome === 'created');
    expect(created.vhsys?.nfse ?? null).toBeNull();
    await send(later(sale, 'completed', 10));
    const invoiced = await waitForResult(sale, 'the invoice', (r) => r.vhsys?.nfse?.emitted === true);
    expect(invoiced.outcome).toBe('updated');
    await settle();
    const state = await vhsysOf(sale);
    expect(state.pedidos).toHaveLength(1);
    expect(state.notas).toHaveLength(1);
    expect(ordersOf(sale).map((o) => [o.guruStatus, o.invoices.map((i) => i.kind)])).toEqual([['approved', []], ['completed', ['nfse']]]);
  }, 240000);
});
