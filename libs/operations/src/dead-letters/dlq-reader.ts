import { Kafka } from 'kafkajs';
import { readTopicsToEnd } from '@gv/kafka';
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
 * throwaway consumer group that commits nothing and is deleted afterwards (`readTopicsToEnd`).
 * Returns the dead letters in (topic, partition, offset) order.
 */
export async function readDeadLetters(kafka: Kafka, topics: string[], options: { timeoutMs?: number } = {}): Promise<DeadLetter[]> {
  const read = await readTopicsToEnd(kafka, topics, { timeoutMs: options.timeoutMs, groupPrefix: 'ops-dlq-reader' });
  return read.map((m) => toDeadLetter(m));
}
