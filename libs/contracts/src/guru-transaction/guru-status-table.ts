import type { GuruStatusGroup } from '../integration-config/integration-config';
import { GURU_TRANSACTION_STATUS_LABELS, type GuruTransactionStatus } from './guru-transaction-statuses';

/**
 * Every Guru transaction status of the reference (§3.1) and what the mapping does with it:
 * a status group of the seller's status mapping (Aprovada / Cancelada-Expirada / Pendente /
 * Reembolsada), or `null` = ignored with the result `status_ignored:<status>`.
 *
 * `rank` orders statuses along a sale's life; it breaks ties between events with the same
 * `dates.updated_at` in the revision (later in life = higher).
 */
export interface StatusRule {
  label: string;
  group: GuruStatusGroup | null;
  rank: number;
  why: string;
}

/** What the mapping does with each status (its label is the contracts' GURU_TRANSACTION_STATUS_LABELS). */
const RULES: Readonly<Record<GuruTransactionStatus, Omit<StatusRule, 'label'>>> = {
  abandoned: { group: null, rank: 0, why: 'checkout abandoned: no sale' },
  started: { group: null, rank: 0, why: 'checkout started: no payment yet' },
  trial: { group: null, rank: 0, why: 'free trial: nothing charged' },
  scheduled: { group: null, rank: 0, why: 'charge scheduled for later: nothing charged yet' },
  waiting_payment: { group: 'pending', rank: 1, why: 'seed: Pendente' },
  billet_printed: { group: 'pending', rank: 1, why: 'seed: Pendente' },
  pending: { group: 'pending', rank: 1, why: 'seed: Pendente' },
  delayed: { group: 'pending', rank: 1, why: 'payment overdue: still unpaid, like Pendente' },
  analysis: { group: null, rank: 1, why: 'transient anti-fraud review: approved or rejected follows' },
  processing: { group: null, rank: 1, why: 'transient: the processor answer follows' },
  charging: { group: null, rank: 1, why: 'transient: the charge result follows' },
  in_recovery: { group: null, rank: 1, why: 'payment failed, recovery in progress: a new outcome follows' },
  rejected: { group: 'canceled', rank: 2, why: 'payment refused: the sale will not happen (cancels a pending order)' },
  canceled: { group: 'canceled', rank: 2, why: 'seed: Cancelada/Expirada' },
  expired: { group: 'canceled', rank: 2, why: 'seed: Cancelada/Expirada' },
  blocked: { group: null, rank: 2, why: 'blocked by Guru: needs a human; the Vhsys order is left as it is' },
  approved: { group: 'approved', rank: 3, why: 'seed: Aprovada' },
  pending_transfer: { group: 'approved', rank: 4, why: 'paid; only the payout to the producer is pending' },
  transferred: { group: 'approved', rank: 4, why: 'paid and paid out to the producer' },
  failed: { group: null, rank: 4, why: 'payout to the producer failed: the buyer paid, the order stays as it is' },
  completed: { group: 'approved', rank: 5, why: 'seed: Aprovada (approved and guarantee over)' },
  dispute: { group: null, rank: 6, why: 'refund requested, not granted: the order stays until refunded arrives' },
  refunded: { group: 'refunded', rank: 7, why: 'seed: Reembolsada' },
  chargeback: { group: 'refunded', rank: 7, why: 'seed: Reembolsada' },
};

export const GURU_STATUS_TABLE: Readonly<Record<string, StatusRule>> = Object.fromEntries(
  (Object.keys(RULES) as GuruTransactionStatus[]).map((status) => [status, { label: GURU_TRANSACTION_STATUS_LABELS[status], ...RULES[status] }]),
);

export type StatusDecision =
  | { kind: 'mapped'; group: GuruStatusGroup; rule: StatusRule }
  | { kind: 'ignored'; reason: string; detail: string };

/** The table's own rule for `status`: never an Object.prototype member ("constructor", "toString"). */
function ruleOf(status: string): StatusRule | undefined {
  return Object.hasOwn(GURU_STATUS_TABLE, status) ? GURU_STATUS_TABLE[status] : undefined;
}

/** `status` is Guru's status, already trimmed and lower-cased. Unknown statuses are ignored. */
export function classifyStatus(status: string): StatusDecision {
  const rule = ruleOf(status);
  if (!rule) return { kind: 'ignored', reason: `status_ignored:${status}`, detail: `unknown Guru status "${status}"` };
  if (rule.group === null) return { kind: 'ignored', reason: `status_ignored:${status}`, detail: `${rule.label}: ${rule.why}` };
  return { kind: 'mapped', group: rule.group, rule };
}

/** Rank of a status for revision ties; unknown statuses rank 0. Always 0–9. */
export function statusRank(status: string): number {
  return ruleOf(status)?.rank ?? 0;
}

export function statusLabel(status: string): string {
  return ruleOf(status)?.label ?? status;
}
