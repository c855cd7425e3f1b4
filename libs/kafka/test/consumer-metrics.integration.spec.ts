import { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@gv/contracts';
import { createLogger, metricsText, parsePrometheusText, sampleValue, startMetrics } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { ConsumerLagMonitor, ConsumerRunner, createKafka, decodeJson, ensureTopics, KafkaPublisher } from '../src';

async function samples() {
  return parsePrometheusText((await metricsText()) ?? '');
}

describe('ConsumerRunner metrics and consumer lag on the real broker', () => {
  const env = testEnvironment();
  const logger = createLogger('test', 'silent');
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let probe: KafkaProbe;
  let runner: ConsumerRunner | null = null;
  let monitor: ConsumerLagMonitor | null = null;
  let topic: string;
  let group: string;

  beforeAll(() => startMetrics('kafka-metrics-test'));

  beforeEach(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'metrics-test', logger, security: localKafkaSecurity() });
    topic = uniqueId('test.metrics');
    group = uniqueId('metrics-group');
    await ensureTopics(kafka, [
      { name: topic, partitions: 2 },
      { name: deadLetterTopic(group), partitions: 1 },
    ]);
    publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    probe = new KafkaProbe(env.kafkaBrokers);
  });

  afterEach(async () => {
    await runner?.stop();
    await monitor?.stop();
    runner = null;
    monitor = null;
    await probe.close();
    await publisher.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, deadLetterTopic(group)] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('counts processed and dead-lettered messages per group, topic and outcome', async () => {
    let failOnce = true;
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      backoff: { initialMs: 50, maxMs: 50 },
      lagMonitor: { intervalMs: 200 },
      handler: async (message) => {
        const value = decodeJson(message.value) as { n: number };
        if (value.n === 3 && failOnce) {
          failOnce = false;
          throw Object.assign(new Error('database went away'), { code: 'ECONNREFUSED' });
        }
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [
      { key: 'a', value: '{"n": 1}' },
      { key: 'a', value: '{"n": 2}' },
      { key: 'a', value: 'not json' },
      { key: 'b', value: '{"n": 3}' },
      { key: 'b', value: '{"n": 4}' },
    ]);

    const labels = { group, topic };
    await eventually(async () => sampleValue(await samples(), 'kafka_messages_total', { ...labels, outcome: 'processed' }) === 4, 30000, '4 processed');
    const s = await samples();
    expect(sampleValue(s, 'kafka_messages_total', { ...labels, outcome: 'dead_lettered' })).toBe(1);
    expect(sampleValue(s, 'kafka_messages_total', { ...labels, outcome: 'retrying' })).toBe(1);
    expect(sampleValue(s, 'kafka_dead_lettered_total', labels)).toBe(1);

    // Everything committed: the lag monitor reports 0 on both partitions.
    await eventually(async () => {
      const lag = (await samples()).filter((x) => x.name === 'kafka_consumer_lag' && x.labels.group === group);
      return lag.length === 2 && lag.every((x) => x.value === 0);
    }, 20000, 'lag 0 on both partitions');
  });

  it('reports lag as end offset minus committed offset, and everything retained before the first commit', async () => {
    await probe.produce(topic, [0, 1, 2, 3, 4].map((n) => ({ key: 'same-key', value: JSON.stringify({ n }) })));
    monitor = new ConsumerLagMonitor({ kafka, groupId: group, topics: [topic], logger, intervalMs: 60000 });
    monitor.start();
    await monitor.refresh();
    expect(monitor.total).toBe(5n);
    const lagged = monitor.current.find((p) => p.lag > 0n)!;
    expect(lagged.committed).toBeNull();

    // Commit 2 of the 5 on that partition: lag 3.
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: lagged.partition, offset: '2' }] });
    await admin.disconnect();
    await monitor.refresh();
    expect(monitor.total).toBe(3n);
    const s = await samples();
    expect(sampleValue(s, 'kafka_consumer_lag', { group, topic, partition: String(lagged.partition) })).toBe(3);
  });
});
