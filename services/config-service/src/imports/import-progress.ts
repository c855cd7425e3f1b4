/**
 * The states of an import and the progress it reports. Pure.
 *
 * queued ──claim──▶ running ──last page──▶ done
 *   │                 │  └──Guru keeps failing──▶ failed
 *   └──cancel──▶ cancelled ◀──runner sees it── cancelling ◀──cancel── running
 */
export const IMPORT_STATUSES = ['queued', 'running', 'cancelling', 'cancelled', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The states in which an import holds its account (one at a time: a partial unique index). */
export const ACTIVE_IMPORT_STATUSES: readonly ImportStatus[] = ['queued', 'running', 'cancelling'];

export function isActive(status: ImportStatus): boolean {
  return ACTIVE_IMPORT_STATUSES.includes(status);
}

/** What a cancel request turns a status into: null when the import has already ended. */
export function statusAfterCancel(status: ImportStatus): ImportStatus | null {
  if (status === 'queued') return 'cancelled';
  if (status === 'running') return 'cancelling';
  if (status === 'cancelling') return 'cancelling';
  return null;
}

/** What a runner that claimed an import does with it first. */
export function statusOnClaim(status: ImportStatus): 'running' | 'cancelled' | null {
  if (status === 'queued' || status === 'running') return 'running';
  if (status === 'cancelling') return 'cancelled';
  return null;
}

export interface ProgressInput {
  status: ImportStatus;
  /** Sales produced or skipped so far. */
  done: number;
  /** Sales Guru lists for the import (null until counted). */
  total: number | null;
  /** `done` when the current run (this claim of the import) started, and when it started. */
  doneAtRunStart: number;
  runStartedAt: Date | null;
  now: Date;
}

export interface Progress {
  done: number;
  total: number | null;
  /** Sales per second over the current run (a resumed import measures from its resume), 2 decimals. */
  ratePerSecond: number | null;
  /** Seconds left at that rate (rounded up); 0 once ended; null when unknown. */
  etaSeconds: number | null;
}

export function progressOf(input: ProgressInput): Progress {
  const { done, total } = input;
  if (!isActive(input.status)) return { done, total, ratePerSecond: null, etaSeconds: input.status === 'done' ? 0 : null };
  if (input.runStartedAt === null) return { done, total, ratePerSecond: null, etaSeconds: null };
  const elapsedMs = input.now.getTime() - input.runStartedAt.getTime();
  const doneThisRun = done - input.doneAtRunStart;
  if (elapsedMs <= 0 || doneThisRun <= 0) return { done, total, ratePerSecond: null, etaSeconds: null };
  const rate = (doneThisRun * 1000) / elapsedMs;
  const etaSeconds = total === null ? null : Math.ceil(Math.max(0, total - done) / rate);
  return { done, total, ratePerSecond: Math.round(rate * 100) / 100, etaSeconds };
}

/**
 * The import's throttle: how long to wait before producing the next page so that, since
 * `startedAtMs`, the sales produced (`producedSinceStart`) average at most `maxPerSecond` per
 * second. The first page goes at once; a page is a burst of at most one page size.
 */
export function throttleWaitMs(producedSinceStart: number, maxPerSecond: number, startedAtMs: number, nowMs: number): number {
  const earliestMs = startedAtMs + (producedSinceStart * 1000) / maxPerSecond;
  return Math.max(0, Math.ceil(earliestMs - nowMs));
}
