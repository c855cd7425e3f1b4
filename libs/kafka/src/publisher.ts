import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { HEADERS } from '@gv/contracts';
import { encodeJson } from './serialization';

export interface OutgoingMessage {
  key: string;
  /** Serialised as JSON; `null` publishes a tombstone (compacted topics). */
  value: unknown;
  /** Contract name and version of the value, e.g. `sale-order@1` (header x-contract). */
  contract?: string;
  headers?: Record<string, string>;
}

/**
 * The one way services publish. Idempotent producer (no duplicates from producer retries) and
 * acks from all in-sync replicas; `publish` resolves only once the broker has the messages.
 */
export class KafkaPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    // Java-compatible murmur2 partitioning (kafkajs's default since 2.0), named to silence its notice.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: messages.map((m) => ({
        key: m.key,
        value: m.value === null ? null : encodeJson(m.value),
        headers: { ...(m.contract ? { [HEADERS.contract]: m.contract } : {}), ...(m.headers ?? {}) },
      })),
    });
  }

  /** Publishes raw bytes as they were (dead-letter and replay keep the original value untouched). */
  async publishRaw(topic: string, messages: { key: Buffer | string | null; value: Buffer | null; headers: Record<string, string> }[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({ topic, acks: -1, messages });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
