/** Kafka header names used across services (values are UTF-8 strings). */
export const HEADERS = {
  /** Contract name and version of the value, e.g. `sale-order@1`. */
  contract: 'x-contract',
  accountId: 'x-account-id',
  saleId: 'x-guru-transaction-id',
  revision: 'x-revision',
  /** Where a Guru sale event comes from when not from Guru's webhook: `import` (config-service's imports of past sales). */
  origin: 'x-origin',
  /** The import that produced a Guru sale event (with x-origin: import). */
  importId: 'x-import-id',
  /** Dead-letter metadata. */
  dlqReason: 'x-dlq-reason',
  dlqField: 'x-dlq-field',
  dlqOriginalTopic: 'x-dlq-original-topic',
  dlqOriginalPartition: 'x-dlq-original-partition',
  dlqOriginalOffset: 'x-dlq-original-offset',
  dlqConsumerGroup: 'x-dlq-consumer-group',
  dlqFailedAt: 'x-dlq-failed-at',
  /** Retry metadata. */
  retryAttempt: 'x-retry-attempt',
  retryNotBefore: 'x-retry-not-before',
} as const;

/** The headers every per-sale message carries, so tools can filter without parsing values. */
export function saleHeaders(sale: { accountId: string; guruTransactionId: string; revision: number }): Record<string, string> {
  return {
    [HEADERS.accountId]: sale.accountId,
    [HEADERS.saleId]: sale.guruTransactionId,
    [HEADERS.revision]: String(sale.revision),
  };
}
