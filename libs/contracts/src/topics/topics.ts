/**
 * Every Kafka topic of the product, with the partition count and cleanup policy it is created
 * with (deploy/kafka/create-topics.ts). Names carry a version; a breaking change gets a new topic.
 */
export const TOPICS = {
  /** Guru's sale events (produced by Guru's platform). Key `<accountId>:<guruTransactionId>`. */
  guruTransactions: 'guru.transactions.v1',
  /** Full settings snapshot per account (compacted). Key `<accountId>`; null value = deleted. */
  integrationConfig: 'vhsys.integration-config.v1',
  /** Desired state of one sale's Vhsys order. Key `<accountId>:<guruTransactionId>`. */
  saleOrders: 'vhsys.sale-orders.v1',
  /** Every outcome, from mapping and from dispatching. Key `<accountId>:<guruTransactionId>`. */
  dispatchResults: 'vhsys.dispatch-results.v1',
  /** Sale orders waiting for a delayed retry (transient Vhsys failure). Same key. */
  saleOrdersRetry: 'vhsys.sale-orders.retry.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Dead-letter topic of one consumer group: what it could never process, with the reason in headers. */
export function deadLetterTopic(consumerGroup: string): string {
  return `deadletter.${consumerGroup}.v1`;
}

export const CONSUMER_GROUPS = {
  mappingSales: 'mapping-service',
  mappingConfig: 'mapping-service-config',
  dispatcher: 'invoice-dispatcher',
  dispatcherRetry: 'invoice-dispatcher-retry',
} as const;

export interface TopicSpec {
  name: string;
  partitions: number;
  compacted?: boolean;
}

export const TOPIC_SPECS: TopicSpec[] = [
  { name: TOPICS.guruTransactions, partitions: 6 },
  { name: TOPICS.integrationConfig, partitions: 3, compacted: true },
  { name: TOPICS.saleOrders, partitions: 6 },
  { name: TOPICS.saleOrdersRetry, partitions: 6 },
  { name: TOPICS.dispatchResults, partitions: 6 },
  ...Object.values(CONSUMER_GROUPS).map((group) => ({ name: deadLetterTopic(group), partitions: 1 })),
];

/** Message key that keeps one sale's events in order on one partition. */
export function saleKey(accountId: string, guruTransactionId: string): string {
  return `${accountId}:${guruTransactionId}`;
}
