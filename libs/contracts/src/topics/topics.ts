import { z } from 'zod';

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
  /** Reprocess requests from the sales history (config-service → dispatcher). Key `<accountId>:<guruTransactionId>`. */
  saleReprocess: 'vhsys.sale-reprocess.v1',
  /** Audit commands: run an audit, repair or accept a finding (config-service → dispatcher). Key `<accountId>`. */
  auditRequests: 'vhsys.audit-requests.v1',
  /** Audit answers: a run's status, counts and findings (dispatcher → config-service). Key `<accountId>`. */
  auditResults: 'vhsys.audit-results.v1',
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
  /** config-service's sales history read model (sale orders and results). */
  configSalesHistory: 'config-service-sales-history',
  /** The dispatcher's audit requests: a group of its own, so a long audit never holds up sale orders. */
  dispatcherAudit: 'invoice-dispatcher-audit',
  /** config-service's audit read model (audit results). */
  configAudits: 'config-service-audits',
} as const;

/**
 * The dispatcher's watch of the settings topic: a throwaway group per instance,
 * `<this>-<host>-<id>`. Not in CONSUMER_GROUPS: its handler only drops cached credentials and
 * never dead-letters, so it has no dead-letter topic.
 */
export const DISPATCHER_SETTINGS_WATCH_GROUP = 'invoice-dispatcher-settings';

export interface TopicSpec {
  name: string;
  partitions: number;
  compacted?: boolean;
  /** The topic's max.message.bytes, when set explicitly (the broker's message.max.bytes otherwise). */
  maxMessageBytes?: number;
}

/**
 * max.message.bytes of the settings topic, set explicitly (it is Kafka's default, 1 MiB + 12) so
 * the settings limits (MAX_PRODUCTS_PER_ACCOUNT and the field lengths) have a fixed budget: the
 * largest snapshot they allow is under half of it (docs/config-service.md, "Limits"). A larger
 * message is refused by the broker and set aside by the outbox relay (docs/kafka.md).
 */
export const INTEGRATION_CONFIG_MAX_MESSAGE_BYTES = 1_048_588;

/** The product's topic names as one deployment uses them: `TOPICS` with `KAFKA_TOPIC_PREFIX` in front. */
export type TopicNames = { readonly [K in keyof typeof TOPICS]: string };

/**
 * `TOPICS` with `prefix` in front of every name. Every service resolves its topics through this
 * with its `KAFKA_TOPIC_PREFIX` (empty in production; isolated test stacks and staging runs set
 * one), so all services of one deployment agree on the names. Dead-letter topics are not
 * prefixed: they are named after the consumer group (`deadLetterTopic(group)`), which carries
 * the deployment's `KAFKA_GROUP_PREFIX`.
 */
export function prefixedTopics(prefix = ''): TopicNames {
  return Object.fromEntries(Object.entries(TOPICS).map(([key, name]) => [key, `${prefix}${name}`])) as unknown as TopicNames;
}

/** The product's topics (not the dead-letter ones) with `prefix`, as they are created. */
export function prefixedTopicSpecs(prefix = ''): TopicSpec[] {
  const topics = prefixedTopics(prefix);
  return [
    { name: topics.guruTransactions, partitions: 6 },
    { name: topics.integrationConfig, partitions: 3, compacted: true, maxMessageBytes: INTEGRATION_CONFIG_MAX_MESSAGE_BYTES },
    { name: topics.saleOrders, partitions: 6 },
    { name: topics.saleOrdersRetry, partitions: 6 },
    { name: topics.dispatchResults, partitions: 6 },
    { name: topics.saleReprocess, partitions: 6 },
    { name: topics.auditRequests, partitions: 3 },
    { name: topics.auditResults, partitions: 3 },
  ];
}

/** The dead-letter topic of every consumer group, groups named with `groupPrefix` (KAFKA_GROUP_PREFIX). */
export function deadLetterTopicSpecs(groupPrefix = ''): TopicSpec[] {
  return Object.values(CONSUMER_GROUPS).map((group) => ({ name: deadLetterTopic(`${groupPrefix}${group}`), partitions: 1 }));
}

export const TOPIC_SPECS: TopicSpec[] = [...prefixedTopicSpecs(''), ...deadLetterTopicSpecs('')];

/** Message key that keeps one sale's events in order on one partition. */
export function saleKey(accountId: string, guruTransactionId: string): string {
  return `${accountId}:${guruTransactionId}`;
}

/**
 * A Guru account id: 1-64 letters, digits, `_`, `.` or `-`, starting with a letter or digit. No
 * `:`, so the first `:` of a sale key always ends the account id: `a:b` + sale `c` and `a` + sale
 * `b:c` can never share a key (a transaction id may contain `:`). config-service refuses other ids
 * (HTTP and gRPC), and the Guru event and SaleOrder contracts refuse them (docs/kafka.md#keys).
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const ACCOUNT_ID_RULE = 'must be 1-64 letters, digits, _ . - (starting with a letter or digit; no ":")';
export const AccountIdSchema = z.string().regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_RULE);

/** The dead-letter reason of a message whose key is not its value's sale key. */
export const KEY_MISMATCH = 'key_mismatch';

/**
 * Null when `key` is the sale key of the value's account and sale; otherwise the dead-letter
 * reason (`key_mismatch: …`). With no readable transaction id (`null`, the value is dead-lettered
 * for it anyway) only the account part is compared.
 */
export function saleKeyMismatch(key: string | null, accountId: string, guruTransactionId: string | null): string | null {
  const matches = guruTransactionId === null ? key !== null && key.startsWith(`${accountId}:`) : key === saleKey(accountId, guruTransactionId);
  if (matches) return null;
  const expected = guruTransactionId === null ? `${accountId}:<transaction id>` : saleKey(accountId, guruTransactionId);
  const shown = key === null ? 'none' : JSON.stringify(key.length > 300 ? `${key.slice(0, 300)}…` : key);
  return `${KEY_MISMATCH}: message key ${shown} is not ${JSON.stringify(expected)} (the value's accountId:guruTransactionId)`;
}
