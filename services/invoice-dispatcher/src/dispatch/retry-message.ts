import { HEADERS, SALE_ORDER } from '@gv/contracts';
import { currentTraceCarrier } from '@gv/telemetry';
import type { LedgerRow } from '../ledger/ledger-types';

/** Headers of retry messages beyond the shared ones. */
export const RETRY_HEADERS = {
  /** The ledger's retry generation when the message was scheduled; older generations are stale. */
  generation: 'x-retry-generation',
  /** Why the sale is retried (vhsys transient, outcome_unknown, account_circuit_open, parked, …). */
  reason: 'x-retry-reason',
} as const;

/**
 * A wake-up for one sale on the retry topic: keyed like the input, carrying the sale's latest
 * desired state (so a dead-lettered retry is a replayable sale order), its not-before time, the
 * generation that makes older wake-ups stale, and the trace context to continue.
 */
export function retryMessage(row: LedgerRow, reason: string, notBefore: number) {
  return {
    key: row.saleKey,
    value: row.desired,
    contract: SALE_ORDER,
    headers: {
      ...currentTraceCarrier(),
      [HEADERS.accountId]: row.accountId,
      [HEADERS.saleId]: row.guruTransactionId,
      [HEADERS.revision]: String(row.desiredRevision),
      [HEADERS.retryAttempt]: String(row.attempts),
      [HEADERS.retryNotBefore]: String(Math.round(notBefore)),
      [RETRY_HEADERS.generation]: String(row.retryGeneration),
      [RETRY_HEADERS.reason]: reason,
    },
  };
}
