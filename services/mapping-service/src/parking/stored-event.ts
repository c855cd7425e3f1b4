import type { GuruTransactionEvent } from '@gv/contracts';

/**
 * The Guru event as this service keeps it at rest (parked sales, sales awaiting their invoice):
 * as received, without `transaction.api_token`, the seller's Guru Account Token that Guru puts
 * in every webhook body. Mapping never reads it, so it is not stored (secrets are write-only;
 * test/security/secret-scan found it in parked_sales.event).
 */
export function storedEvent(event: GuruTransactionEvent): GuruTransactionEvent {
  if (!('api_token' in event.transaction)) return event;
  const { api_token: _apiToken, ...transaction } = event.transaction;
  return { ...event, transaction };
}
