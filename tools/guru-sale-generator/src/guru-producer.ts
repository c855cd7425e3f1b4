import { Kafka, Partitioners, Producer } from 'kafkajs';
import { GURU_TRANSACTION_EVENT, HEADERS } from '@gv/contracts';

/** One Guru event as produced: key `accountId:id`, value the GuruTransactionEvent JSON. */
export interface GuruMessage {
  key: string;
  value: string;
}

/**
 * Produces Guru events to `guru.transactions.v1` the way Guru's platform does: keyed by sale (so a
 * sale's events stay in order on one partition), with the contract header, acknowledged by every
 * in-sync replica; idempotent, one request in flight, so a retried send neither duplicates nor
 * reorders.
 */
export class GuruEventProducer {
  private readonly producer: Producer;

  constructor(kafka: Kafka, private readonly topic: string) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /** Sends in batches of `batch` messages, in order. */
  async send(messages: GuruMessage[], batch = 500): Promise<void> {
    for (let start = 0; start < messages.length; start += batch) {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: messages.slice(start, start + batch).map((m) => ({ key: m.key, value: m.value, headers: { [HEADERS.contract]: GURU_TRANSACTION_EVENT } })),
      });
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
