import { statusRank } from './status-table';

/**
 * The revision of a sale's desired state: Guru's `dates.updated_at` in milliseconds since the epoch,
 * times 10, plus the status rank (0–9) so that two events with the same `updated_at` are ordered
 * by how far along the sale's life their status is. Equal inputs give equal revisions: the same
 * event delivered twice, or re-mapped later (new settings, warranty passed), keeps its revision;
 * consumers refuse only lower revisions.
 *
 * 2026-01-01T00:00:00Z → 17672256000000 + rank: far below Number.MAX_SAFE_INTEGER until year 30000.
 */
export function computeRevision(updatedAt: string | Date, status: string): number {
  const millis = (typeof updatedAt === 'string' ? new Date(updatedAt) : updatedAt).getTime();
  if (!Number.isFinite(millis) || millis <= 0) throw new Error(`invalid updated_at ${String(updatedAt)}`);
  return millis * 10 + statusRank(status.trim().toLowerCase());
}
