import { z } from 'zod';
import { AccountIdSchema } from '../topics/topics';

/**
 * `vhsys.audit-requests.v1` value: a person asked, through config-service (HTTP, gRPC or the ops
 * CLI), that the dispatcher audits one account against Vhsys ("Conferir com o Vhsys",
 * docs/operations.md#auditing-vhsys-against-the-ledger), or repairs / accepts one finding of an
 * audit. The dispatcher owns the audit data; its answers go to `vhsys.audit-results.v1`. Key
 * `<accountId>`, so one account's requests are handled in order.
 */
export const AUDIT_REQUEST = 'audit-request@1';

/** The longest period one audit may cover (both ends carry their time zone). */
export const AUDIT_MAX_PERIOD_DAYS = 366;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Why an audit period is refused (the field and the message), or null. Both ends are ISO-8601
 * date-times with their time zone, from < to, at most AUDIT_MAX_PERIOD_DAYS apart.
 */
export function auditPeriodProblem(period: { from: unknown; to: unknown }): { field: 'from' | 'to'; message: string } | null {
  for (const field of ['from', 'to'] as const) {
    const v = period[field];
    if (typeof v !== 'string' || v.length > 40 || !ISO_WITH_OFFSET.test(v) || Number.isNaN(Date.parse(v))) {
      return { field, message: `${field} must be an ISO-8601 date-time with its time zone (e.g. 2026-03-01T00:00:00-03:00)` };
    }
  }
  const from = Date.parse(period.from as string);
  const to = Date.parse(period.to as string);
  if (to <= from) return { field: 'to', message: 'to must be after from' };
  if (to - from > AUDIT_MAX_PERIOD_DAYS * 86_400_000) return { field: 'to', message: `the period may span at most ${AUDIT_MAX_PERIOD_DAYS} days` };
  return null;
}

const base = {
  /** The audit run's id (uuid), chosen by config-service: a redelivered run request never runs twice. */
  auditId: z.string().uuid(),
  accountId: AccountIdSchema,
  /** The admin token's principal that asked (a name, never the token). */
  requestedBy: z.string().min(1).max(100),
  requestedAt: z.string().datetime({ offset: true }),
};

export const AuditRunRequestSchema = z.object({
  kind: z.literal('run'),
  ...base,
  from: z.string().max(40),
  to: z.string().max(40),
}).superRefine((value, ctx) => {
  const problem = auditPeriodProblem(value);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem.field], message: problem.message });
});

export const AuditFindingRequestSchema = z.object({
  kind: z.enum(['repair', 'accept']),
  ...base,
  findingId: z.string().uuid(),
});

export const AuditRequestSchema = z.union([AuditRunRequestSchema, AuditFindingRequestSchema]);
export type AuditRunRequest = z.infer<typeof AuditRunRequestSchema>;
export type AuditFindingRequest = z.infer<typeof AuditFindingRequestSchema>;
export type AuditRequest = z.infer<typeof AuditRequestSchema>;
