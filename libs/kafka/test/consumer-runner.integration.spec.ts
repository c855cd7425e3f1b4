import { Kafka } from 'kafkajs';
import { z } from 'zod';
import { deadLetterTopic, HEADERS, parseContract } from '@gv/contracts';
import { createLogger } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { ConsumerRunner, createKafka, decodeJson, ensureTopics, KafkaPublisher } from '../src';

const Greeting = z.object({ name: z.string().min(1) });

describe('ConsumerRunner on the real broker', () => {
  const env = testEnvironment();
  const logger = createLogger('test', 'silent');
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let runner: ConsumerRunner | null = null;
  let probe: KafkaProbe;
  let topic: string;
  let group: string;

  beforeEach(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'runner-test', logger, security: localKafkaSecurity() });
    topic = uniqueId('test.runner');
    group = uniqueId('runner-group');
    await ensureTopics(kafka, [
      { name: topic, partitions: 1 },
      { name: deadLetterTopic(group), partitions: 1 },
    ]);
    publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    probe = new KafkaProbe(env.kafkaBrokers);
    await probe.listen([deadLetterTopic(group)]);
  });

  afterEach(async () => {
    await runner?.stop();
    runner = null;
    await probe.close();
    await publisher.disconnect();
  });

  it('dead-letters a malformed message with its reason and still processes the next one on the same partition', async () => {
    const handled: string[] = [];
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      handler: async (message) => {
        const value = parseContract('greeting@1', Greeting, decodeJson(message.value));
        handled.push(value.name);
      },
    });
    await runner.start();
    await runner.waitUntilJoined();

    await probe.produce(topic, [
      { key: 'k', value: '{"name": "first"}' },
      { key: 'k', value: '{not json' },
      { key: 'k', value: '{"name": ""}' },
      { key: 'k', value: '{"name": "last"}' },
    ]);

    await eventually(() => handled.length === 2, 30000, 'both valid messages handled');
    expect(handled).toEqual(['first', 'last']);
    const dead = await probe.waitFor(deadLetterTopic(group), () => true, 2);
    expect(dead.map((m) => m.rawValue?.toString())).toEqual(['{not json', '{"name": ""}']);
    expect(dead[0].headers[HEADERS.dlqReason]).toMatch(/^value is not valid JSON/);
    expect(dead[0].headers[HEADERS.dlqField]).toBe('(value)');
    expect(dead[1].headers[HEADERS.dlqField]).toBe('name');
    expect(dead[1].headers[HEADERS.dlqReason]).toContain('greeting@1: name:');
    expect(dead[1].headers[HEADERS.dlqOriginalTopic]).toBe(topic);
    expect(dead[1].headers[HEADERS.dlqOriginalOffset]).toBe('2');
    expect(dead[1].headers[HEADERS.dlqConsumerGroup]).toBe(group);

    // Offsets were committed past everything: the group's committed offset is the end.
    const admin = kafka.admin();
    await admin.connect();
    await eventually(async () => {
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return committed.partitions[0].offset === '4';
    }, 10000, 'offset 4 committed');
    await admin.disconnect();
  });

  it('retries an infrastructure failure in place without committing, then processes the message once', async () => {
    let calls = 0;
    const handled: string[] = [];
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      backoff: { initialMs: 50, maxMs: 200 },
      handler: async (message) => {
        calls += 1;
        if (calls <= 3) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        handled.push(String((decodeJson(message.value) as { name: string }).name));
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [{ key: 'k', value: '{"name": "a"}' }, { key: 'k', value: '{"name": "b"}' }]);
    await eventually(() => handled.length === 2, 30000, 'messages handled after the outage');
    expect(handled).toEqual(['a', 'b']);
    expect(calls).toBe(5);
    expect(probe.received(deadLetterTopic(group))).toHaveLength(0);
  });

  it('holds a message back until its not-before time without blocking the consumer loop', async () => {
    const handledAt: number[] = [];
    const dueAt = Date.now() + 1500;
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      notBefore: (m) => Number(m.headers[HEADERS.retryNotBefore] ?? 0) || null,
      handler: async () => {
        handledAt.push(Date.now());
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [{ key: 'k', value: '{}', headers: { [HEADERS.retryNotBefore]: String(dueAt) } }]);
    await eventually(() => handledAt.length === 1, 30000, 'delayed message handled');
    expect(handledAt[0]).toBeGreaterThanOrEqual(dueAt);
  });
});
