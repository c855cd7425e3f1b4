import { z } from 'zod';

/**
 * `vhsys.sale-reprocess.v1` value: a person asked, through config-service's sales history (HTTP,
 * gRPC or the console's Reprocessar), that the dispatcher brings one sale to its desired state
 * again. The dispatcher owns the desired state (its ledger); this message carries no sale data,
 * only which sale and who asked. Reprocessing is idempotent: the dispatcher resumes from its ledger,
 * so it never creates a second order or invoice. Key `<accountId>:<guruTransactionId>`.
 */
export const SALE_REPROCESS = 'sale-reprocess@1';

export const SaleReprocessRequestSchema = z.object({
  accountId: z.string().min(1).max(64),
  guruTransactionId: z.string().min(1).max(64),
  /** One id per request (uuid), recorded in config-service's audit and echoed in the result's detail. */
  requestId: z.string().uuid(),
  /** The admin token's principal that asked (a name, never the token). */
  requestedBy: z.string().min(1).max(100),
  requestedAt: z.string().datetime({ offset: true }),
});
export type SaleReprocessRequest = z.infer<typeof SaleReprocessRequestSchema>;
