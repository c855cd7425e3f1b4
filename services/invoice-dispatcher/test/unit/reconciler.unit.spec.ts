import fc from 'fast-check';
import type { SaleOrder } from '@gv/contracts';
import { createLogger } from '@gv/telemetry';
import {
  MARKER_SEARCH_UNFINISHED, MarkerSearchReport, ReconcileConflict, ReconcileDeferral, Reconciler, ReconcileReport, StepError,
} from '../../src/reconcile/reconciler';
import { buildSaleOrder, CatalogProduct, withStatus } from '../support/sale-order-builder';
import { faultSchedules, FakeVhsys, MemoryJournal, playSchedule, productMixes } from '../support/fake-vhsys';

const logger = createLogger('test', 'silent');
const CATALOG: CatalogProduct[] = [
  { vhsysProductId: 501, guruProductCode: 'ebook', description: 'E-book', kind: 'produto', unitValueCents: 4990 },
  { vhsysProductId: 502, guruProductCode: 'curso', description: 'Curso online', kind: 'servico', unitValueCents: 19700 },
  { vhsysProductId: 503, guruProductCode: 'kit', description: 'Kit impresso', kind: 'produto', unitValueCents: 8990 },
];

function sale(id: string, seed: number, extra: Partial<Parameters<typeof buildSaleOrder>[0]> = {}): SaleOrder {
  return buildSaleOrder({ accountId: 'acc1', guruTransactionId: id, catalog: CATALOG, seed, productIndexes: [0, 1], ...extra });
}

/** Reconciles until it succeeds, as the dispatcher's retries would; returns the final report. */
async function reconcileUntilDone(journal: MemoryJournal, vhsys: FakeVhsys, reconciler: Reconciler, desired: SaleOrder, maxRuns = 400): Promise<{ report: ReconcileReport; runs: number }> {
  for (let run = 1; run <= maxRuns; run += 1) {
    const ledger = journal.ledgerFor(desired);
    try {
      const report = await reconciler.reconcile({ ledger, port: vhsys.port() });
      journal.complete(ledger.saleKey, report.revision, report.patch);
      return { report, runs: run };
    } catch (error) {
      if (error instanceof StepError && error.failure && (error.failure.kind === 'transient' || error.failure.outcomeUnknown)) continue;
      if (error instanceof ReconcileDeferral) continue;
      if (error instanceof Error && error.message.startsWith('crash after')) continue;
      throw error;
    }
  }
  throw new Error('did not converge');
}

function expectMatches(vhsys: FakeVhsys, desired: SaleOrder): void {
  const pedidos = vhsys.pedidosWithMarker(desired.order.marker);
  expect(pedidos).toHaveLength(1);
  const pedido = pedidos[0]!;
  expect(FakeVhsys.orderTotal(pedido)).toBe(desired.order.totalCents);
  expect(pedido.items).toHaveLength(desired.order.items.length);
  expect(pedido.parcelas.map((p) => p.valueCents)).toEqual(desired.order.installments.map((p) => p.valueCents));
  expect(pedido.status).toBe(desired.order.status);
  const notas = vhsys.notasOf(pedido.idPed);
  const servicos = vhsys.servicosOf(pedido.idPed);
  const nfe = desired.invoices.find((i) => i.kind === 'nfe');
  const nfse = desired.invoices.find((i) => i.kind === 'nfse');
  expect(notas).toHaveLength(nfe ? 1 : 0);
  expect(servicos).toHaveLength(nfse ? 1 : 0);
  if (nfe) {
    expect(notas[0]!.emitted).toBe(true);
    expect(FakeVhsys.notaTotal(notas[0]!)).toBe(nfe.totalCents);
  }
  if (nfse) {
    expect(servicos[0]!.emitted).toBe(true);
    expect(servicos[0]!.totalCents).toBe(nfse.totalCents);
  }
}

describe('Reconciler (in-memory Vhsys)', () => {
  let journal: MemoryJournal;
  let vhsys: FakeVhsys;
  let reconciler: Reconciler;

  beforeEach(() => {
    journal = new MemoryJournal();
    vhsys = new FakeVhsys();
    reconciler = new Reconciler(journal, { markerLookbackMs: 60_000 }, logger);
  });

  it('creates customer, order, items, installments, status, NF-e and NFS-e once, and reports created', async () => {
    const desired = sale('tx-1', 1);
    const { report, runs } = await reconcileUntilDone(journal, vhsys, reconciler, desired);
    expect(runs).toBe(1);
    expect(report.outcome).toBe('created');
    expectMatches(vhsys, desired);
    expect(report.ledger.nfeEmitted && report.ledger.nfseEmitted).toBe(true);
    expect(report.ledger.nfeChave).toMatch(/^\d{44}$/);
    expect(report.ledger.nfseNumero).toMatch(/^NFS/);
    // A rerun of the same revision calls nothing that writes.
    vhsys.calls.length = 0;
    await reconciler.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() });
    expect(vhsys.calls).toEqual([]);
  });

  it('resolves a lost create-order answer by the marker instead of creating a second order', async () => {
    const desired = sale('tx-lost', 2);
    let lostOnce = false;
    vhsys.fault = (method) => (method === 'createPedido' && !lostOnce ? ((lostOnce = true), 'lost') : null);
    await expect(reconciler.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() })).rejects.toBeInstanceOf(StepError);
    expect(vhsys.pedidos.size).toBe(1);
    const { report } = await reconcileUntilDone(journal, vhsys, reconciler, desired);
    expect(vhsys.calls.filter((c) => c === 'createPedido')).toHaveLength(1);
    expect(vhsys.calls).toContain('findPedidoByMarker');
    expect(report.outcome).toBe('created');
    expectMatches(vhsys, desired);
  });

  it('resolves lost item, NF-e and emission answers without duplicating anything', async () => {
    const desired = sale('tx-lost-2', 3);
    const lose = new Set(['addPedidoProdutos', 'createNotaFiscal', 'addNotaFiscalProdutos', 'emitirNotaFiscal', 'createNotaServico', 'emitirNotaServico', 'appendPedidoStatus']);
    vhsys.fault = (method) => (lose.delete(method) ? 'lost' : null);
    await reconcileUntilDone(journal, vhsys, reconciler, desired);
    expectMatches(vhsys, desired);
    for (const method of ['createNotaFiscal', 'addNotaFiscalProdutos', 'emitirNotaFiscal', 'createNotaServico', 'emitirNotaServico', 'addPedidoProdutos']) {
      expect(vhsys.calls.filter((c) => c === method)).toHaveLength(1);
    }
  });

  it('converges to exactly one of each under any mix of transient faults, lost answers and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        faultSchedules(80),
        productMixes,
        async (seed, schedule, productIndexes) => {
          const j = new MemoryJournal();
          const v = new FakeVhsys();
          const r = new Reconciler(j, { markerLookbackMs: 60_000 }, logger);
          playSchedule(j, v, schedule);
          const desired = sale(`tx-${seed}`, seed, { productIndexes: [...productIndexes] });
          await reconcileUntilDone(j, v, r, desired);
          expectMatches(v, desired);
          expect(v.clientes.size).toBe(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('applies a later status and installments, then reports a refund after emission as needs_manual_cancellation', async () => {
    const pending = sale('tx-flow', 4, { statusGroup: 'pending' });
    const first = await reconcileUntilDone(journal, vhsys, reconciler, pending);
    expect(first.report.outcome).toBe('created');
    expect(vhsys.notas.size + vhsys.servicos.size).toBe(0);

    const approved = withStatus(pending, 'approved', 2);
    approved.invoices = sale('tx-flow', 4).invoices;
    const second = await reconcileUntilDone(journal, vhsys, reconciler, approved);
    expect(second.report.outcome).toBe('updated');
    expectMatches(vhsys, approved);

    const refunded = withStatus(approved, 'refunded', 3);
    const third = await reconcileUntilDone(journal, vhsys, reconciler, refunded);
    expect(third.report.outcome).toBe('needs_manual_cancellation');
    expect(third.report.reason).toBe('refunded_after_invoice');
    expect(third.report.detail).toContain('id_venda');
    const pedido = vhsys.pedidosWithMarker('tx-flow')[0]!;
    expect(pedido.status).toBe('Cancelado');
    expect(pedido.statusHistory).toEqual(['Em Aberto', 'Em Andamento', 'Cancelado']);
    expect(vhsys.pedidos.size).toBe(1);
    expect(vhsys.notas.size).toBe(1);
  });

  it('keeps the invoice and reports updated when the account policy says keep_invoice', async () => {
    const approved = sale('tx-keep', 5, { onRefundAfterInvoice: 'keep_invoice' });
    await reconcileUntilDone(journal, vhsys, reconciler, approved);
    const { report } = await reconcileUntilDone(journal, vhsys, reconciler, withStatus(approved, 'refunded', 2));
    expect(report.outcome).toBe('updated');
    expect(report.reason).toBe('invoice_kept');
  });

  it('surfaces an authentication refusal as an auth failure of the step', async () => {
    vhsys.fault = () => 'auth';
    const error = await reconciler.reconcile({ ledger: journal.ledgerFor(sale('tx-auth', 6)), port: vhsys.port() }).catch((e) => e);
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).failure?.kind).toBe('auth');
  });

  describe('marker search of an interrupted create', () => {
    /** A sale whose create-order answer is lost, on an account where 1200 other orders were modified in the window. */
    async function lostCreateAmongOthers(r: Reconciler): Promise<SaleOrder> {
      vhsys.addOtherPedidos(1200);
      const desired = sale('tx-busy-account', 8);
      let lostOnce = false;
      vhsys.fault = (method) => (method === 'createPedido' && !lostOnce ? ((lostOnce = true), 'lost') : null);
      await expect(r.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() })).rejects.toBeInstanceOf(StepError);
      return desired;
    }

    const offsetsRead = () => vhsys.markerPages.map((p) => p.offset);

    it('reads a bounded number of pages per attempt, saves where it stopped, and the next attempt resumes there', async () => {
      const searches: MarkerSearchReport[] = [];
      const resolved: string[] = [];
      const r = new Reconciler(journal, {
        markerLookbackMs: 60_000, markerSearchPagesPerAttempt: 2, markerSearchResumeDelayMs: 40,
        onMarkerSearch: (x) => searches.push(x), onResolved: (step) => resolved.push(step),
      }, logger);
      const desired = await lostCreateAmongOthers(r);
      const key = journal.ledgerFor(desired).saleKey;
      // The lost order is row 1200 of the window (ids ascending): pages start at 0, 249, 498, 747, 996.

      const first = await r.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() }).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(ReconcileDeferral);
      expect(first).toMatchObject({ reason: MARKER_SEARCH_UNFINISHED, delayMs: 40 });
      expect(offsetsRead()).toEqual([0, 249]);
      const idAt498 = [...vhsys.pedidos.keys()].sort((a, b) => a - b)[498];
      expect(journal.stepRows.get(key)!.get('order')).toMatchObject({ state: 'started', markerSearch: { position: { offset: 498, lastKey: idAt498 }, pagesRead: 2, attempts: 1 } });

      const second = await r.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() }).catch((e: unknown) => e);
      expect(second).toMatchObject({ reason: MARKER_SEARCH_UNFINISHED });
      expect(offsetsRead()).toEqual([0, 249, 498, 747]);
      expect(journal.stepRows.get(key)!.get('order')!.markerSearch).toMatchObject({ position: { offset: 996 }, pagesRead: 4, attempts: 2 });

      const { report } = await reconcileUntilDone(journal, vhsys, r, desired);
      expect(offsetsRead()).toEqual([0, 249, 498, 747, 996]);
      expect(report.outcome).toBe('created');
      expect(vhsys.calls.filter((c) => c === 'createPedido')).toHaveLength(1);
      expectMatches(vhsys, desired);
      expect(searches).toEqual([
        { step: 'order', outcome: 'unfinished', pages: 2 },
        { step: 'order', outcome: 'unfinished', pages: 2 },
        { step: 'order', outcome: 'found', pages: 1 },
      ]);
      expect(resolved).toEqual(['order']);
    });

    it('keeps the pages read before a Vhsys error, and the retry resumes after them', async () => {
      const r = new Reconciler(journal, { markerLookbackMs: 60_000, markerSearchPagesPerAttempt: 10 }, logger);
      const desired = await lostCreateAmongOthers(r);
      let reads = 0;
      vhsys.fault = (method) => (method === 'findPedidoByMarker' && (reads += 1) === 3 ? 'transient' : null);
      const error = await r.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StepError);
      expect(offsetsRead()).toEqual([0, 249]);
      expect(journal.stepRows.get(journal.ledgerFor(desired).saleKey)!.get('order')!.markerSearch).toMatchObject({ position: { offset: 498 }, pagesRead: 2, attempts: 1 });
      await reconcileUntilDone(journal, vhsys, r, desired);
      expect(offsetsRead()).toEqual([0, 249, 498, 747, 996]);
      expect(vhsys.calls.filter((c) => c === 'createPedido')).toHaveLength(1);
    });

    it('starts a new search when the step is started again (a new write, a new window)', async () => {
      const r = new Reconciler(journal, { markerLookbackMs: 60_000, markerSearchPagesPerAttempt: 2 }, logger);
      const desired = sale('tx-gone', 9);
      vhsys.addOtherPedidos(600);
      let lost = 0;
      vhsys.fault = (method) => (method === 'createPedido' && (lost += 1) <= 2 ? 'lost' : null);
      await expect(r.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() })).rejects.toBeInstanceOf(StepError);
      // The lost order is gone from the list (e.g. moved to the lixeira): the search reads to the end
      // over two attempts, finds nothing, and the create runs again (and is lost again).
      vhsys.pedidos.delete(Math.max(...vhsys.pedidos.keys()));
      await expect(r.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() })).rejects.toBeInstanceOf(ReconcileDeferral);
      await expect(r.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() })).rejects.toBeInstanceOf(StepError);
      expect(offsetsRead()).toEqual([0, 249, 498]);
      expect(journal.stepRows.get(journal.ledgerFor(desired).saleKey)!.get('order')).toMatchObject({ state: 'started', runs: 2, markerSearch: null });
      await reconcileUntilDone(journal, vhsys, r, desired);
      expect(offsetsRead().slice(3)).toEqual([0, 249, 498]);
      expect(vhsys.pedidosWithMarker(desired.order.marker)).toHaveLength(1);
    });
  });

  it('refuses to guess when an interrupted items step finds different items on the order', async () => {
    const desired = sale('tx-conflict', 7);
    vhsys.fault = (method) => (method === 'addPedidoProdutos' ? 'lost' : null);
    await expect(reconciler.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() })).rejects.toBeInstanceOf(StepError);
    const pedido = [...vhsys.pedidos.values()][0]!;
    pedido.items.push({ idProduto: 999, description: 'x', quantity: 1, unitValueCents: 1, discountCents: 0 });
    vhsys.fault = () => null;
    await expect(reconciler.reconcile({ ledger: journal.ledgerFor(desired), port: vhsys.port() })).rejects.toBeInstanceOf(ReconcileConflict);
  });
});
