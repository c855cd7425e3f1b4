import { AUDIT_FINDING_KINDS, AuditFindingKind } from '@gv/contracts';
import { containsMarker, isOneToken, markerTokens } from '@gv/vhsys-client';
import type { LedgerRow } from '../ledger/ledger-types';
import { desiredItemKeys, invoiceOf, isReversal, orderItemKeys, statusMatches, statusTarget } from '../reconcile/desired-state';
import type { AuditItem, AuditNotaFiscal, AuditNotaServico, AuditPedido } from './audit-port';

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
  /** The ledger's NFS-e by id (when the ledger has one and the sale wants it); null when Vhsys does not know it. */
  nfse: AuditNotaServico | null;
  /** Live emitted NFS-e of the sale (NotasServicoIndex.emittedOfSale: its pedido or its marker). */
  notasServicoOfSale: AuditNotaServico[];
}

/** Whether the sale wants this invoice in Vhsys (none is issued for a refund or cancellation): the reconciler's rule. */
export function wantsInvoice(ledger: LedgerRow, kind: 'nfe' | 'nfse'): boolean {
  return invoiceOf(ledger.desired, kind) !== null && !isReversal(ledger.desired);
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
  if (wantsInvoice(ledger, 'nfe')) {
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
  // The NFS-e, as the NF-e: the ledger's one must be live and emitted; `expected.invoice` says
  // which invoice a finding is about (the repair reads it).
  if (wantsInvoice(ledger, 'nfse')) {
    if (ledger.nfseIdServico === null || seen.nfse === null || seen.nfse.inLixeira) {
      findings.push({
        kind: 'invoice_missing', idPed,
        expected: { invoice: 'nfse', idServico: ledger.nfseIdServico, emitted: true },
        found: seen.nfse === null ? null : { idServico: seen.nfse.idServico, lixeira: seen.nfse.inLixeira },
      });
    } else if (!seen.nfse.emitted) {
      findings.push({
        kind: 'invoice_not_emitted', idPed,
        expected: { invoice: 'nfse', idServico: ledger.nfseIdServico, emitted: true }, found: { idServico: seen.nfse.idServico, emitted: false },
      });
    }
  }
  for (const nota of seen.notasServicoOfSale) {
    if (nota.emitted && nota.idServico !== ledger.nfseIdServico) {
      findings.push({ kind: 'invoice_unknown_to_ledger', idPed, expected: { invoice: 'nfse', idServico: ledger.nfseIdServico }, found: { idServico: nota.idServico, emitted: true } });
    }
  }
  return findings;
}

/**
 * The live emitted NFS-e an audit listed, found per sale as the reconciler's marker search finds a
 * sale's NFS-e (findNotaServicoByMarker): `id_pedido_ref` is the sale's pedido, or `obs_pedido`
 * carries its marker as a whole token. `id_pedido_ref` is not a documented NFS-e field, so the
 * marker the dispatcher writes into `obs_pedido` is what links an NFS-e to its sale for sure.
 * Indexed by pedido and by token, so each sale is a lookup, not a scan of the listing; a marker
 * that is not one token (never written by mapping-service, whose markers are `guru:<id>` or
 * `guru:sha256:<hex>`) falls back to a scan.
 */
export class NotasServicoIndex {
  private readonly byPedido = new Map<number, AuditNotaServico[]>();
  private readonly byToken = new Map<string, AuditNotaServico[]>();
  private readonly emitted: AuditNotaServico[] = [];

  /** Keeps a listed nota if it is live and emitted (the only ones a finding can be about). */
  add(nota: AuditNotaServico): void {
    if (!nota.emitted || nota.inLixeira) return;
    this.emitted.push(nota);
    if (nota.idPedidoRef !== null) push(this.byPedido, nota.idPedidoRef, nota);
    for (const token of new Set(markerTokens(nota.obs))) push(this.byToken, token, nota);
  }

  /** The kept notas of the sale (by id_servico, each once). */
  emittedOfSale(idPed: number, marker: string): AuditNotaServico[] {
    const byMarker = isOneToken(marker) ? this.byToken.get(marker) ?? [] : this.emitted.filter((n) => containsMarker(n.obs, marker));
    const found = new Map<number, AuditNotaServico>();
    for (const nota of [...(this.byPedido.get(idPed) ?? []), ...byMarker]) found.set(nota.idServico, nota);
    return [...found.values()].sort((a, b) => a.idServico - b.idServico);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
