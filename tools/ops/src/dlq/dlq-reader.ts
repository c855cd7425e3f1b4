import { randomUUID } from 'crypto';
import { Kafka } from 'kafkajs';
import { headersToStrings } from '@gv/kafka';
import { DeadLetter, isDeadLetterTopic, toDeadLetter } from './dead-letters';

/** Every dead-letter topic on the broker (`deadletter.<group>.v<n>`), sorted. */
export async function listDeadLetterTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter(isDeadLetterTopic).sort();
  } finally {
    await admin.disconnect();
  }
}

export async function topicExists(kafka: Kafka, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect();
  }
}

/** Whether `topic` is log-compacted (replaying an old value into it would replace newer ones). */
export async function isCompactedTopic(kafka: Kafka, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2 /* ConfigResourceTypes.TOPIC */, name: topic, configNames: ['cleanup.policy'] }],
    });
    const policy = resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue ?? '';
    return policy.includes('compact');
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `topics` from the beginning up to the end offsets they had when the call started, with a
 * throwaway consumer group that commits nothing and is deleted afterwards. Returns the dead letters
 * in (topic, partition, offset) order.
 */
export async function readDeadLetters(kafka: Kafka, topics: string[], options: { timeoutMs?: number } = {}): Promise<DeadLetter[]> {
  if (topics.length === 0) return [];
  const admin = kafka.admin();
  await admin.connect();
  const targets = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) targets.set(`${topic}:${p.partition}`, BigInt(p.high));
      }
    }
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  if (targets.size === 0) {
    await admin.disconnect();
    return [];
  }

  const groupId = `ops-dlq-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false, sessionTimeout: 10000 });
  const letters: DeadLetter[] = [];
  const remaining = new Set(targets.keys());
  try {
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topics.join(', ')} did not reach the end offsets within ${options.timeoutMs ?? 60000} ms`)),
        options.timeoutMs ?? 60000,
      );
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const id = `${topic}:${partition}`;
            const target = targets.get(id);
            if (target === undefined || BigInt(message.offset) >= target) return;
            letters.push(toDeadLetter({
              topic,
              partition,
              offset: message.offset,
              timestamp: message.timestamp,
              key: message.key,
              value: message.value,
              headers: headersToStrings(message.headers),
            }));
            if (BigInt(message.offset) + 1n >= target) {
              remaining.delete(id);
              if (remaining.size === 0) done();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  return letters.sort((a, b) => a.dlqTopic.localeCompare(b.dlqTopic) || a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}
