import { CompressionTypes, Kafka, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { context, propagation, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { HEADERS } from '@gv/contracts';
import { PermanentPublishFailure, permanentPublishFailure } from './errors';
import { encodeJson } from './serialization';

export interface OutgoingMessage {
  key: string;
  /** Serialised as JSON; `null` publishes a tombstone (compacted topics). */
  value: unknown;
  /** Contract name and version of the value, e.g. `sale-order@1` (header x-contract). */
  contract?: string;
  headers?: Record<string, string>;
}

export interface KafkaPublisherOptions {
  /** Most messages in one produce request (several callers' messages are coalesced into one). */
  maxBatchMessages?: number;
}

interface Pending {
  topic: string;
  messages: Message[];
  spans: Span[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const tracer = trace.getTracer('@gv/kafka');

/**
 * The one way services publish. Idempotent producer (no duplicates from producer retries) and
 * acks from all in-sync replicas; `publish` resolves only once the broker has the messages.
 *
 * Concurrent `publish` calls are coalesced: whatever is queued while a produce request is in flight
 * (or within the same turn of the event loop) goes out in the next request, one `sendBatch` for
 * all callers, like the Java client's linger. On this kind of machine every request costs the
 * broker and the client far more than its bytes, so this is most of Kafka's cost per sale. Order
 * is kept: calls are queued in call order, requests go out one at a time, and a request keeps
 * the order of its messages per partition. Each caller still waits for the broker's ack of its
 * own messages, and a failed request fails every caller in it.
 *
 * Each message gets its own PRODUCER span, child of the caller's context, and that span's
 * traceparent in its headers, so a coalesced request does not mix traces; the kafkajs
 * instrumentation's own spans are suppressed for the coalesced request.
 *
 * After a failed request the producer is replaced (a new producer id) before the next one. The
 * broker handles each partition of a request on its own, so a request that failed for one
 * partition (say, a message too large) may have been written for the others; kafkajs then rolls
 * the sequence numbers of every partition back, and the next, differently composed request to a
 * written partition is refused with OUT_OF_ORDER_SEQUENCE_NUMBER for as long as the producer lives.
 * A fresh producer starts its sequences anew: what had been written is at worst written again
 * (consumers are idempotent), and is never stuck.
 */
export class KafkaPublisher {
  private producer: Producer;
  private readonly maxBatch: number;
  private connected = false;
  /** Set by a failed request: the next request goes through a new producer. */
  private renew = false;
  /** publishRaw calls in flight per producer, so a replaced producer is closed only once they end. */
  private readonly rawInFlight = new Map<Producer, Set<Promise<unknown>>>();
  private queue: Pending[] = [];
  private flushing = false;
  private flushScheduled = false;
  private readonly counts = { produceRequests: 0, messages: 0 };

  constructor(private readonly kafka: Kafka, options: KafkaPublisherOptions = {}) {
    this.producer = this.createProducer();
    this.maxBatch = options.maxBatchMessages ?? 500;
  }

  private createProducer(): Producer {
    // Java-compatible murmur2 partitioning (kafkajs's default since 2.0), named to silence its notice.
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /**
   * Why the broker will never take the messages of a failed `publish` (e.g. `MESSAGE_TOO_LARGE: …`),
   * or null when the failure may pass and the publish should be retried (see permanentPublishFailure).
   */
  permanentFailure(error: unknown): PermanentPublishFailure | null {
    return permanentPublishFailure(error);
  }

  /** Coalesced produce requests sent and messages in them, since start (for tests and metrics). */
  stats(): { produceRequests: number; messages: number } {
    return { ...this.counts };
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /** Queues the messages synchronously (call order is publish order) and resolves once acked. */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const spans: Span[] = [];
    const encoded = messages.map((m) => {
      const span = tracer.startSpan(`send ${topic}`, {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.name': 'send',
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic,
          'messaging.kafka.message.key': m.key,
        },
      });
      spans.push(span);
      const headers: Record<string, string> = { ...(m.contract ? { [HEADERS.contract]: m.contract } : {}), ...(m.headers ?? {}) };
      propagation.inject(trace.setSpan(context.active(), span), headers);
      return { key: m.key, value: m.value === null ? null : encodeJson(m.value), headers };
    });
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, messages: encoded, spans, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Publishes raw bytes as they were (dead-letter and replay keep the original value untouched). */
  async publishRaw(topic: string, messages: { key: Buffer | string | null; value: Buffer | null; headers: Record<string, string> }[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = this.producer;
    const sending = producer.send({ topic, acks: -1, messages });
    const inFlight = this.rawInFlight.get(producer) ?? new Set();
    this.rawInFlight.set(producer, inFlight);
    inFlight.add(sending);
    try {
      await sending;
    } catch (error) {
      this.renew = true;
      throw error;
    } finally {
      inFlight.delete(sending);
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    while (this.queue.length > 0 || this.flushing) await new Promise((r) => setTimeout(r, 5));
    this.connected = false;
    await this.producer.disconnect();
  }

  private scheduleFlush(): void {
    if (this.flushing || this.flushScheduled) return;
    this.flushScheduled = true;
    // Next turn of the event loop: calls made in this one join the request.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        const topicMessages = groupByTopic(batch);
        this.counts.produceRequests += 1;
        this.counts.messages += topicMessages.reduce((n, t) => n + t.messages.length, 0);
        try {
          if (this.renew) await this.renewProducer();
          await context.with(suppressTracing(context.active()), () =>
            this.producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages }));
          for (const p of batch) {
            for (const span of p.spans) span.end();
            p.resolve();
          }
        } catch (error) {
          this.renew = true;
          for (const p of batch) {
            for (const span of p.spans) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
              span.end();
            }
            p.reject(error);
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Connects a new producer (new producer id, fresh sequence numbers) in place of the current one. */
  private async renewProducer(): Promise<void> {
    const fresh = this.createProducer();
    try {
      await fresh.connect();
    } catch (error) {
      await fresh.disconnect().catch(() => undefined);
      throw error;
    }
    const old = this.producer;
    this.producer = fresh;
    this.renew = false;
    const inFlight = [...(this.rawInFlight.get(old) ?? [])];
    this.rawInFlight.delete(old);
    void Promise.allSettled(inFlight).then(() => old.disconnect()).catch(() => undefined);
  }

  /** Whole calls, in order, up to maxBatch messages (at least one call). */
  private takeBatch(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.messages.length <= this.maxBatch)) {
      count += this.queue[n]!.messages.length;
      n += 1;
    }
    return this.queue.splice(0, n);
  }
}

/** One entry per topic, messages in call order (so per-partition order is call order). */
function groupByTopic(batch: Pending[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const p of batch) {
    const list = byTopic.get(p.topic);
    if (list) list.push(...p.messages);
    else byTopic.set(p.topic, [...p.messages]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
