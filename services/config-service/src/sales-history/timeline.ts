import type { DispatchOutcome, DispatchResult, SaleOrder, SaleReprocessRequest } from '@gv/contracts';
import { centsToDecimalString } from '@gv/brazil';

export const TIMELINE_KINDS = ['guru_event', 'decision', 'vhsys_step', 'reprocess_requested'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Most timeline entries kept per sale: when a new one would exceed it, the oldest are dropped
 * (docs/config-service.md "Sales history"). A sale normally has a handful; this bounds a sale
 * retried or reprocessed without end.
 */
export const TIMELINE_MAX_ENTRIES = 200;

/**
 * One entry of a sale's timeline. `dedupeKey` makes its insertion idempotent: a redelivered
 * message, or the same step reported again by a later result, adds nothing.
 */
export interface TimelineEvent {
  at: Date;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  outcome: DispatchOutcome | null;
  revision: number | null;
  dedupeKey: string;
}

const STAGE_TITLE = { mapping: 'Mapping', dispatch: 'Dispatch' } as const;

/** "Guru event received": the sale order of one revision. */
export function saleOrderEvent(order: SaleOrder): TimelineEvent {
  const invoices = order.invoices.map((i) => (i.kind === 'nfe' ? 'NF-e' : 'NFS-e'));
  return {
    at: new Date(order.occurredAt),
    kind: 'guru_event',
    title: `Guru event received: ${order.guruStatus} (mapped to revision ${order.revision})`,
    detail: `total R$ ${centsToDecimalString(order.order.totalCents)}; ${invoices.length > 0 ? `invoices to issue: ${invoices.join(', ')}` : 'no invoice to issue now'}`,
    outcome: null,
    revision: order.revision,
    dedupeKey: `order:${order.revision}:${order.occurredAt}`,
  };
}

/** The decision a result carries, then each Vhsys step it reports (one entry per step run). */
export function resultEvents(result: DispatchResult): TimelineEvent[] {
  const text = [result.reason, result.detail].filter((part): part is string => part !== null && part !== '').join(': ');
  const answer = result.reprocessRequestId ? `answers reprocess request ${result.reprocessRequestId}` : null;
  const decision: TimelineEvent = {
    at: new Date(result.occurredAt),
    kind: 'decision',
    title: `${STAGE_TITLE[result.stage]}: ${result.outcome}`,
    detail: [text || null, answer].filter((part) => part !== null).join('; ') || null,
    outcome: result.outcome,
    revision: result.revision,
    dedupeKey: `result:${result.stage}:${result.revision}:${result.outcome}:${result.occurredAt}:${result.reprocessRequestId ?? ''}`,
  };
  const steps = result.steps.map((step): TimelineEvent => ({
    at: new Date(step.at),
    kind: 'vhsys_step',
    title: `Vhsys ${step.step}: ${step.state}`,
    detail: step.state === 'failed' ? (step.error ?? 'failed') : step.runs > 1 ? `after ${step.runs} runs` : null,
    outcome: null,
    revision: result.revision,
    // The same step finishing again (a retry, a reprocess) has a new time: a new entry.
    dedupeKey: `step:${step.step}:${result.revision}:${step.at}:${step.state}`,
  }));
  return [decision, ...steps];
}

/** "Reprocess requested by X". */
export function reprocessEvent(request: SaleReprocessRequest, via: string): TimelineEvent {
  return {
    at: new Date(request.requestedAt),
    kind: 'reprocess_requested',
    title: `Reprocess requested by ${request.requestedBy}`,
    detail: `request ${request.requestId} (${via})`,
    outcome: null,
    revision: null,
    dedupeKey: `reprocess:${request.requestId}`,
  };
}
