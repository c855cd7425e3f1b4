import fc from 'fast-check';
import type { SaleOrder } from '@gv/contracts';
import { createLogger } from '@gv/telemetry';
import type { LedgerPatch, StepName, StepRow } from '../../src/ledger/ledger-types';
import { PendingDone, ReconcileReport, Reconciler, StepError } from '../../src/reconcile/reconciler';
import { buildSaleOrder, CatalogProduct } from '../support/sale-order-builder';
import { faultSchedules, FakeVhsys, MemoryJournal, playSchedule, productMixes } from '../support/fake-vhsys';

const logger = createLogger('test', 'silent');
const CATALOG: CatalogProduct[] = [
  { vhsysProductId: 501, guruProductCode: 'ebook', description: 'E-book', kind: 'produto', unitValueCents: 4990 },
  { vhsysProductId: 502, guruProductCode: 'curso', description: 'Curso online', kind: 'servico', unitValueCents: 19700 },
  { vhsysProductId: 503, guruProductCode: 'kit', description: 'Kit impresso', kind: 'produto', unitValueCents: 8990 },
];

function sale(id: string, seed: number, productIndexes: number[] = [0, 1]): SaleOrder {
  return buildSaleOrder({ accountId: 'acc1', guruTransactionId: id, catalog: CATALOG, seed, productIndexes });
}

/** MemoryJournal with the one-write "done of one step + started of the next" (atomic, like the SQL statement). */
class CombinedJournal extends MemoryJournal {
  combined = 0;

  async finishAndStartStep(key: string, done: PendingDone | null, next: StepName, revision: number, patch: LedgerPatch = {}): Promise<StepRow> {
    this.combined += 1;
    const crash = this.crashAfter;
    this.crashAfter = () => false;
    let row: StepRow;
    try {
      if (done) await this.finishStep(key, done.step, done.revision, done.result, { ...done.patch, ...patch }, done.changed);
      else await this.patch(key, patch);
      row = await this.startStep(key, next, revision);
    } finally {
      this.crashAfter = crash;
    }
    if (this.crashAfter('start', next)) throw new Error(`crash after starting ${next}`);
    return row;
  }
}

/** The journaled step each Vhsys write belongs to. */
const WRITE_STEP: Record<string, StepName> = {
  createCliente: 'customer', createPedido: 'order', updatePedido: 'order_header', addPedidoProdutos: 'order_items',
  replacePedidoParcelas: 'installments', appendPedidoStatus: 'status', createNotaFiscal: 'nfe_create',
  addNotaFiscalProdutos: 'nfe_items', emitirNotaFiscal: 'nfe_emit', createNotaServico: 'nfse_create', emitirNotaServico: 'nfse_emit',
};

/**
 * Reconciles until it completes. `lostCompletion`: the process stops after `reconcile` returned and
 * before the completion was written (the report, and with deferFinalWrite the last step's done, are lost).
 */
/** One order with all its items, at most one NF-e and one NFS-e (emitted), one customer. */
function expectExactlyOneOfEach(v: FakeVhsys, desired: SaleOrder): void {
  expect(v.pedidosWithMarker(desired.order.marker)).toHaveLength(1);
  const pedido = v.pedidosWithMarker(desired.order.marker)[0]!;
  expect(pedido.items).toHaveLength(desired.order.items.length);
  expect(v.notasOf(pedido.idPed)).toHaveLength(desired.invoices.some((i) => i.kind === 'nfe') ? 1 : 0);
  expect(v.servicosOf(pedido.idPed)).toHaveLength(desired.invoices.some((i) => i.kind === 'nfse') ? 1 : 0);
  for (const nota of v.notasOf(pedido.idPed)) expect(nota.emitted).toBe(true);
  for (const servico of v.servicosOf(pedido.idPed)) expect(servico.emitted).toBe(true);
  expect(v.clientes.size).toBe(1);
}

async function reconcileUntilDone(
  journal: MemoryJournal,
  vhsys: FakeVhsys,
  reconciler: Reconciler,
  desired: SaleOrder,
  lostCompletion: () => boolean = () => false,
): Promise<ReconcileReport> {
  for (let run = 1; run <= 400; run += 1) {
    const ledger = journal.ledgerFor(desired);
    try {
      const report = await reconciler.reconcile({ ledger, port: vhsys.port() });
      if (lostCompletion()) continue;
      journal.complete(ledger.saleKey, report.revision, report.patch, report.finalStep ?? null);
      return report;
    } catch (error) {
      if (error instanceof StepError && error.failure && (error.failure.kind === 'transient' || error.failure.outcomeUnknown)) continue;
      if (error instanceof Error && error.message.startsWith('crash after')) continue;
      throw error;
    }
  }
  throw new Error('did not converge');
}

describe('Reconciler journal writes', () => {
  it.each([
    ['separate writes', () => new MemoryJournal()],
    ['combined done+started writes', () => new CombinedJournal()],
  ])('with %s: every Vhsys write runs with its step started (the customer: nothing to journal) and every earlier step done', async (_name, make) => {
    const journal = make();
    const vhsys = new FakeVhsys();
    const desired = sale('tx-journal', 11, [0, 1, 2]);
    const key = `${desired.accountId}:${desired.guruTransactionId}`;
    const seen: StepName[] = [];
    vhsys.fault = (method, write) => {
      const step = WRITE_STEP[method];
      if (write && step) {
        const steps = journal.stepRows.get(key) ?? new Map<StepName, StepRow>();
        // The customer step is searched by CPF/CNPJ before every create, so it is not journaled
        // `started` (StepSpec.journaled: false); every other write is.
        if (step === 'customer') expect(steps.get(step)).toBeUndefined();
        else expect(steps.get(step)?.state).toBe('started');
        for (const earlier of seen) if (earlier !== step) expect(steps.get(earlier)?.state).toBe('done');
        if (!seen.includes(step)) seen.push(step);
      }
      return null;
    };
    const report = await reconcileUntilDone(journal, vhsys, new Reconciler(journal, { markerLookbackMs: 60_000 }, logger), desired);
    expect(report.outcome).toBe('created');
    expect(seen.length).toBeGreaterThanOrEqual(6);
    // At the end every step is done: the last one's done was written before reconcile returned.
    for (const row of journal.stepRows.get(key)!.values()) expect(row.state).toBe('done');
    // Ledger fields read from Vhsys outside steps were written too.
    const stored = journal.rows.get(key)!;
    for (const field of ['idCliente', 'idPed', 'idPedido', 'appliedInstallmentsHash', 'nfeIdVenda', 'nfeChave', 'nfeProtocolo', 'nfseIdServico', 'nfseNumero'] as const) {
      expect(stored[field]).toEqual(report.ledger[field]);
    }
    expect(stored.idPedido).not.toBeNull();
    if (journal instanceof CombinedJournal) expect(journal.combined).toBeGreaterThanOrEqual(4);
  });

  it('with deferFinalWrite: the last step\'s done and the fields read after it come back in the report, for the completion', async () => {
    const journal = new CombinedJournal();
    const vhsys = new FakeVhsys();
    const desired = sale('tx-deferred', 12, [0, 1, 2]);
    const key = `${desired.accountId}:${desired.guruTransactionId}`;
    const reconciler = new Reconciler(journal, { markerLookbackMs: 60_000, deferFinalWrite: true }, logger);
    const ledger = journal.ledgerFor(desired);
    const report = await reconciler.reconcile({ ledger, port: vhsys.port() });
    expect(report.outcome).toBe('created');
    // Products 0 and 2 are NF-e items, 1 a service: the NFS-e is emitted last.
    expect(report.finalStep?.step).toBe('nfse_emit');
    expect(journal.stepRows.get(key)!.get('nfse_emit')?.state).toBe('started');
    expect(report.patch.nfseEmitted).toBe(true);
    expect(report.patch.nfseNumero).toBe(report.ledger.nfseNumero);
    expect(journal.rows.get(key)!.nfseNumero).toBeNull();
    journal.complete(key, report.revision, report.patch, report.finalStep ?? null);
    for (const row of journal.stepRows.get(key)!.values()) expect(row.state).toBe('done');
    const stored = journal.rows.get(key)!;
    for (const field of ['idCliente', 'idPed', 'idPedido', 'nfeIdVenda', 'nfeChave', 'nfseIdServico', 'nfseNumero', 'lastChangeRevision'] as const) {
      expect(stored[field]).toEqual(report.ledger[field]);
    }
  });

  it('converges to exactly one of each with deferFinalWrite when completions are lost, under faults and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        faultSchedules(60),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        productMixes,
        async (seed, schedule, lost, productIndexes) => {
          const j = new CombinedJournal();
          const v = new FakeVhsys();
          const r = new Reconciler(j, { markerLookbackMs: 60_000, deferFinalWrite: true }, logger);
          playSchedule(j, v, schedule);
          let c = 0;
          const desired = sale(`tx-${seed}`, seed, [...productIndexes]);
          await reconcileUntilDone(j, v, r, desired, () => lost[c++] ?? false);
          expectExactlyOneOfEach(v, desired);
          for (const row of j.stepRows.get(`${desired.accountId}:${desired.guruTransactionId}`)!.values()) expect(row.state).toBe('done');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reports the step journal as it stands once the completion is stored, under faults, lost answers and crashes', async () => {
    const view = (rows: Iterable<StepRow>) =>
      [...rows].map((r) => ({ step: r.step, state: r.state, revision: r.revision, runs: r.runs })).sort((a, b) => a.step.localeCompare(b.step));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        faultSchedules(60),
        fc.boolean(),
        productMixes,
        async (seed, schedule, deferFinalWrite, productIndexes) => {
          const j = new CombinedJournal();
          const v = new FakeVhsys();
          const r = new Reconciler(j, { markerLookbackMs: 60_000, deferFinalWrite }, logger);
          playSchedule(j, v, schedule);
          const desired = sale(`tx-${seed}`, seed, [...productIndexes]);
          const report = await reconcileUntilDone(j, v, r, desired);
          const stored = j.stepRows.get(`${desired.accountId}:${desired.guruTransactionId}`)!;
          expect(view(report.steps)).toEqual(view(stored.values()));
          // Every step ran at least once; a step re-run after a failure or a crash counts each run.
          for (const row of stored.values()) expect(row.runs).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('converges to exactly one of each with combined writes under faults, lost answers and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        faultSchedules(80),
        productMixes,
        async (seed, schedule, productIndexes) => {
          const j = new CombinedJournal();
          const v = new FakeVhsys();
          const r = new Reconciler(j, { markerLookbackMs: 60_000 }, logger);
          playSchedule(j, v, schedule);
          const desired = sale(`tx-${seed}`, seed, [...productIndexes]);
          await reconcileUntilDone(j, v, r, desired);
          expectExactlyOneOfEach(v, desired);
        },
      ),
      { numRuns: 150 },
    );
  });
});
