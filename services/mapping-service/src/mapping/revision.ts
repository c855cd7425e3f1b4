import { statusRank } from '@gv/contracts';

/**
 * Where a decision stands in the life of ONE Guru event:
 * - `initial` (0): a result (ignored, needs_configuration), or an order whose invoices wait for
 *   the guarantee period to end (`invoicesDueAt` set, policy after_warranty);
 * - `complete` (1): an order carrying everything the event will ever give it.
 *
 * The same event re-mapped once its invoices are due is thus a strictly higher revision than its
 * pre-warranty order, so the dispatcher (which refuses equal revisions as duplicates) takes it.
 * Results are `initial` because a parked sale's row keeps its result's revision and the order its
 * release gives (either phase) must never look older than that row.
 */
export type RevisionPhase = 'initial' | 'complete';

const PHASE_BIT: Record<RevisionPhase, number> = { initial: 0, complete: 1 };

/**
 * The revision of a sale's desired state:
 *
 *   revision = updated_at_ms × 20 + status_rank × 2 + phase
 *
 * `updated_at_ms` is Guru's `dates.updated_at` in milliseconds since the epoch; `status_rank`
 * (0–9) orders two events of the same instant by how far along the sale's life their status is;
 * `phase` (0/1, above) orders the two mappings of one event. rank × 2 + phase ≤ 19 < 20, so:
 * a later `updated_at` always wins, then a higher rank, then the complete phase. Equal inputs give
 * equal revisions (the same event delivered twice); consumers refuse equal or lower revisions
 * (an equal one is reconciled idempotently).
 *
 * 2026-01-01T00:00:00Z → 35344512000000 + rank × 2 + phase: below Number.MAX_SAFE_INTEGER until
 * about the year 16000. The former rule (ms × 10 + rank) gives at most half of any of these values
 * for the same era, so revisions stored before the change compare lower than every new one.
 */
export function computeRevision(updatedAt: string | Date, status: string, phase: RevisionPhase): number {
  const millis = (typeof updatedAt === 'string' ? new Date(updatedAt) : updatedAt).getTime();
  if (!Number.isFinite(millis) || millis <= 0) throw new Error(`invalid updated_at ${String(updatedAt)}`);
  return millis * 20 + statusRank(status.trim().toLowerCase()) * 2 + PHASE_BIT[phase];
}
