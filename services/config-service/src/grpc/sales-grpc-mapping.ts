import type { GrpcListSalesReply, GrpcReprocessSalesReply, GrpcSaleDetail, GrpcSaleSummary, GrpcSalesFilter, GrpcTimelineEntry } from '@gv/contracts';
import type { RawSalesFilter } from '../sales-history/sales-query';
import type { BulkReprocessReply, SaleSummary, TimelineEntry } from '../sales-history/sales-view';

/**
 * Sales history messages <-> the HTTP JSON shapes, so both transports run the same validation:
 * proto "" / 0 / unset stand for null, proto3 `optional` fields are left out when null.
 */

export function salesFilterOf(filter: GrpcSalesFilter | null): RawSalesFilter {
  if (!filter) return {};
  return { outcome: filter.outcomes, from: filter.from, to: filter.to, guruTransactionId: filter.guruTransactionId, buyerDocument: filter.buyerDocument };
}

export function saleSummaryMessage(s: SaleSummary): GrpcSaleSummary {
  return {
    guruTransactionId: s.guruTransactionId,
    guruStatus: s.guruStatus ?? '',
    buyerName: s.buyerName ?? '',
    buyerDocumentMasked: s.buyerDocumentMasked ?? '',
    ...(s.totalCents === null ? {} : { totalCents: s.totalCents }),
    outcome: s.outcome ?? '',
    reason: s.reason ?? '',
    detail: s.detail ?? '',
    ...(s.revision === null ? {} : { revision: s.revision }),
    attempts: s.attempts,
    lastAttemptAt: s.lastAttemptAt ?? '',
    lastError: s.lastError ?? '',
    productCodes: s.productCodes,
    needsManualCancellation: s.needsManualCancellation
      ? { nfeChave: s.needsManualCancellation.nfeChave ?? '', nfseNumero: s.needsManualCancellation.nfseNumero ?? '' }
      : null,
    vhsys: {
      ...(s.vhsys.idPedido === null ? {} : { idPedido: s.vhsys.idPedido }),
      nfe: s.vhsys.nfe ? { chave: s.vhsys.nfe.chave ?? '', danfeUrl: s.vhsys.nfe.danfeUrl ?? '', emitted: s.vhsys.nfe.emitted } : null,
      nfse: s.vhsys.nfse ? { numero: s.vhsys.nfse.numero ?? '', emitted: s.vhsys.nfse.emitted } : null,
    },
    reprocessable: s.reprocessable,
    occurredAt: s.occurredAt ?? '',
    lastEventAt: s.lastEventAt,
    updatedAt: s.updatedAt,
  };
}

function timelineMessage(e: TimelineEntry): GrpcTimelineEntry {
  return { at: e.at, kind: e.kind, title: e.title, detail: e.detail ?? '', outcome: e.outcome ?? '', ...(e.revision === null ? {} : { revision: e.revision }) };
}

export function salesPageMessage(page: { items: SaleSummary[]; nextCursor: string | null }): GrpcListSalesReply {
  return { items: page.items.map(saleSummaryMessage), nextCursor: page.nextCursor ?? '' };
}

export function saleDetailMessage(detail: SaleSummary & { timeline: TimelineEntry[] }): GrpcSaleDetail {
  const { timeline, ...sale } = detail;
  return { sale: saleSummaryMessage(sale), timeline: timeline.map(timelineMessage) };
}

export function bulkReprocessMessage(reply: BulkReprocessReply): GrpcReprocessSalesReply {
  return { ...reply };
}
