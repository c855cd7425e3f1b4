import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, ResourcePatternTypes } from 'kafkajs';
import { CONSUMER_GROUPS, deadLetterTopic, DISPATCHER_SETTINGS_WATCH_GROUP, prefixedTopics } from '@gv/contracts';
import { KAFKA_PRINCIPALS } from '@gv/service-config';

export type AclOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS' | 'DELETE';

/** One ALLOW rule: `principal` may `operation` on the topic or group `name` (or every name starting with it). */
export interface AclGrant {
  principal: string;
  operation: AclOperation;
  resource: 'TOPIC' | 'GROUP';
  name: string;
  pattern: 'LITERAL' | 'PREFIXED';
}

export interface ProductAclOptions {
  /** The deployment's KAFKA_TOPIC_PREFIX (empty in production). */
  topicPrefix?: string;
  /** The deployment's KAFKA_GROUP_PREFIX (empty in production); dead-letter topics carry it. */
  groupPrefix?: string;
  /** User names, when a deployment does not use the default ones (KAFKA_PRINCIPALS). */
  principals?: Partial<Record<Exclude<keyof typeof KAFKA_PRINCIPALS, 'admin'>, string>>;
}

/**
 * Every ACL of the product: each principal gets exactly what its code does (docs/kafka.md#acls).
 * READ and WRITE imply DESCRIBE (metadata, end offsets, committed offsets); READ on a group
 * allows joining it and committing. Idempotent producers need no cluster ACL (since Kafka 3.0,
 * WRITE on a topic is enough, KIP-679), and no program uses transactions. Nobody but the admin
 * (a super user) creates, deletes or reconfigures topics or ACLs.
 */
export function productAcls(options: ProductAclOptions = {}): AclGrant[] {
  const t = prefixedTopics(options.topicPrefix ?? '');
  const g = (group: string) => `${options.groupPrefix ?? ''}${group}`;
  const p = { ...KAFKA_PRINCIPALS, ...options.principals };
  const grants: AclGrant[] = [];
  const allow = (principal: string, operation: AclOperation, resource: AclGrant['resource'], name: string, pattern: AclGrant['pattern'] = 'LITERAL') =>
    grants.push({ principal, operation, resource, name, pattern });

  // Guru's platform: only its sale events.
  allow(p.guruProducer, 'WRITE', 'TOPIC', t.guruTransactions);

  // mapping-service: Guru's sales (group mapping-service) and the settings (a throwaway group per
  // instance, mapping-service-config-<host>-<id>); writes sale orders, mapping outcomes and its dead letters.
  allow(p.mappingService, 'READ', 'TOPIC', t.guruTransactions);
  allow(p.mappingService, 'READ', 'TOPIC', t.integrationConfig);
  allow(p.mappingService, 'READ', 'GROUP', g(CONSUMER_GROUPS.mappingSales));
  allow(p.mappingService, 'READ', 'GROUP', `${g(CONSUMER_GROUPS.mappingConfig)}-`, 'PREFIXED');
  allow(p.mappingService, 'WRITE', 'TOPIC', t.saleOrders);
  allow(p.mappingService, 'WRITE', 'TOPIC', t.dispatchResults);
  allow(p.mappingService, 'WRITE', 'TOPIC', deadLetterTopic(g(CONSUMER_GROUPS.mappingSales)));
  allow(p.mappingService, 'WRITE', 'TOPIC', deadLetterTopic(g(CONSUMER_GROUPS.mappingConfig)));

  // invoice-dispatcher: sale orders and its retries (two groups); writes results, retries and its
  // dead letters. Credentials come from config-service over gRPC; the settings topic is only
  // watched (a throwaway group per instance, invoice-dispatcher-settings-<host>-<id>) to drop an
  // account's cached credentials when its settings change or are deleted.
  allow(p.invoiceDispatcher, 'READ', 'TOPIC', t.saleOrders);
  allow(p.invoiceDispatcher, 'READ', 'TOPIC', t.saleOrdersRetry);
  allow(p.invoiceDispatcher, 'READ', 'GROUP', g(CONSUMER_GROUPS.dispatcher));
  allow(p.invoiceDispatcher, 'READ', 'GROUP', g(CONSUMER_GROUPS.dispatcherRetry));
  allow(p.invoiceDispatcher, 'READ', 'TOPIC', t.integrationConfig);
  allow(p.invoiceDispatcher, 'READ', 'TOPIC', t.saleReprocess);
  allow(p.invoiceDispatcher, 'READ', 'GROUP', `${g(DISPATCHER_SETTINGS_WATCH_GROUP)}-`, 'PREFIXED');
  allow(p.invoiceDispatcher, 'WRITE', 'TOPIC', t.dispatchResults);
  allow(p.invoiceDispatcher, 'WRITE', 'TOPIC', t.saleOrdersRetry);
  allow(p.invoiceDispatcher, 'WRITE', 'TOPIC', deadLetterTopic(g(CONSUMER_GROUPS.dispatcher)));
  allow(p.invoiceDispatcher, 'WRITE', 'TOPIC', deadLetterTopic(g(CONSUMER_GROUPS.dispatcherRetry)));
  // The audit: requests in a group of its own; answers on the results topic.
  allow(p.invoiceDispatcher, 'READ', 'TOPIC', t.auditRequests);
  allow(p.invoiceDispatcher, 'READ', 'GROUP', g(CONSUMER_GROUPS.dispatcherAudit));
  allow(p.invoiceDispatcher, 'WRITE', 'TOPIC', t.auditResults);
  allow(p.invoiceDispatcher, 'WRITE', 'TOPIC', deadLetterTopic(g(CONSUMER_GROUPS.dispatcherAudit)));

  // config-service: only the settings snapshots.
  allow(p.configService, 'WRITE', 'TOPIC', t.integrationConfig);
  // The sales history: reads sale orders and results into its read model, asks for reprocessing.
  allow(p.configService, 'READ', 'TOPIC', t.saleOrders);
  allow(p.configService, 'READ', 'TOPIC', t.dispatchResults);
  allow(p.configService, 'READ', 'GROUP', g(CONSUMER_GROUPS.configSalesHistory));
  allow(p.configService, 'WRITE', 'TOPIC', t.saleReprocess);
  allow(p.configService, 'WRITE', 'TOPIC', deadLetterTopic(g(CONSUMER_GROUPS.configSalesHistory)));
  // The audit: asks the dispatcher (run, repair, accept) and keeps its answers in a read model.
  allow(p.configService, 'WRITE', 'TOPIC', t.auditRequests);
  allow(p.configService, 'READ', 'TOPIC', t.auditResults);
  allow(p.configService, 'READ', 'GROUP', g(CONSUMER_GROUPS.configAudits));
  allow(p.configService, 'WRITE', 'TOPIC', deadLetterTopic(g(CONSUMER_GROUPS.configAudits)));
  // Imports of past sales: the seller's Guru transactions, read from Guru's API, go through the
  // same pipeline as the webhook's (marked x-origin: import), so config-service writes Guru's topic.
  allow(p.configService, 'WRITE', 'TOPIC', t.guruTransactions);

  // ops: reads every dead-letter topic (a throwaway group ops-dlq-reader-<id>, deleted after),
  // replays into the topics dead letters come from and `sale replay` writes sale orders; checks a
  // replay target's cleanup.policy first. Not the settings topic: replays there are refused.
  allow(p.ops, 'READ', 'TOPIC', 'deadletter.', 'PREFIXED');
  allow(p.ops, 'READ', 'GROUP', 'ops-dlq-reader-', 'PREFIXED');
  allow(p.ops, 'DELETE', 'GROUP', 'ops-dlq-reader-', 'PREFIXED');
  for (const target of [t.guruTransactions, t.saleOrders, t.saleOrdersRetry]) {
    allow(p.ops, 'WRITE', 'TOPIC', target);
    allow(p.ops, 'DESCRIBE_CONFIGS', 'TOPIC', target);
  }
  // The console's Operações (config-service, as ops): each product group's committed offsets and
  // the end offsets of the topics it reads that ops may not already write (consumer lag).
  for (const group of [
    CONSUMER_GROUPS.mappingSales, CONSUMER_GROUPS.dispatcher, CONSUMER_GROUPS.dispatcherRetry, CONSUMER_GROUPS.configSalesHistory,
    CONSUMER_GROUPS.dispatcherAudit, CONSUMER_GROUPS.configAudits,
  ]) {
    allow(p.ops, 'DESCRIBE', 'GROUP', g(group));
  }
  for (const topic of [t.dispatchResults, t.saleReprocess, t.auditRequests, t.auditResults]) allow(p.ops, 'DESCRIBE', 'TOPIC', topic);
  return grants;
}

function aclEntry(grant: AclGrant) {
  return {
    resourceType: grant.resource === 'TOPIC' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
    resourceName: grant.name,
    resourcePatternType: grant.pattern === 'LITERAL' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
    principal: `User:${grant.principal}`,
    host: '*',
    operation: AclOperationTypes[grant.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** Creates the ACLs (idempotent: an existing one is kept). Needs a principal allowed to alter ACLs. */
export async function createAcls(kafka: Kafka, grants: AclGrant[]): Promise<void> {
  if (grants.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl: grants.map(aclEntry) });
  } finally {
    await admin.disconnect();
  }
}

/** Deletes exactly these ACLs (an isolated test stack's, when it stops). */
export async function deleteAcls(kafka: Kafka, grants: AclGrant[]): Promise<void> {
  if (grants.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteAcls({ filters: grants.map(aclEntry) });
  } finally {
    await admin.disconnect();
  }
}
