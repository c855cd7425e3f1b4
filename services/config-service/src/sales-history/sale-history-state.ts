import type { DispatchOutcome, DispatchResult, SaleOrder, VhsysRefs } from '@gv/contracts';
import { maskDocument } from '@gv/brazil';

/**
 * One sale of the sales history as config-service keeps it: what the screen shows, nothing more.
 * Two independent halves, each order-safe on its own revision:
 * - the sale order's (Guru status, buyer, total), from `vhsys.sale-orders.v1`;
 * - the latest result's (outcome, Vhsys ids, attempts), from `vhsys.dispatch-results.v1`.
 * A message with a lower revision than the one applied never overwrites it; for the same revision
 * the later read wins (docs/kafka.md "Result order").
 */
export interface SaleHistoryState {
  accountId: string;
  guruTransactionId: string;
  /** Revision of the sale order applied (null: the dispatcher never got one, e.g. mapping-only). */
  orderRevision: number | null;
  guruStatus: string | null;
  statusGroup: string | null;
  buyerName: string | null;
  buyerDocumentMasked: string | null;
  /** Keyed hash of the normalised document (the filter), never shown. */
  buyerDocumentHash: Buffer | null;
  totalCents: number | null;
  /** Guru's time of the sale order's event. */
  occurredAt: Date | null;
  resultRevision: number | null;
  resultStage: 'mapping' | 'dispatch' | null;
  outcome: DispatchOutcome | null;
  reason: string | null;
  detail: string | null;
  productCodes: string[];
  vhsys: VhsysRefs | null;
  attempts: number;
  lastAttemptAt: Date | null;
  lastError: string | null;
  resultAt: Date | null;
  /** The reprocess request the current result answers, if any. */
  answeredRequestId: string | null;
  /** Newest event time of the sale (ordering and period filter), millisecond precision. */
  lastEventAt: Date;
}

export function emptySale(accountId: string, guruTransactionId: string, at: Date): SaleHistoryState {
  return {
    accountId, guruTransactionId, orderRevision: null, guruStatus: null, statusGroup: null, buyerName: null, buyerDocumentMasked: null,
    buyerDocumentHash: null, totalCents: null, occurredAt: null, resultRevision: null, resultStage: null, outcome: null, reason: null,
    detail: null, productCodes: [], vhsys: null, attempts: 0, lastAttemptAt: null, lastError: null, resultAt: null, answeredRequestId: null,
    lastEventAt: at,
  };
}

const later = (a: Date, b: Date) => (b.getTime() > a.getTime() ? b : a);

/** Whether a message of `revision` may replace what `applied` came from (same revision: the later read wins). */
export function supersedes(applied: number | null, revision: number): boolean {
  return applied === null || revision >= applied;
}

/**
 * The sale with a sale order applied (unchanged when the order is older than the one applied).
 * `documentHash` is the keyed hash of `order.customer.document`; the document itself is masked.
 */
export function applySaleOrder(current: SaleHistoryState, order: SaleOrder, documentHash: Buffer): SaleHistoryState {
  if (!supersedes(current.orderRevision, order.revision)) return current;
  const occurredAt = new Date(order.occurredAt);
  return {
    ...current,
    orderRevision: order.revision,
    guruStatus: order.guruStatus,
    statusGroup: order.statusGroup,
    buyerName: order.customer.name,
    buyerDocumentMasked: maskDocument(order.customer.document),
    buyerDocumentHash: documentHash,
    totalCents: order.order.totalCents,
    occurredAt,
    lastEventAt: later(current.lastEventAt, occurredAt),
  };
}

const FAILING_OUTCOMES: ReadonlySet<DispatchOutcome> = new Set(['failed', 'paused']);

/**
 * The sale with a result applied (unchanged when the result is older than the one applied).
 * Vhsys ids known from an earlier result are kept when a newer one carries none (an order that
 * exists in Vhsys does not stop existing). Attempts and the last attempt come from the dispatcher
 * only: a mapping-stage result keeps them.
 */
export function applyResult(current: SaleHistoryState, result: DispatchResult): SaleHistoryState {
  if (!supersedes(current.resultRevision, result.revision)) return current;
  const at = new Date(result.occurredAt);
  const next: SaleHistoryState = {
    ...current,
    resultRevision: result.revision,
    resultStage: result.stage,
    outcome: result.outcome,
    reason: result.reason,
    detail: result.detail,
    productCodes: result.productCodes,
    vhsys: result.vhsys ?? current.vhsys,
    resultAt: at,
    answeredRequestId: result.reprocessRequestId,
    lastEventAt: later(current.lastEventAt, at),
  };
  if (result.stage === 'dispatch') {
    next.attempts = result.attempts;
    next.lastAttemptAt = lastAttemptAt(result);
    next.lastError = lastError(result);
  }
  return next;
}

/** When the dispatcher last worked on the sale: its latest step, else the result itself. */
function lastAttemptAt(result: DispatchResult): Date | null {
  if (result.attempts === 0 && result.steps.length === 0) return null;
  const times = result.steps.map((s) => new Date(s.at).getTime());
  return new Date(Math.max(new Date(result.occurredAt).getTime(), ...times));
}

/** The error of a failing outcome, else of the latest failed step still failed; null when all went well. */
function lastError(result: DispatchResult): string | null {
  if (FAILING_OUTCOMES.has(result.outcome)) return result.detail ?? result.reason;
  const failed = result.steps.filter((s) => s.state === 'failed').sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  return failed?.error ?? null;
}

/** What to cancel by hand: the NF-e chave and/or NFS-e number (null unless the outcome asks for it). */
export function manualCancellation(state: Pick<SaleHistoryState, 'outcome' | 'vhsys'>): { nfeChave: string | null; nfseNumero: string | null } | null {
  if (state.outcome !== 'needs_manual_cancellation') return null;
  return { nfeChave: state.vhsys?.nfe?.notaChave ?? null, nfseNumero: state.vhsys?.nfse?.numeroNfs ?? null };
}
