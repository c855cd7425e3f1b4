import { Consumer, Kafka, Producer } from 'kafkajs';
import { headersToStrings } from '@gv/kafka';
import { localKafka } from './kafka-security';
import { testEnvironment, uniqueId } from './test-environment';

export interface ProbedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: unknown;
  rawValue: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Reads topics from their current end with a throwaway consumer group, so a test sees exactly the
 * messages produced after it started listening; and produces raw test input.
 */
export class KafkaProbe {
  private readonly kafka: Kafka;
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  /** The producer's connection, shared by concurrent first calls (a second connect() would race the first). */
  private producerReady: Promise<Producer> | null = null;
  readonly messages: ProbedMessage[] = [];

  /** `security` overrides this process's Kafka security variables (e.g. to produce as another principal). */
  constructor(brokers = testEnvironment().kafkaBrokers, security: Record<string, string | undefined> = {}) {
    this.kafka = localKafka(uniqueId('probe'), brokers, security);
  }

  async listen(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: uniqueId('probe'), maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    for (const topic of topics) await this.consumer.subscribe({ topic, fromBeginning: false });
    let joined = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        let value: unknown = null;
        try {
          value = message.value ? JSON.parse(message.value.toString('utf8')) : null;
        } catch {
          value = message.value?.toString('utf8');
        }
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          rawValue: message.value,
          headers: headersToStrings(message.headers),
        });
      },
    });
    const deadline = Date.now() + 30000;
    while (!joined) {
      if (Date.now() > deadline) throw new Error('probe consumer did not join');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** `partition` pins a message to one partition (default: by key, as the producers of the product do). */
  async produce(topic: string, messages: { key: string | null; value: string | Buffer | object | null; headers?: Record<string, string>; partition?: number }[]): Promise<void> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false });
      this.producer = producer;
      await producer.connect();
      return producer;
    })();
    const producer = await this.producerReady;
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key,
        value: m.value === null ? null : typeof m.value === 'string' || Buffer.isBuffer(m.value) ? m.value : JSON.stringify(m.value),
        headers: m.headers,
        ...(m.partition !== undefined ? { partition: m.partition } : {}),
      })),
    });
  }

  received(topic: string, predicate: (m: ProbedMessage) => boolean = () => true): ProbedMessage[] {
    return this.messages.filter((m) => m.topic === topic && predicate(m));
  }

  async waitFor(topic: string, predicate: (m: ProbedMessage) => boolean, count = 1, timeoutMs = 60000): Promise<ProbedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received(topic, predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${count} message(s) on ${topic}; got ${found.length}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
