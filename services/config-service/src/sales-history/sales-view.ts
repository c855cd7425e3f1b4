import { z } from 'zod';
import { DISPATCH_OUTCOMES } from '@gv/contracts';
import { manualCancellation } from './sale-history-state';
import type { StoredSale, StoredTimelineEntry } from './sale-history-store';
import { REPROCESS_MAX, RawSalesFilter } from './sales-query';
import { TIMELINE_KINDS } from './timeline';

/**
 * The sales history as the HTTP API returns it (OpenAPI, and what the tests check responses
 * against). Personal data: the buyer's name and masked document only.
 */
const iso = z.string().describe('ISO 8601 instant (UTC)');

export const SaleSummarySchema = z.strictObject({
  guruTransactionId: z.string(),
  guruStatus: z.string().nullable().describe('Guru status of the newest sale order (null: none reached the dispatcher)'),
  buyerName: z.string().nullable(),
  buyerDocumentMasked: z.string().nullable().describe('CPF ***.456.789-** / CNPJ **.222.333/0001-**; the clear document is never stored'),
  totalCents: z.number().int().nullable().describe('Order total in centavos'),
  outcome: z.enum(DISPATCH_OUTCOMES).nullable().describe('Outcome of the newest result (null: none yet)'),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  revision: z.number().int().nullable().describe('Revision of the newest sale order (null: mapping-only sale)'),
  attempts: z.number().int(),
  lastAttemptAt: iso.nullable(),
  lastError: z.string().nullable(),
  productCodes: z.array(z.string()).describe('Products that need Faturamento settings (needs_configuration)'),
  needsManualCancellation: z.strictObject({ nfeChave: z.string().nullable(), nfseNumero: z.string().nullable() }).nullable()
    .describe('The invoice(s) to cancel by hand in Vhsys (outcome needs_manual_cancellation), else null'),
  vhsys: z.strictObject({
    idPedido: z.number().int().nullable(),
    nfe: z.strictObject({ chave: z.string().nullable(), danfeUrl: z.string().nullable(), emitted: z.boolean() }).nullable(),
    nfse: z.strictObject({ numero: z.string().nullable(), emitted: z.boolean() }).nullable(),
  }),
  reprocessable: z.boolean().describe('Whether POST .../reprocess is accepted (the dispatcher received a sale order)'),
  occurredAt: iso.nullable().describe("Guru's time of the newest sale order"),
  lastEventAt: iso.describe('Newest event time: the order of the list and what from/to filter on'),
  updatedAt: iso.describe('When the history last changed this sale'),
});
export type SaleSummary = z.infer<typeof SaleSummarySchema>;

export const TimelineEntrySchema = z.strictObject({
  at: iso,
  kind: z.enum(TIMELINE_KINDS),
  title: z.string(),
  detail: z.string().nullable(),
  outcome: z.enum(DISPATCH_OUTCOMES).nullable(),
  revision: z.number().int().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const SalesPageSchema = z.strictObject({
  items: z.array(SaleSummarySchema),
  nextCursor: z.string().nullable().describe('Pass as cursor (with the same filters) for the next page; null on the last page'),
});

export const SaleDetailSchema = SaleSummarySchema.extend({ timeline: z.array(TimelineEntrySchema).describe('Oldest first; at most 200 entries (oldest dropped)') });

export const ReprocessReplySchema = z.strictObject({
  requestId: z.string().uuid(),
  guruTransactionId: z.string(),
  requestedBy: z.string(),
  requestedAt: iso,
});
export type ReprocessReply = z.infer<typeof ReprocessReplySchema>;

export const BulkReprocessReplySchema = z.strictObject({
  requested: z.number().int().describe('Reprocess requests written (one per sale)'),
  skipped: z.number().int().describe('Matching sales refused (never received by the dispatcher)'),
  truncated: z.boolean().describe('More sales matched than max: ask again (newest first) for the rest'),
  requests: z.array(ReprocessReplySchema),
  skippedSales: z.array(z.strictObject({ guruTransactionId: z.string(), reason: z.string() })),
});
export type BulkReprocessReply = z.infer<typeof BulkReprocessReplySchema>;

/** The list's query string (documentation; parseSalesFilter validates). */
export const SalesQuerySchema = z.object({
  outcome: z.string().optional().describe(`One or several of ${DISPATCH_OUTCOMES.join(', ')} (comma-separated or repeated)`),
  from: z.string().optional().describe('Last-event time from (inclusive), ISO 8601 with offset'),
  to: z.string().optional().describe(`Last-event time to (exclusive), ISO 8601 with offset; at most 366 days after from`),
  guruTransactionId: z.string().optional(),
  buyerDocument: z.string().optional().describe('CPF or CNPJ (numeric or alphanumeric), with or without punctuation'),
  limit: z.string().optional().describe('1..100, default 25'),
  cursor: z.string().optional().describe('nextCursor of the previous page'),
});

export const BulkReprocessBodySchema = z.strictObject({
  outcome: z.union([z.string(), z.array(z.string())]).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  guruTransactionId: z.string().optional(),
  buyerDocument: z.string().optional(),
  max: z.number().int().min(1).max(REPROCESS_MAX).optional().describe(`Most sales to request, newest first (default 100, at most ${REPROCESS_MAX})`),
});
export type BulkReprocessBody = RawSalesFilter & { max?: unknown };

const isoOrNull = (d: Date | null) => (d === null ? null : d.toISOString());

export function saleSummary({ state: s, updatedAt }: StoredSale): SaleSummary {
  return {
    guruTransactionId: s.guruTransactionId,
    guruStatus: s.guruStatus,
    buyerName: s.buyerName,
    buyerDocumentMasked: s.buyerDocumentMasked,
    totalCents: s.totalCents,
    outcome: s.outcome,
    reason: s.reason,
    detail: s.detail,
    revision: s.orderRevision,
    attempts: s.attempts,
    lastAttemptAt: isoOrNull(s.lastAttemptAt),
    lastError: s.lastError,
    productCodes: s.productCodes,
    needsManualCancellation: manualCancellation(s),
    vhsys: {
      idPedido: s.vhsys?.idPedido ?? null,
      nfe: s.vhsys?.nfe ? { chave: s.vhsys.nfe.notaChave, danfeUrl: s.vhsys.nfe.danfeUrl, emitted: s.vhsys.nfe.emitted } : null,
      nfse: s.vhsys?.nfse ? { numero: s.vhsys.nfse.numeroNfs, emitted: s.vhsys.nfse.emitted } : null,
    },
    reprocessable: s.orderRevision !== null,
    occurredAt: isoOrNull(s.occurredAt),
    lastEventAt: s.lastEventAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

export function timelineEntry(e: StoredTimelineEntry): TimelineEntry {
  return { at: new Date(e.at).toISOString(), kind: e.kind, title: e.title, detail: e.detail, outcome: e.outcome, revision: e.revision };
}
