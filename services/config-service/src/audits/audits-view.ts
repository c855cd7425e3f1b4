import { z } from 'zod';
import { AUDIT_FINDING_KINDS, AUDIT_FINDING_RESOLUTIONS } from '@gv/contracts';
import type { AuditFindingRow, AuditViewRow } from './audit-view-store';

/** The audits as the HTTP API returns them (OpenAPI, and what the tests check responses against). */
const iso = z.string().describe('ISO 8601 instant (UTC)');

export const StartAuditBodySchema = z.strictObject({
  from: z.string().describe('Start of the period, ISO 8601 with its time zone (e.g. 2026-03-01T00:00:00-03:00)'),
  to: z.string().describe('End of the period (exclusive), ISO 8601 with its time zone; at most 366 days after from'),
});

export const AuditAcceptedSchema = z.strictObject({
  auditId: z.string().uuid(),
  requestedBy: z.string(),
  requestedAt: iso,
});

export const FindingAcceptedSchema = z.strictObject({
  auditId: z.string().uuid(),
  findingId: z.string().uuid(),
  requested: z.enum(['repair', 'accept']),
  requestedBy: z.string(),
  requestedAt: iso,
});

export const AuditSummarySchema = z.strictObject({
  auditId: z.string().uuid(),
  status: z.enum(['requested', 'running', 'done', 'failed']).describe('requested: not yet taken by the dispatcher'),
  from: iso,
  to: iso,
  requestedBy: z.string(),
  requestedAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  error: z.string().nullable(),
  counts: z.strictObject({ salesChecked: z.number().int(), salesSkipped: z.number().int(), pedidosListed: z.number().int(), findings: z.number().int() }),
});
export type AuditSummary = z.infer<typeof AuditSummarySchema>;

export const AuditFindingSchema = z.strictObject({
  findingId: z.string().uuid(),
  kind: z.enum(AUDIT_FINDING_KINDS),
  guruTransactionId: z.string().nullable(),
  idPed: z.number().int().nullable().describe("The Vhsys pedido (the ledger's, or the unknown one found)"),
  expected: z.record(z.string(), z.unknown()).nullable().describe('What the ledger wants (money in centavos)'),
  found: z.record(z.string(), z.unknown()).nullable().describe('What Vhsys holds'),
  resolution: z.enum(AUDIT_FINDING_RESOLUTIONS),
  resolvedBy: z.string().nullable(),
  resolvedAt: iso.nullable(),
  note: z.string().nullable().describe('What a repair did, or where the sale is'),
  repairable: z.boolean().describe('Whether POST .../repair is accepted for this kind'),
  pendingRequest: z.enum(['repair', 'accept']).nullable().describe('A repair/accept sent and not yet answered'),
  refusal: z.string().nullable().describe("The dispatcher's refusal of the last repair/accept, if any"),
});
export type AuditFinding = z.infer<typeof AuditFindingSchema>;

export const AuditDetailSchema = AuditSummarySchema.extend({
  findings: z.array(AuditFindingSchema).describe('At most 1000, by kind'),
  findingsTotal: z.number().int(),
});
export type AuditDetail = z.infer<typeof AuditDetailSchema>;

export const AuditsPageSchema = z.strictObject({ items: z.array(AuditSummarySchema) });

export function auditSummary(r: AuditViewRow): AuditSummary {
  return {
    auditId: r.audit_id, status: r.status, from: r.period_from.toISOString(), to: r.period_to.toISOString(), requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(), startedAt: r.started_at?.toISOString() ?? null, finishedAt: r.finished_at?.toISOString() ?? null,
    error: r.error, counts: { salesChecked: r.sales_checked, salesSkipped: r.sales_skipped, pedidosListed: r.pedidos_listed, findings: r.findings },
  };
}

export function auditFinding(r: AuditFindingRow, repairable: boolean): AuditFinding {
  return {
    findingId: r.finding_id, kind: r.kind as AuditFinding['kind'], guruTransactionId: r.guru_transaction_id, idPed: r.id_ped === null ? null : Number(r.id_ped),
    expected: r.expected, found: r.found, resolution: r.resolution as AuditFinding['resolution'], resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at?.toISOString() ?? null, note: r.note, repairable, pendingRequest: r.requested, refusal: r.refusal,
  };
}
