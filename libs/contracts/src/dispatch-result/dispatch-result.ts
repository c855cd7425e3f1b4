import { z } from 'zod';

/**
 * `vhsys.dispatch-results.v1` value: every outcome for a sale, published back to Guru.
 * `stage` says who decided it: mapping-service (ignored / needs_configuration / invalid) or
 * invoice-dispatcher (created / updated / needs_manual_cancellation / failed / paused).
 */
export const DISPATCH_RESULT = 'dispatch-result@1';

export const DISPATCH_OUTCOMES = [
  'created',
  'updated',
  'unchanged',
  'ignored',
  'needs_configuration',
  'needs_manual_cancellation',
  'paused',
  'failed',
] as const;
export type DispatchOutcome = (typeof DISPATCH_OUTCOMES)[number];

export const VhsysRefsSchema = z.object({
  idCliente: z.number().int().nullable(),
  idPed: z.number().int().nullable(),
  idPedido: z.number().int().nullable(),
  nfe: z
    .object({
      idVenda: z.number().int(),
      emitted: z.boolean(),
      notaChave: z.string().nullable(),
      protocolo: z.string().nullable(),
      danfeUrl: z.string().nullable(),
    })
    .nullable(),
  nfse: z
    .object({
      idServico: z.number().int(),
      emitted: z.boolean(),
      numeroNfs: z.string().nullable(),
    })
    .nullable(),
});
export type VhsysRefs = z.infer<typeof VhsysRefsSchema>;

export const DISPATCH_STEP_STATES = ['done', 'failed'] as const;

/**
 * One Vhsys step of the sale's current revision as the dispatcher's ledger holds it (the sales
 * history's timeline). Additive: a reader that does not know it ignores it; absent = [].
 */
export const DispatchStepReportSchema = z.object({
  /** The ledger's step name (customer, order, order_items, …, nfe_emit, nfse_emit). */
  step: z.string().min(1).max(40),
  state: z.enum(DISPATCH_STEP_STATES),
  /** When the step last finished (or failed). */
  at: z.string().datetime({ offset: true }),
  /** Runs of this step so far (a retried step runs again). */
  runs: z.number().int().min(0).max(1_000_000),
  /** The step's last error, never a secret (failed only). */
  error: z.string().max(500).nullable(),
});
export type DispatchStepReport = z.infer<typeof DispatchStepReportSchema>;

export const DispatchResultSchema = z.object({
  accountId: z.string().min(1),
  guruTransactionId: z.string().min(1),
  /** Revision of the sale the outcome is about (0 when mapping rejected it before any revision). */
  revision: z.number().int().min(0),
  stage: z.enum(['mapping', 'dispatch']),
  outcome: z.enum(DISPATCH_OUTCOMES),
  /** Machine-readable reason, e.g. `integration_inactive`, `currency_not_brl`, `vhsys_auth_failed`. */
  reason: z.string().nullable(),
  /** Human-readable detail (never a secret). */
  detail: z.string().nullable(),
  /** Product codes that need Faturamento settings (needs_configuration). */
  productCodes: z.array(z.string()).default([]),
  vhsys: VhsysRefsSchema.nullable(),
  /** Attempts the dispatcher made at this sale so far (0 from mapping). Additive: absent = 0. */
  attempts: z.number().int().min(0).max(1_000_000).default(0),
  /** The Vhsys steps of this revision (dispatch stage only; at most one per step). Additive: absent = []. */
  steps: z.array(DispatchStepReportSchema).max(20).default([]),
  /** Set when the outcome answers a reprocess request (its requestId). Additive: absent = null. */
  reprocessRequestId: z.string().uuid().nullable().default(null),
  occurredAt: z.string().datetime({ offset: true }),
});
export type DispatchResult = z.infer<typeof DispatchResultSchema>;
