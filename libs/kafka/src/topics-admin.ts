import { Kafka } from 'kafkajs';
import { TOPIC_SPECS, TopicSpec } from '@gv/contracts';

/**
 * Creates the product's topics that do not exist yet (the broker has auto-create off), with their
 * partition counts and, for the config topic, log compaction and its max.message.bytes. Returns
 * the names it created.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[] = TOPIC_SPECS): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: 1,
          configEntries: [
            ...(t.compacted
              ? [
                  { name: 'cleanup.policy', value: 'compact' },
                  { name: 'min.cleanable.dirty.ratio', value: '0.1' },
                  { name: 'segment.ms', value: '600000' },
                ]
              : []),
            ...(t.maxMessageBytes !== undefined ? [{ name: 'max.message.bytes', value: String(t.maxMessageBytes) }] : []),
          ],
        })),
      });
    }
    return missing.map((t) => t.name);
  } finally {
    await admin.disconnect();
  }
}
