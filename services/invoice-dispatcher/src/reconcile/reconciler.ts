import type { SaleOrder } from '@gv/contracts';
import type { Logger } from '@gv/telemetry';
import { inSpan } from '@gv/telemetry';
import type { MarkerSearchPosition, MarkerSearchResult } from '@gv/vhsys-client';
import type { LedgerPatch, LedgerRow, MarkerSearchProgress, StepName, StepRow } from '../ledger/ledger-types';
import { asVhsysFailure, LineItemRow, VhsysFailure, VhsysPort } from '../vhsys/vhsys-port';
import {
  clienteDraft, headerHash, installmentsHash, invoiceOf, isReversal, itemsHash, itemsDraft, nfeDraft, nfseDraft,
  desiredItemKeys, orderItemKeys, parcelasDraft, pedidoDraft, statusDraft, statusMatches, statusTarget,
} from './desired-state';

/** The part of the ledger the reconciler writes (LedgerStore; an in-memory one in unit tests). */
export interface StepJournal {
  steps(key: string): Promise<Map<StepName, StepRow>>;
  startStep(key: string, step: StepName, revision: number): Promise<StepRow>;
  finishStep(key: string, step: StepName, revision: number, result: Record<string, unknown>, patch: LedgerPatch, changed: boolean): Promise<void>;
  /**
   * Marks the step failed, only if it is still the run `run` (its `runs` count) when given: a
   * holder whose lease passed on must not overwrite a later holder's run of the step.
   */
  failStep(key: string, step: StepName, error: string, run: number | null): Promise<void>;
  patch(key: string, patch: LedgerPatch): Promise<void>;
  /**
   * Saves how far the marker search resolving run `run` of a `started` step got (no effect once
   * the step is in another state or run: a later holder's search is not overwritten).
   */
  saveMarkerSearch(key: string, step: StepName, run: number, search: MarkerSearchProgress): Promise<void>;
  /**
   * Optional: `finishStep` of `done` (when not null) with `patch`, and `startStep` of `next`, as one
   * atomic write (one round trip). Without it the reconciler makes the separate calls in that order.
   */
  finishAndStartStep?(key: string, done: PendingDone | null, next: StepName, revision: number, patch?: LedgerPatch): Promise<StepRow>;
}

/** A step's `done` not yet written: written with the next step's `started`, or before anything else. */
export interface PendingDone {
  step: StepName;
  revision: number;
  result: Record<string, unknown>;
  patch: LedgerPatch;
  changed: boolean;
}

/** A Vhsys call (or its resolution) failed during `step`. */
export class StepError extends Error {
  readonly failure: VhsysFailure | null;

  constructor(readonly step: StepName, override readonly cause: unknown) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StepError';
    this.failure = asVhsysFailure(cause);
  }
}

/** The sale cannot proceed right now for a local reason (e.g. its customer is being created by another sale). */
export class ReconcileDeferral extends Error {
  constructor(readonly reason: string, readonly delayMs: number) {
    super(reason);
    this.name = 'ReconcileDeferral';
  }
}

/** The deferral reason of a marker search that used up its attempt's pages (it resumes next attempt). */
export const MARKER_SEARCH_UNFINISHED = 'marker_search_unfinished';

/** One attempt's share of a marker search (metrics). */
export interface MarkerSearchReport {
  step: StepName;
  /** `failed`: a Vhsys error stopped it (what it read is kept for the retry). */
  outcome: MarkerSearchResult<unknown>['outcome'] | 'failed';
  /** Pages read by this attempt. */
  pages: number;
}

/** Vhsys holds something the dispatcher did not expect and will not overwrite blindly. */
export class ReconcileConflict extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'ReconcileConflict';
  }
}

export type ReconcileOutcome = 'created' | 'updated' | 'unchanged' | 'needs_manual_cancellation';

export interface ReconcileReport {
  revision: number;
  outcome: ReconcileOutcome;
  reason: string | null;
  detail: string | null;
  /** Ledger fields to store together with the completion. */
  patch: LedgerPatch;
  /** The ledger as it will be after the completion. */
  ledger: LedgerRow;
  /** With `deferFinalWrite`: the last step's `done`, to store together with the completion. */
  finalStep?: PendingDone | null;
  /**
   * The sale's step journal as the ledger holds it once the completion is stored (the rows read at
   * the start, updated by this run): what the result's step timeline is built from, without
   * reading the journal again.
   */
  steps: StepRow[];
}

export interface ReconcileContext {
  /** The ledger row, read under the sale's lock. */
  ledger: LedgerRow;
  port: VhsysPort;
  /** Takes the cross-sale lock of one customer document; false when another sale holds it. */
  lockCustomer?: (document: string) => Promise<boolean>;
}

export interface ReconcilerOptions {
  /** How far before a step's start the marker lookup searches (clock skew, Vhsys timestamps). */
  markerLookbackMs: number;
  /**
   * Pages (of 250 rows) one attempt's marker search may read (default 10). A search that needs
   * more saves its position on the step's row and defers the sale; the next attempt resumes it.
   */
  markerSearchPagesPerAttempt?: number;
  /** How soon a deferred marker search goes on (default 1000 ms). */
  markerSearchResumeDelayMs?: number;
  /** Told of each attempt's share of a marker search. */
  onMarkerSearch?: (report: MarkerSearchReport) => void;
  /** Told of each interrupted step resolved by looking in Vhsys (what the lost call did was found). */
  onResolved?: (step: StepName) => void;
  now?: () => Date;
  /**
   * Leave the last step's `done` (and ledger fields read after it) to the caller, in the report's
   * `finalStep` and `patch`, to be written with the completion in one statement (the dispatcher's
   * completeReconcile). If the caller never writes it, the step stays `started` and is resolved
   * from Vhsys next time, as after a crash. Default: written before `reconcile` returns.
   */
  deferFinalWrite?: boolean;
}

interface RunState {
  key: string;
  sale: SaleOrder;
  revision: number;
  l: LedgerRow;
  steps: Map<StepName, StepRow>;
  port: VhsysPort;
  warnings: string[];
  /**
   * The last step's `done`, held only while nothing else happens: it is written together with the
   * next step's `started`, or on its own before any other Vhsys call or ledger write and at the end.
   */
  pendingDone: PendingDone | null;
  /** Ledger fields read from Vhsys (no step of their own), held and written the same way. */
  pendingPatch: LedgerPatch | null;
}

interface StepSpec<T> {
  /** Called when the step was left `started` (outcome unknown): finds what the lost call did, or null. */
  resolve?: (previous: StepRow) => Promise<T | null>;
  run: () => Promise<T>;
  patch: (value: T) => LedgerPatch;
  /** What the step row keeps (Vhsys ids). */
  record: (value: T) => Record<string, unknown>;
  /** Whether Vhsys was written (default true). */
  changed?: (value: T, resolved: boolean) => boolean;
  /**
   * false: no durable `started` before the call (one write less), for a step that has nothing to
   * resolve because it always looks in Vhsys before it writes (the customer, by CPF/CNPJ).
   */
  journaled?: false;
}

/**
 * Brings one sale's Vhsys records to its desired state, step by step. Each write is journaled
 * `started` before the call and `done` (with the Vhsys ids) after it; a step found `started` was
 * interrupted with an unknown outcome and is first resolved by looking in Vhsys (the order by its
 * marker, an invoice through its order), so nothing is created twice. Steps already `done` and
 * parts already matching the desired state are skipped, which makes a rerun after any failure,
 * crash or duplicate delivery safe.
 */
export class Reconciler {
  private readonly now: () => Date;

  constructor(private readonly store: StepJournal, private readonly options: ReconcilerOptions, private readonly logger: Logger) {
    this.now = options.now ?? (() => new Date());
  }

  async reconcile(ctx: ReconcileContext): Promise<ReconcileReport> {
    const sale = ctx.ledger.desired;
    const s: RunState = {
      key: ctx.ledger.saleKey,
      sale,
      revision: sale.revision,
      l: { ...ctx.ledger },
      steps: await this.journalOf(ctx.ledger),
      port: ctx.port,
      warnings: [],
      pendingDone: null,
      pendingPatch: null,
    };

    try {
      await this.customer(s, ctx);
      await this.order(s);
      await this.items(s);
      await this.installments(s);
      await this.status(s);
      if (isReversal(sale)) {
        if (sale.invoices.length > 0) s.warnings.push('invoices_not_issued_for_reversal');
      } else {
        await this.nfe(s);
        await this.nfse(s);
      }
      if (!this.options.deferFinalWrite) await this.flush(s);
    } catch (error) {
      // A step's done may be pending across a Vhsys read (the order number, an invoice's key):
      // it is written before the failure is handled.
      if (s.pendingDone || s.pendingPatch) {
        await this.flush(s).catch((flushError) =>
          this.logger.warn({ saleKey: s.key, err: { message: (flushError as Error).message } }, 'journaling a finished step failed'));
      }
      throw error;
    }
    const report = this.conclude(s);
    if (!this.options.deferFinalWrite) return report;
    const done = s.pendingDone;
    const patch: LedgerPatch = {
      ...(done ? { ...done.patch, ...(done.changed ? { lastChangeRevision: done.revision } : {}) } : {}),
      ...s.pendingPatch,
      ...report.patch,
    };
    s.pendingDone = null;
    s.pendingPatch = null;
    return { ...report, patch, finalStep: done };
  }

  /**
   * The sale's step journal. Skipped (one read less per new sale) while the ledger has no customer
   * and no Vhsys change: the customer step always runs first and its id reaches the ledger together
   * with the next step's `started`, so at most `customer` can have been started, and it has
   * nothing to resolve (it always searches by CPF/CNPJ before creating).
   */
  private async journalOf(ledger: LedgerRow): Promise<Map<StepName, StepRow>> {
    if (ledger.idCliente === null && ledger.idPed === null && ledger.lastChangeRevision === null) return new Map();
    return this.store.steps(ledger.saleKey);
  }

  // ---- steps ------------------------------------------------------------------------------

  private async customer(s: RunState, ctx: ReconcileContext): Promise<void> {
    if (s.l.idCliente !== null) return;
    const document = s.sale.customer.document;
    await this.step(s, 'customer', {
      // Always searched by CPF/CNPJ first, so an interrupted create is found like any existing
      // customer: no `started` to journal before it.
      journaled: false,
      run: async () => {
        if (ctx.lockCustomer && !(await ctx.lockCustomer(document))) throw new ReconcileDeferral('customer_busy', 250);
        const found = await s.port.findClienteByDocumento(document);
        if (found) return { idCliente: found.idCliente, created: false };
        const created = await s.port.createCliente(clienteDraft(s.sale));
        return { idCliente: created.idCliente, created: true };
      },
      patch: (v) => ({ idCliente: v.idCliente }),
      record: (v) => ({ idCliente: v.idCliente, created: v.created }),
      changed: (v) => v.created,
    });
  }

  private async order(s: RunState): Promise<void> {
    const { sale } = s;
    if (s.l.idPed === null) {
      await this.step(s, 'order', {
        resolve: (previous) => this.searchByMarker(s, 'order', previous, (since, from) => s.port.findPedidoByMarker(sale.order.marker, since, from)),
        run: () => s.port.createPedido(pedidoDraft(sale, s.l.idCliente!)),
        patch: (p) => ({
          idPed: p.idPed,
          idPedido: p.idPedido,
          appliedStatus: p.status,
          appliedSituacao: null,
          appliedHeaderHash: p.status === sale.order.status ? headerHash(sale) : null,
          orderCreatedRevision: s.revision,
        }),
        record: (p) => ({ idPed: p.idPed, idPedido: p.idPedido }),
      });
      if (s.l.idPedido === null) await this.refreshIdPedido(s);
      return;
    }
    if (s.l.appliedHeaderHash === headerHash(sale)) return;
    // PUT needs status_pedido: send the one applied, so status changes stay in the status history.
    const currentStatus = s.l.appliedStatus ?? sale.order.status;
    await this.step(s, 'order_header', {
      run: async () => {
        await s.port.updatePedido(s.l.idPed!, pedidoDraft(sale, s.l.idCliente!, currentStatus));
        return true;
      },
      patch: () => ({ appliedHeaderHash: headerHash(sale) }),
      record: () => ({ headerHash: headerHash(sale) }),
    });
  }

  private async items(s: RunState): Promise<void> {
    const desired = itemsHash(s.sale);
    if (s.l.appliedItemsHash !== null) {
      if (s.l.appliedItemsHash !== desired) s.warnings.push('items_changed_after_creation_not_applied');
      return;
    }
    const idPed = s.l.idPed!;
    await this.step(s, 'order_items', {
      resolve: async () => {
        const rows = await this.listOrderItems(s.port, idPed);
        if (rows.length === 0) return null;
        if (sameItems(rows, s.sale)) return rows.length;
        throw new ReconcileConflict('order_items_mismatch', `order ${idPed} holds ${rows.length} item(s) that differ from the sale's`);
      },
      run: async () => {
        await s.port.addPedidoProdutos(idPed, itemsDraft(s.sale));
        return s.sale.order.items.length;
      },
      patch: () => ({ appliedItemsHash: desired }),
      record: (count) => ({ items: count }),
    });
  }

  private async installments(s: RunState): Promise<void> {
    const desired = installmentsHash(s.sale);
    if (s.l.appliedInstallmentsHash === desired) return;
    if (s.sale.order.installments.length === 0) {
      // Nothing to send (Enviar parcelas off); an earlier set cannot be cleared through the API.
      if (s.l.appliedInstallmentsHash !== null) s.warnings.push('installments_removed_not_applied');
      this.patchLedger(s, { appliedInstallmentsHash: desired });
      return;
    }
    const idPed = s.l.idPed!;
    // POST …/parcelas replaces the whole set: rerunning it is harmless, no resolution needed.
    await this.step(s, 'installments', {
      run: async () => {
        await s.port.replacePedidoParcelas(idPed, parcelasDraft(s.sale));
        return s.sale.order.installments.length;
      },
      patch: () => ({ appliedInstallmentsHash: desired }),
      record: (count) => ({ installments: count }),
    });
  }

  private async status(s: RunState): Promise<void> {
    const target = statusTarget(s.sale);
    if (s.l.appliedStatus === target.status && (s.l.appliedSituacao ?? null) === target.situacao) return;
    const idPed = s.l.idPed!;
    await this.step(s, 'status', {
      resolve: async () => {
        const p = await s.port.getPedido(idPed);
        return statusMatches(target, p) ? target : null;
      },
      run: async () => {
        await s.port.appendPedidoStatus(idPed, statusDraft(s.sale, this.now()));
        return target;
      },
      patch: (t) => ({ appliedStatus: t.status, appliedSituacao: t.situacao }),
      record: (t) => ({ status: t.status, situacao: t.situacao }),
    });
  }

  private async nfe(s: RunState): Promise<void> {
    const invoice = invoiceOf(s.sale, 'nfe');
    if (!invoice) return;
    const idPed = s.l.idPed!;
    if (s.l.nfeIdVenda === null) {
      await this.step(s, 'nfe_create', {
        resolve: (previous) =>
          this.searchByMarker(s, 'nfe_create', previous, (since, from) => s.port.findNotaFiscalByPedido(idPed, s.sale.order.marker, since, from)),
        run: () => s.port.createNotaFiscal(nfeDraft(s.sale, invoice, s.l.idCliente!, idPed)),
        patch: (n) => ({
          nfeIdVenda: n.idVenda,
          nfeEmitted: n.emitted,
          nfeChave: n.notaChave,
          nfeProtocolo: n.protocolo,
          nfeDanfeUrl: n.danfeUrl,
        }),
        record: (n) => ({ idVenda: n.idVenda, emitted: n.emitted }),
      });
    }
    const idVenda = s.l.nfeIdVenda!;
    if (!s.l.nfeEmitted && s.steps.get('nfe_items')?.state !== 'done') {
      await this.step(s, 'nfe_items', {
        resolve: async () => {
          const n = await s.port.getNotaFiscal(idVenda);
          return (n.itemsTotalCents ?? 0) > 0 || n.emitted ? invoice.itemIndexes.length : null;
        },
        run: async () => {
          await s.port.addNotaFiscalProdutos(idVenda, itemsDraft(s.sale, invoice.itemIndexes));
          return invoice.itemIndexes.length;
        },
        patch: () => ({}),
        record: (count) => ({ items: count }),
      });
    }
    if (!s.l.nfeEmitted) {
      await this.step(s, 'nfe_emit', {
        resolve: async () => {
          const n = await s.port.getNotaFiscal(idVenda);
          return n.emitted ? { danfeUrl: n.danfeUrl } : null;
        },
        run: () => s.port.emitirNotaFiscal(idVenda),
        patch: (e) => ({ nfeEmitted: true, nfeDanfeUrl: e.danfeUrl }),
        record: (e) => ({ danfeUrl: e.danfeUrl }),
      });
    }
    if (s.l.nfeEmitted && (!s.l.nfeChave || !s.l.nfeDanfeUrl)) {
      // Read-only: the key and protocol are only on the NF-e itself. (nfe_emit's done may still be
      // pending: written with the next journal write; if this read fails, before the failure.)
      const n = await this.read('nfe_emit', () => s.port.getNotaFiscal(idVenda));
      this.patchLedger(s, { nfeChave: n.notaChave, nfeProtocolo: n.protocolo, nfeDanfeUrl: s.l.nfeDanfeUrl ?? n.danfeUrl });
    }
  }

  private async nfse(s: RunState): Promise<void> {
    const invoice = invoiceOf(s.sale, 'nfse');
    if (!invoice) return;
    const idPed = s.l.idPed!;
    if (s.l.nfseIdServico === null) {
      await this.step(s, 'nfse_create', {
        resolve: (previous) =>
          this.searchByMarker(s, 'nfse_create', previous, (since, from) => s.port.findNotaServicoByMarker(s.sale.order.marker, idPed, since, from)),
        run: () => s.port.createNotaServico(nfseDraft(s.sale, invoice, s.l.idCliente!, idPed)),
        patch: (n) => ({ nfseIdServico: n.idServico, nfseEmitted: n.emitted, nfseNumero: n.numeroNfs }),
        record: (n) => ({ idServico: n.idServico, emitted: n.emitted }),
      });
    }
    const idServico = s.l.nfseIdServico!;
    if (!s.l.nfseEmitted) {
      await this.step(s, 'nfse_emit', {
        resolve: async () => {
          const n = await s.port.getNotaServico(idServico);
          return n.emitted ? { numeroNfs: n.numeroNfs } : null;
        },
        run: () => s.port.emitirNotaServico(idServico),
        patch: (e) => ({ nfseEmitted: true, nfseNumero: e.numeroNfs }),
        record: (e) => ({ numeroNfs: e.numeroNfs }),
      });
    }
    if (s.l.nfseEmitted && !s.l.nfseNumero) {
      const n = await this.read('nfse_emit', () => s.port.getNotaServico(idServico));
      this.patchLedger(s, { nfseNumero: n.numeroNfs });
    }
  }

  // ---- outcome ----------------------------------------------------------------------------

  private conclude(s: RunState): ReconcileReport {
    const { sale, revision, l } = s;
    const patch: LedgerPatch = {};
    let outcome: ReconcileOutcome;
    let reason: string | null = null;
    const invoiceIds = [
      l.nfeIdVenda !== null ? `NF-e id_venda ${l.nfeIdVenda}${l.nfeChave ? ` chave ${l.nfeChave}` : ''}` : null,
      l.nfseIdServico !== null ? `NFS-e id_servico ${l.nfseIdServico}${l.nfseNumero ? ` número ${l.nfseNumero}` : ''}` : null,
    ].filter(Boolean).join('; ');
    const emitted = l.nfeEmitted || l.nfseEmitted;
    const detailParts: string[] = [];

    if (isReversal(sale) && emitted && sale.invoicePolicy.onRefundAfterInvoice === 'manual_cancellation'
      && (l.manualCancellationRevision === null || l.manualCancellationRevision === revision)) {
      outcome = 'needs_manual_cancellation';
      reason = sale.statusGroup === 'refunded' ? 'refunded_after_invoice' : 'canceled_after_invoice';
      detailParts.push(`Vhsys has no cancellation endpoint: cancel in Vhsys by hand: ${invoiceIds}`);
      patch.manualCancellationRevision = revision;
    } else {
      // Back to a non-reversal status: a later refund must ask for the cancellation again.
      if (!isReversal(sale) && l.manualCancellationRevision !== null) patch.manualCancellationRevision = null;
      if (l.orderCreatedRevision === revision) outcome = 'created';
      else if (l.lastChangeRevision === revision) outcome = 'updated';
      else outcome = 'unchanged';
      if (isReversal(sale) && emitted && sale.invoicePolicy.onRefundAfterInvoice === 'keep_invoice') {
        reason = 'invoice_kept';
        detailParts.push(`invoice kept by the account's policy: ${invoiceIds}`);
      }
    }
    if (!emitted && (l.nfeIdVenda !== null || l.nfseIdServico !== null) && isReversal(sale)) {
      detailParts.push(`draft invoice left unemitted: ${invoiceIds}`);
    }
    if (s.warnings.length > 0) detailParts.push(`warnings: ${s.warnings.join(', ')}`);
    if (s.warnings.length > 0) this.logger.warn({ saleKey: s.key, revision, warnings: s.warnings }, 'reconciled with warnings');
    return {
      revision,
      outcome,
      reason,
      detail: detailParts.length > 0 ? detailParts.join('. ') : null,
      patch,
      ledger: { ...l, ...patch },
      steps: [...s.steps.values()],
    };
  }

  // ---- mechanics --------------------------------------------------------------------------

  private async step<T>(s: RunState, name: StepName, spec: StepSpec<T>): Promise<T> {
    return inSpan(`dispatcher.step ${name}`, { 'dispatcher.step': name, 'guru.sale_revision': s.revision }, async (span) => {
      const previous = s.steps.get(name);
      if (previous?.state === 'started' && spec.resolve) {
        await this.flush(s); // a Vhsys read comes next
        const found = await this.read(name, () => spec.resolve!(previous));
        if (found !== null) {
          span.setAttribute('dispatcher.step.resolved', true);
          this.options.onResolved?.(name);
          this.logger.info({ saleKey: s.key, step: name }, 'unknown outcome resolved from Vhsys');
          await this.finish(s, name, spec, found, true);
          return found;
        }
      }
      const started = spec.journaled === false ? this.startInMemory(s, name) : await this.start(s, name);
      s.steps.set(name, started);
      // The journaled run this is (a lease lost mid-step leaves a LeaseLostError, not a failed step).
      const thisRun = spec.journaled === false ? null : started.runs;
      let value: T;
      try {
        value = await spec.run();
      } catch (error) {
        if (error instanceof ReconcileDeferral || error instanceof ReconcileConflict) {
          // Nothing was written.
          await this.store.failStep(s.key, name, error.message, thisRun);
          s.steps.set(name, { ...started, state: 'failed' });
          throw error;
        }
        const failure = asVhsysFailure(error);
        if (failure && !failure.outcomeUnknown) {
          // A definite answer: the write was not applied, no resolution needed next time.
          await this.store.failStep(s.key, name, failure.message, thisRun);
          s.steps.set(name, { ...started, state: 'failed' });
        }
        throw new StepError(name, error);
      }
      await this.finish(s, name, spec, value, false);
      return value;
    });
  }

  /**
   * Records the step as done. The write is held (`pendingDone`) until the next journal write: the
   * next step's `started` (one statement for both), another ledger write, a Vhsys call that is
   * not a journaled step's, or the end of the reconciliation, whichever comes first; nothing runs
   * in between, so the journal is in the DB exactly as with a write here.
   */
  private async finish<T>(s: RunState, name: StepName, spec: StepSpec<T>, value: T, resolved: boolean): Promise<void> {
    const patch = spec.patch(value);
    const changed = spec.changed ? spec.changed(value, resolved) : true;
    await this.flush(s);
    s.pendingDone = { step: name, revision: s.revision, result: { ...spec.record(value), resolved }, patch, changed };
    Object.assign(s.l, patch);
    if (changed) s.l.lastChangeRevision = s.revision;
    // The run was counted when the step started (the journal's `started`, or in memory for a step
    // without one, whose done row is then inserted with one run), and a resolution is no new run.
    const current = s.steps.get(name);
    s.steps.set(name, {
      step: name, state: 'done', revision: s.revision, runs: current?.runs ?? 1,
      startedAt: current?.startedAt ?? null, finishedAt: this.now(), result: spec.record(value), error: null, markerSearch: null,
    });
  }

  /** A step run without a durable `started` (see StepSpec.journaled): its row as the journal would hold it. */
  private startInMemory(s: RunState, name: StepName): StepRow {
    const previous = s.steps.get(name);
    return {
      step: name, state: 'started', revision: s.revision, runs: (previous?.runs ?? 0) + 1,
      startedAt: this.now(), finishedAt: null, result: previous?.result ?? null, error: null, markerSearch: null,
    };
  }

  /** Journals `name` as started (durably, before its call), with the pending done of the previous step when there is one. */
  private async start(s: RunState, name: StepName): Promise<StepRow> {
    const done = s.pendingDone;
    const patch = s.pendingPatch;
    if ((done || patch) && done?.step !== name && this.store.finishAndStartStep) {
      s.pendingDone = null;
      s.pendingPatch = null;
      return this.store.finishAndStartStep(s.key, done, name, s.revision, patch ?? {});
    }
    await this.flush(s);
    return this.store.startStep(s.key, name, s.revision);
  }

  /**
   * Writes what is pending, if anything (cleared first: a failed write leaves the step `started`,
   * as a crash would).
   */
  private async flush(s: RunState): Promise<void> {
    const done = s.pendingDone;
    const patch = s.pendingPatch;
    s.pendingDone = null;
    s.pendingPatch = null;
    if (done) await this.store.finishStep(s.key, done.step, done.revision, done.result, { ...done.patch, ...patch }, done.changed);
    else if (patch) await this.store.patch(s.key, patch);
  }

  /** Ledger fields outside a step: written with the next journal write (see `pendingDone`). */
  private patchLedger(s: RunState, patch: LedgerPatch): void {
    s.pendingPatch = { ...s.pendingPatch, ...patch };
    Object.assign(s.l, patch);
  }

  /** A read (or resolution) of Vhsys: failures are reported with the step they served. */
  private async read<T>(step: StepName, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ReconcileConflict || error instanceof ReconcileDeferral) throw error;
      throw new StepError(step, error);
    }
  }

  /** The create answer has no sequential number yet (id_pedido ''): read it once, best effort. */
  private async refreshIdPedido(s: RunState): Promise<void> {
    // The order's done stays pending across this read (written with the items' `started`): were
    // the process to stop here, the order step is resolved by its marker, as after any crash.
    try {
      const p = await s.port.getPedido(s.l.idPed!);
      if (p.idPedido !== null) this.patchLedger(s, { idPedido: p.idPedido });
    } catch (error) {
      this.logger.debug({ saleKey: s.key, err: { message: (error as Error).message } }, 'could not read the order number');
    }
  }

  private async listOrderItems(port: VhsysPort, idPed: number): Promise<LineItemRow[]> {
    try {
      return await port.listPedidoProdutos(idPed);
    } catch (error) {
      if (asVhsysFailure(error)?.kind === 'not_found') return [];
      throw error;
    }
  }

  /**
   * Finds what an interrupted create wrote, by its marker, reading at most
   * `markerSearchPagesPerAttempt` pages (one port call each). The window starts at the step's
   * start less the lookback and stays there however long the sale waits, so the search may have
   * many rows to read: when this attempt's pages run out, its position is saved on the step's row
   * and the sale is deferred (retry topic, not counted as a failed attempt); the next attempt
   * resumes there. There is no row limit: a long window only takes more attempts. A Vhsys error
   * mid-search also keeps what was read.
   */
  private async searchByMarker<T>(
    s: RunState,
    step: StepName,
    previous: StepRow,
    readPage: (since: Date, from: MarkerSearchPosition | null) => Promise<MarkerSearchResult<T>>,
  ): Promise<T | null> {
    const since = this.since(previous);
    const saved = previous.markerSearch;
    let position = saved?.position ?? null;
    let pages = 0;
    const progress = (): MarkerSearchProgress => ({ position: position!, pagesRead: (saved?.pagesRead ?? 0) + pages, attempts: (saved?.attempts ?? 0) + 1 });
    const budget = this.options.markerSearchPagesPerAttempt ?? 10;
    try {
      while (pages < budget) {
        const result = await readPage(since, position);
        pages += result.pagesRead;
        if (result.outcome !== 'unfinished') {
          this.reportMarkerSearch(s, step, result.outcome, pages, saved);
          return result.outcome === 'found' ? result.row : null;
        }
        position = result.resumeFrom;
      }
    } catch (error) {
      this.reportMarkerSearch(s, step, 'failed', pages, saved);
      if (position !== null && pages > 0) {
        await this.store.saveMarkerSearch(s.key, step, previous.runs, progress()).catch((saveError) =>
          this.logger.warn({ saleKey: s.key, step, err: { message: (saveError as Error).message } }, 'saving the marker search position failed'));
      }
      throw error;
    }
    await this.store.saveMarkerSearch(s.key, step, previous.runs, progress());
    this.reportMarkerSearch(s, step, 'unfinished', pages, saved);
    throw new ReconcileDeferral(MARKER_SEARCH_UNFINISHED, this.options.markerSearchResumeDelayMs ?? 1000);
  }

  private reportMarkerSearch(s: RunState, step: StepName, outcome: MarkerSearchReport['outcome'], pages: number, saved: MarkerSearchProgress | null): void {
    this.options.onMarkerSearch?.({ step, outcome, pages });
    this.logger.info({
      saleKey: s.key, step, outcome, pages, pagesTotal: (saved?.pagesRead ?? 0) + pages, attempt: (saved?.attempts ?? 0) + 1,
    }, 'marker search');
  }

  private since(previous: StepRow): Date {
    const started = previous.startedAt?.getTime() ?? this.now().getTime();
    return new Date(started - this.options.markerLookbackMs);
  }
}

function sameItems(rows: LineItemRow[], sale: SaleOrder): boolean {
  const have = orderItemKeys(rows);
  const want = desiredItemKeys(sale);
  return have.length === want.length && have.every((v, i) => v === want[i]);
}
