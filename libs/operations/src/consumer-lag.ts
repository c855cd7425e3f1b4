import type { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS, TopicNames } from '@gv/contracts';
import { computeLag } from '@gv/kafka';

/**
 * The product's long-lived consumer groups and the topics each reads, for the Operações view.
 * mapping-service's settings view and the dispatcher's settings watch read under a throwaway group
 * per instance (nothing committed that would show a lag), so they are not here.
 */
export const CONSUMED_TOPICS: { group: keyof typeof CONSUMER_GROUPS; topics: (keyof TopicNames)[] }[] = [
  { group: 'mappingSales', topics: ['guruTransactions'] },
  { group: 'dispatcher', topics: ['saleOrders', 'saleReprocess'] },
  { group: 'dispatcherRetry', topics: ['saleOrdersRetry'] },
  { group: 'configSalesHistory', topics: ['saleOrders', 'dispatchResults'] },
  { group: 'dispatcherAudit', topics: ['auditRequests'] },
  { group: 'configAudits', topics: ['auditResults'] },
];

export interface GroupTopicLag {
  group: string;
  topic: string;
  /** Messages not yet committed by the group (a partition it never committed on counts from the low watermark). */
  lag: number;
  partitions: { partition: number; end: string; committed: string | null; lag: number }[];
}

/** The lag of each product group on each of its topics (end offset minus committed offset). */
export async function consumerLag(kafka: Kafka, topics: TopicNames, groupPrefix = ''): Promise<GroupTopicLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out: GroupTopicLag[] = [];
    for (const { group: groupKey, topics: topicKeys } of CONSUMED_TOPICS) {
      const group = `${groupPrefix}${CONSUMER_GROUPS[groupKey]}`;
      const names = topicKeys.map((k) => topics[k]);
      const committed = await admin.fetchOffsets({ groupId: group, topics: names });
      for (const topic of names) {
        const partitions = computeLag(topic, await admin.fetchTopicOffsets(topic), committed.find((c) => c.topic === topic)?.partitions ?? []);
        out.push({
          group,
          topic,
          lag: Number(partitions.reduce((sum, p) => sum + p.lag, 0n)),
          partitions: partitions.map((p) => ({ partition: p.partition, end: p.end.toString(), committed: p.committed?.toString() ?? null, lag: Number(p.lag) })),
        });
      }
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}
