import { AUDIT_FINDING_KINDS, AuditFindingKind } from '@gv/contracts';
import type { LedgerRow } from '../ledger/ledger-types';
import { desiredItemKeys, invoiceOf, isReversal, orderItemKeys, statusMatches, statusTarget } from '../reconcile/desired-state';
import type { AuditItem, AuditNotaFiscal, AuditPedido } from './audit-port';

/** The kinds are part of the audit-results contract (AUDIT_FINDING_KINDS). */
export const FINDING_KINDS = AUDIT_FINDING_KINDS;
export type FindingKind = AuditFindingKind;

/** A difference between the ledger's desired state and Vhsys. Money in centavos; never a token. */
export interface FindingDraft {
  kind: FindingKind;
  /** The pedido the finding is about (the ledger's, or the unknown one found in Vhsys). */
  idPed: number | null;
  expected: Record<string, unknown> | null;
  found: Record<string, unknown> | null;
}

/** What the audit read from Vhsys for one ledger sale (null parts were not read, or not found). */
export interface ObservedSale {
  /** The ledger's pedido by id; null when Vhsys does not know it. */
  pedido: AuditPedido | null;
  /** Its items (read only for a live pedido). */
  items: AuditItem[] | null;
  /** The ledger's NF-e by id (when the ledger has one); null when Vhsys does not know it. */
  nfe: AuditNotaFiscal | null;
  /** Live NF-e whose id_pedido_ref is the ledger's pedido (from the account's listing). */
  notasOfPedido: AuditNotaFiscal[];
}

/**
 * Compares one reconciled sale with what Vhsys holds, using the reconciler's own notions (the
 * desired order total, its item keys, statusMatches, invoiceOf/isReversal). A pedido that is gone
 * or in the lixeira makes every other comparison meaningless: it is the only finding then.
 */
export function compareSale(ledger: LedgerRow, seen: ObservedSale): FindingDraft[] {
  const sale = ledger.desired;
  const idPed = ledger.idPed;
  if (idPed === null) return [];
  if (seen.pedido === null) {
    return [{ kind: 'pedido_missing', idPed, expected: { idPed }, found: null }];
  }
  if (seen.pedido.inLixeira) {
    return [{ kind: 'pedido_in_lixeira', idPed, expected: { idPed, lixeira: false }, found: { idPed, lixeira: true } }];
  }
  const findings: FindingDraft[] = [];
  if (seen.pedido.totalCents !== sale.order.totalCents) {
    findings.push({ kind: 'total_differs', idPed, expected: { totalCents: sale.order.totalCents }, found: { totalCents: seen.pedido.totalCents } });
  }
  if (seen.items !== null) {
    const want = desiredItemKeys(sale);
    const have = orderItemKeys(seen.items);
    if (want.length !== have.length || want.some((k, i) => k !== have[i])) {
      findings.push({ kind: 'items_differ', idPed, expected: { items: want }, found: { items: have } });
    }
  }
  const target = statusTarget(sale);
  if (!statusMatches(target, seen.pedido)) {
    findings.push({
      kind: 'status_differs', idPed,
      expected: { status: target.status, situacao: target.situacao },
      found: { status: seen.pedido.status, situacao: seen.pedido.situacao },
    });
  }
  const wantsNfe = invoiceOf(sale, 'nfe') !== null && !isReversal(sale);
  if (wantsNfe) {
    if (ledger.nfeIdVenda === null || seen.nfe === null || seen.nfe.inLixeira) {
      findings.push({
        kind: 'invoice_missing', idPed,
        expected: { invoice: 'nfe', idVenda: ledger.nfeIdVenda, emitted: true },
        found: seen.nfe === null ? null : { idVenda: seen.nfe.idVenda, lixeira: seen.nfe.inLixeira },
      });
    } else if (!seen.nfe.emitted) {
      findings.push({ kind: 'invoice_not_emitted', idPed, expected: { invoice: 'nfe', idVenda: ledger.nfeIdVenda, emitted: true }, found: { idVenda: seen.nfe.idVenda, emitted: false } });
    }
  }
  for (const nota of seen.notasOfPedido) {
    if (nota.emitted && nota.idVenda !== ledger.nfeIdVenda) {
      findings.push({ kind: 'invoice_unknown_to_ledger', idPed, expected: { invoice: 'nfe', idVenda: ledger.nfeIdVenda }, found: { idVenda: nota.idVenda, emitted: true } });
    }
  }
  return findings;
}

/** The Guru marker prefix the mapping writes into referencia_pedido (`guru:<transaction id>`). */
export const GURU_MARKER_PREFIX = 'guru:';

/**
 * A live pedido carrying a Guru marker that the ledger does not know: no ledger sale has the
 * marker, or the one that has it points at another pedido (a duplicate). `ledgerIdPed`: the
 * ledger's pedido for the marker (undefined when no sale has it).
 */
export function unknownMarkedPedido(pedido: AuditPedido, ledgerIdPed: number | null | undefined): FindingDraft | null {
  if (!pedido.referencia.startsWith(GURU_MARKER_PREFIX)) return null;
  if (ledgerIdPed === pedido.idPed) return null;
  return {
    kind: 'unknown_marked_pedido',
    idPed: pedido.idPed,
    expected: ledgerIdPed === undefined ? null : { idPed: ledgerIdPed },
    found: { idPed: pedido.idPed, marker: pedido.referencia, totalCents: pedido.totalCents },
  };
}
