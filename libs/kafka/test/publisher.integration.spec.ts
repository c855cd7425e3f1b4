import { Kafka } from 'kafkajs';
import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createLogger } from '@gv/telemetry';
import { localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { createKafka, ensureTopics, headersToStrings, KafkaPublisher } from '../src';

interface Read { partition: number; key: string; value: unknown; headers: Record<string, string> }

describe('KafkaPublisher on the real broker', () => {
  const env = testEnvironment();
  const logger = createLogger('test', 'silent');
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let topic: string;

  beforeEach(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'publisher-test', logger, security: localKafkaSecurity() });
    topic = uniqueId('test.publisher');
    await ensureTopics(kafka, [{ name: topic, partitions: 3 }]);
    publisher = new KafkaPublisher(kafka, { maxBatchMessages: 40 });
    await publisher.connect();
  });

  afterEach(async () => {
    await publisher.disconnect();
  });

  /** Everything on the topic, read from the beginning, in order per partition. */
  async function readAll(expected: number): Promise<Read[]> {
    const consumer = kafka.consumer({ groupId: uniqueId('publisher-read'), maxWaitTimeInMs: 100 });
    const read: Read[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          read.push({ partition, key: message.key!.toString(), value: JSON.parse(message.value!.toString()), headers: headersToStrings(message.headers) });
        },
      });
      const deadline = Date.now() + 30000;
      while (read.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      return read;
    } finally {
      await consumer.disconnect();
    }
  }

  it('coalesces concurrent calls into few produce requests, keeping per-key order', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 100; i += 1) {
      const key = keys[i % keys.length]!;
      calls.push(publisher.publish(topic, [{ key, value: { key, n: i }, contract: 'test@1' }]));
    }
    await Promise.all(calls);
    const stats = publisher.stats();
    expect(stats.messages).toBe(100);
    // 100 calls, at most 40 messages per request: 3 requests (40 + 40 + 20), not 100.
    expect(stats.produceRequests).toBe(3);

    const read = await readAll(100);
    expect(read).toHaveLength(100);
    for (const key of keys) {
      const ns = read.filter((m) => m.key === key).map((m) => (m.value as { n: number }).n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
      expect(ns).toHaveLength(20);
    }
    expect(read.every((m) => m.headers['x-contract'] === 'test@1')).toBe(true);
  });

  it('gives each message the traceparent of its own caller, even in one request', async () => {
    // What startTelemetry registers (no tracer provider needed for propagation).
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const parents = ['1', '2', '3'].map((d) => trace.wrapSpanContext({
      traceId: d.repeat(32), spanId: d.repeat(16), traceFlags: TraceFlags.SAMPLED,
    }));
    await Promise.all(parents.map((span, i) =>
      context.with(trace.setSpan(context.active(), span), () =>
        publisher.publish(topic, [{ key: `k${i}`, value: { i } }]))));
    expect(publisher.stats().produceRequests).toBe(1);
    const read = await readAll(3);
    expect(read).toHaveLength(3);
    for (let i = 0; i < 3; i += 1) {
      const message = read.find((m) => m.key === `k${i}`)!;
      const extracted = trace.getSpanContext(propagation.extract(context.active(), message.headers));
      // Without a registered tracer provider the PRODUCER span is the caller's context itself.
      expect(extracted?.traceId).toBe(parents[i]!.spanContext().traceId);
    }
    propagation.disable();
    context.disable();
  });

  it('fails every caller of a request the broker refuses', async () => {
    const missing = uniqueId('test.publisher-missing');
    await expect(publisher.publish(missing, [{ key: 'x', value: 1 }])).rejects.toThrow();
    // The publisher goes on working for the next call.
    await publisher.publish(topic, [{ key: 'y', value: 2 }]);
    expect(await readAll(1)).toHaveLength(1);
  });
});
