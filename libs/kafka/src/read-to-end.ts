import { randomUUID } from 'crypto';
import type { Kafka } from 'kafkajs';
import { headersToStrings } from './serialization';

/** One message read by readTopicsToEnd. */
export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Reads `topics` from the beginning up to the end offsets they had when the call started, with a
 * throwaway consumer group that commits nothing and is deleted afterwards (operators' tools and
 * checks that need a topic's whole content). Returns the messages in (topic, partition, offset) order.
 */
export async function readTopicsToEnd(kafka: Kafka, topics: string[], options: { timeoutMs?: number; groupPrefix?: string } = {}): Promise<ReadMessage[]> {
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

  const timeoutMs = options.timeoutMs ?? 60000;
  const groupId = `${options.groupPrefix ?? 'read-to-end'}-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false, sessionTimeout: 10000 });
  const read: ReadMessage[] = [];
  const remaining = new Set(targets.keys());
  try {
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topics.join(', ')} did not reach the end offsets within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const id = `${topic}:${partition}`;
            const target = targets.get(id);
            if (target === undefined || BigInt(message.offset) >= target) return;
            read.push({ topic, partition, offset: message.offset, timestamp: message.timestamp, key: message.key, value: message.value, headers: headersToStrings(message.headers) });
            if (BigInt(message.offset) + 1n >= target) {
              remaining.delete(id);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
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
  return read.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}
