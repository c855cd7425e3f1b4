import { z } from 'zod';
import { AccountIdSchema } from '../topics/topics';

/**
 * `vhsys.audit-results.v1` value: the dispatcher's answer to an audit request — the run's status
 * and counts, and findings with their resolution. Bounded: at most AUDIT_RESULT_MAX_FINDINGS
 * findings per message; a run with more is published as several messages (`page` of `pages`),
 * each with the run's status. A repair or accept answer carries only the finding it changed (or
 * the refusal). Readers upsert findings by id and never delete one: every message carries the
 * current state of what it names. Key `<accountId>` (the requests' key: in order per account).
 */
export const AUDIT_RESULT = 'audit-result@1';

/** Findings per message: a finding is a few hundred bytes, so a message stays far under 1 MiB. */
export const AUDIT_RESULT_MAX_FINDINGS = 200;

export const AUDIT_FINDING_KINDS = [
  'pedido_missing',
  'pedido_in_lixeira',
  'total_differs',
  'items_differ',
  'status_differs',
  'invoice_missing',
  'invoice_not_emitted',
  'invoice_unknown_to_ledger',
  'unknown_marked_pedido',
] as const;
export type AuditFindingKind = (typeof AUDIT_FINDING_KINDS)[number];

/** Findings a repair can act on; the others are only accepted (or fixed by hand in Vhsys). */
export const REPAIRABLE_FINDING_KINDS: readonly AuditFindingKind[] = [
  'pedido_missing', 'pedido_in_lixeira', 'total_differs', 'status_differs', 'invoice_missing', 'invoice_not_emitted',
];

/**
 * Whether a repair can act on this finding. By kind (REPAIRABLE_FINDING_KINDS), except one case:
 * an NF-e the ledger holds as emitted that Vhsys shows not emitted (`invoice_not_emitted` with
 * `expected.invoice` "nfe"). Re-emitting it would re-run the NF-e's items step, which is not
 * checked against Vhsys first, so items could be added twice: the seller emits it in Vhsys by
 * hand and accepts the finding (the NFS-e has no items step and is repaired).
 */
export function isRepairableFinding(finding: { kind: string; expected: Record<string, unknown> | null }): boolean {
  if (!(REPAIRABLE_FINDING_KINDS as readonly string[]).includes(finding.kind)) return false;
  return !(finding.kind === 'invoice_not_emitted' && finding.expected?.invoice === 'nfe');
}

/**
 * open → repairing → repaired | repair_failed, or open → accepted. `repairing` ends when the
 * sale's re-dispatch concludes (docs/operations.md#auditing-vhsys-against-the-ledger).
 */
export const AUDIT_FINDING_RESOLUTIONS = ['open', 'repairing', 'repaired', 'repair_failed', 'accepted'] as const;
export type AuditFindingResolution = (typeof AUDIT_FINDING_RESOLUTIONS)[number];

export const AUDIT_RUN_STATUSES = ['running', 'done', 'failed'] as const;

const json = z.record(z.string(), z.unknown()).nullable();

export const AuditFindingMessageSchema = z.object({
  findingId: z.string().uuid(),
  kind: z.enum(AUDIT_FINDING_KINDS),
  guruTransactionId: z.string().max(64).nullable(),
  idPed: z.number().int().nullable(),
  /** Money in centavos; never a token. */
  expected: json,
  found: json,
  resolution: z.enum(AUDIT_FINDING_RESOLUTIONS),
  resolvedBy: z.string().max(200).nullable(),
  resolvedAt: z.string().datetime({ offset: true }).nullable(),
  /** What a repair did or where the sale is (bounded). */
  note: z.string().max(2000).nullable(),
});
export type AuditFindingMessage = z.infer<typeof AuditFindingMessageSchema>;

export const AuditResultSchema = z.object({
  auditId: z.string().uuid(),
  accountId: AccountIdSchema,
  status: z.enum(AUDIT_RUN_STATUSES),
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  requestedBy: z.string().min(1).max(200),
  startedAt: z.string().datetime({ offset: true }),
  finishedAt: z.string().datetime({ offset: true }).nullable(),
  error: z.string().max(2000).nullable(),
  counts: z.object({
    salesChecked: z.number().int().min(0),
    salesSkipped: z.number().int().min(0),
    pedidosListed: z.number().int().min(0),
    findings: z.number().int().min(0),
  }),
  /** This message's page of the run's findings (1-based), of `pages`; 1 of 1 for a repair/accept answer. */
  page: z.number().int().min(1),
  pages: z.number().int().min(1),
  findings: z.array(AuditFindingMessageSchema).max(AUDIT_RESULT_MAX_FINDINGS),
  /** A repair/accept request the dispatcher refused (the finding is unchanged), with why. */
  refused: z.object({ findingId: z.string().uuid(), kind: z.enum(['repair', 'accept']), reason: z.string().max(500) }).nullable(),
  publishedAt: z.string().datetime({ offset: true }),
});
export type AuditResult = z.infer<typeof AuditResultSchema>;
