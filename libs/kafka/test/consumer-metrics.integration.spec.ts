import { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@gv/contracts';
import { createLogger, findSamples, metricsText, parsePrometheusText, sampleValue, startMetrics } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { ConsumerLagMonitor, ConsumerRunner, createKafka, decodeJson, ensureTopics, KafkaPublisher } from '../src';
import { haltingHandler } from './halting-handler';

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

  it('reports a partition halted behind in-flight work that does not end: the halted-seconds gauge and one error log', async () => {
    // `slow` hangs, `down` fails on unavailable infrastructure: the partition halts and cannot be
    // rewound until `slow` ends. The watchdog must show it (gauge growing, one log line) and the
    // gauge must be gone once the partition runs again.
    const lines: Array<Record<string, unknown>> = [];
    const capture = createLogger('test', 'error', { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
    const halting = haltingHandler();
    runner = new ConsumerRunner({
      kafka, publisher, logger: capture, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      backoff: { initialMs: 50, maxMs: 50 },
      haltReportAfterMs: 400,
      lagMonitor: false,
      handler: halting.handler,
    });
    try {
      await runner.start();
      await runner.waitUntilJoined();
      // One partition for both, so the halt holds `down` behind `slow`.
      await probe.produce(topic, [
        { key: 's', value: '{"name": "slow"}', partition: 0 },
        { key: 'd', value: '{"name": "down"}', partition: 0 },
      ]);
      await eventually(() => halting.downFailed, 30000, 'down failed while slow is in flight');
      const labels = { group, topic, partition: '0' };
      const gauge = 'kafka_consumer_partition_halted_seconds';
      const halted = async () => sampleValue(await samples(), gauge, labels);
      await eventually(async () => (await halted()) >= 0.4, 10000, 'halted for 0.4 s on the gauge');
      await eventually(() => lines.some((l) => l.message === 'partition halted for too long: it takes no new messages until its in-flight work ends'), 10000, 'the watchdog log line');
      const reported = lines.filter((l) => String(l.message).startsWith('partition halted for too long'));
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({ groupId: group, topic, partition: 0, inFlight: 1 });
      expect(Number(reported[0]!.haltedForMs)).toBeGreaterThanOrEqual(400);
      const first = await halted();
      await new Promise((r) => setTimeout(r, 300));
      expect(await halted()).toBeGreaterThan(first);
      // Reported once per halt, however long it lasts.
      expect(lines.filter((l) => String(l.message).startsWith('partition halted for too long'))).toHaveLength(1);

      halting.release();
      await eventually(() => halting.handled.includes('down'), 30000, 'down handled after the rewind');
      await eventually(async () => (await halted()) === 0, 10000, 'the gauge at 0 once the partition runs again');
      expect(findSamples(await samples(), gauge, labels)).toHaveLength(1);
    } finally {
      halting.release();
    }
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
