import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createKafka, KafkaPublisher } from '@gv/kafka';
import { createLogger, metricsText, parsePrometheusText, sampleValue, startMetrics } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafka, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { enqueueOutbox, openServiceDataSource, OutboxMessage, OutboxRelay } from '../src';
import { TestOutbox1700000000000 } from './test-outbox';

/** The topic refuses values above this (the test's stand-in for max.message.bytes). */
const MAX_MESSAGE_BYTES = 20_000;

interface OutboxRow {
  id: string;
  message_key: string;
  published_at: Date | null;
  set_aside_at: Date | null;
  set_aside_reason: string | null;
}

/** Everything the topic holds now, per partition in offset order (read from the beginning). */
async function readTopic(kafka: Kafka, topic: string): Promise<{ key: string; value: { version: number } }[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((e) => Number(e.high) > 0).map((e) => [e.partition, Number(e.high)]));
  const out: { key: string; value: { version: number } }[] = [];
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({ groupId: uniqueId('outbox-relay-read'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        out.push({ key: message.key!.toString(), value: JSON.parse(message.value!.toString()) });
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        if (remaining.size === 0) resolve();
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return out;
}

async function samples() {
  return parsePrometheusText((await metricsText()) ?? '');
}

/**
 * The shared OutboxRelay (config-service and invoice-dispatcher both run this class) against the
 * real broker and PostgreSQL: a row the broker refuses for good is set aside with its reason and
 * counted, and every other row, in the same batch or later, still goes out promptly.
 */
describe('OutboxRelay with a row the broker refuses', () => {
  jest.setTimeout(120_000);
  const env = testEnvironment();
  const logger = createLogger('outbox-relay-test', 'silent');
  const schema = uniqueId('outbox_relay').toLowerCase();
  const topic = uniqueId('test.outbox');
  let kafka: Kafka;
  let dataSource: DataSource;
  let publisher: KafkaPublisher;
  let relay: OutboxRelay | null = null;
  let probe: KafkaProbe;

  beforeAll(async () => {
    startMetrics('outbox-relay-test');
    dataSource = await openServiceDataSource({ url: env.databaseUrl, schema, entities: [OutboxMessage], migrations: [TestOutbox1700000000000], poolSize: 4 });
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'outbox-relay-test', logger, security: localKafkaSecurity() });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }] }],
    });
    await admin.disconnect();
    publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    probe = new KafkaProbe(env.kafkaBrokers);
    await probe.listen([topic]);
  });

  afterAll(async () => {
    await relay?.stop();
    await probe?.close();
    await publisher?.disconnect();
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  const rows = () => dataSource.query<OutboxRow[]>(`SELECT "id", "message_key", "published_at", "set_aside_at", "set_aside_reason" FROM "outbox" ORDER BY "id"`);

  it('sets the oversized row aside with its reason and publishes every other row of its batch, and later rows, within seconds', async () => {
    // Twelve keys (spread over the three partitions), three versions each, and one row far over
    // the topic's limit in the middle of the same batch: one produce request, which the broker
    // refuses for the big row's partition and writes for the others.
    const keys = Array.from({ length: 12 }, (_, i) => `acct-${i}`);
    const committedAt = await dataSource.transaction(async (manager) => {
      for (let version = 1; version <= 3; version += 1) {
        for (const key of keys) {
          await enqueueOutbox(manager, { topic, key, value: { key, version, filler: 'x'.repeat(100) } });
          if (version === 2 && key === 'acct-5') {
            await enqueueOutbox(manager, { topic, key: 'acct-big', value: { key: 'acct-big', version: 1, filler: 'y'.repeat(3 * MAX_MESSAGE_BYTES) } });
          }
        }
      }
      return Date.now();
    });
    const setAsideBefore = sampleValue(await samples(), 'outbox_set_aside_total', { topic, error: 'MESSAGE_TOO_LARGE' });

    relay = new OutboxRelay({ dataSource, publisher, logger, pollIntervalMs: 100 });
    relay.start();

    // Every good row arrives, and not much later than it would without the bad one (which,
    // before set-aside existed, held all of them back forever).
    await probe.waitFor(topic, (m) => m.key !== 'acct-big' && (m.value as { version: number }).version === 3, keys.length, 30_000);
    expect(Date.now() - committedAt).toBeLessThan(15_000);
    // What the topic holds (read from the beginning, not what a live consumer happened to see).
    const log = await readTopic(kafka, topic);
    for (const key of keys) {
      const versions = log.filter((m) => m.key === key).map((m) => m.value.version);
      // Each version at least once (a partly written request may be written again), and the
      // key's last message is its newest row (what a compacted topic keeps).
      expect([...new Set(versions)].sort()).toEqual([1, 2, 3]);
      expect(versions[versions.length - 1]).toBe(3);
    }
    expect(log.filter((m) => m.key === 'acct-big')).toEqual([]);

    const after = await rows();
    const big = after.filter((r) => r.message_key === 'acct-big');
    expect(big).toHaveLength(1);
    expect(big[0]!.published_at).toBeNull();
    expect(big[0]!.set_aside_at).toBeInstanceOf(Date);
    expect(big[0]!.set_aside_reason).toMatch(/^MESSAGE_TOO_LARGE: .+ \(value \d+ bytes\)$/);
    expect(Number(/\(value (\d+) bytes\)/.exec(big[0]!.set_aside_reason!)![1])).toBeGreaterThan(3 * MAX_MESSAGE_BYTES);
    expect(after.filter((r) => r.message_key !== 'acct-big').every((r) => r.published_at !== null && r.set_aside_at === null)).toBe(true);
    expect(await relay.backlog()).toBe(0);
    expect(await relay.setAsideCount()).toBe(1);

    // The metric moved; the gauge shows the row waiting for an operator.
    const s = await samples();
    expect(sampleValue(s, 'outbox_set_aside_total', { topic, error: 'MESSAGE_TOO_LARGE' }) - setAsideBefore).toBe(1);
    expect(sampleValue(s, 'outbox_set_aside_rows')).toBe(1);

    // The relay keeps going: a row committed afterwards is published.
    await dataSource.transaction((manager) => enqueueOutbox(manager, { topic, key: 'acct-0', value: { key: 'acct-0', version: 4 } }));
    relay.drainSoon();
    await probe.waitFor(topic, (m) => m.key === 'acct-0' && (m.value as { version: number }).version === 4, 1, 30_000);
  });

  it('publishes a set-aside row once the operator fixed the cause and cleared set_aside_at (the runbook)', async () => {
    const [big] = (await rows()).filter((r) => r.message_key === 'acct-big');
    expect(big?.set_aside_at).toBeInstanceOf(Date);
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: String(10 * MAX_MESSAGE_BYTES) }] }],
    });
    await admin.disconnect();
    await dataSource.query(`UPDATE "outbox" SET "set_aside_at" = NULL, "set_aside_reason" = NULL WHERE "id" = $1`, [big!.id]);
    relay!.drainSoon();
    const [message] = await probe.waitFor(topic, (m) => m.key === 'acct-big', 1, 30_000);
    expect((message!.value as { version: number }).version).toBe(1);
    await eventually(async () => (await rows()).find((r) => r.id === big!.id)?.published_at ?? undefined, 10_000, 'the row marked published');
    expect(await relay!.setAsideCount()).toBe(0);
  });

  it('sets aside the rows of a topic that does not exist, every one with the reason, and publishes the rest', async () => {
    await relay!.stop();
    relay = null;
    // A client that gives up on an unknown topic after a few retries (the services' retry for 8).
    const quick = localKafka('outbox-relay-test-quick', env.kafkaBrokers, {}, { retry: { initialRetryTime: 100, retries: 2 } });
    const quickPublisher = new KafkaPublisher(quick);
    await quickPublisher.connect();
    const missing = uniqueId('test.missing');
    await dataSource.transaction(async (manager) => {
      await enqueueOutbox(manager, { topic, key: 'acct-m', value: { key: 'acct-m', version: 1 } });
      await enqueueOutbox(manager, { topic: missing, key: 'acct-m', value: { n: 1 } });
      await enqueueOutbox(manager, { topic: missing, key: 'acct-n', value: { n: 2 } });
      await enqueueOutbox(manager, { topic, key: 'acct-m', value: { key: 'acct-m', version: 2 } });
    });
    const before = sampleValue(await samples(), 'outbox_set_aside_total', { topic: missing, error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    const missingRelay = new OutboxRelay({ dataSource, publisher: quickPublisher, logger, pollIntervalMs: 100 });
    try {
      missingRelay.start();
      await probe.waitFor(topic, (m) => m.key === 'acct-m' && (m.value as { version: number }).version === 2, 1, 60_000);
      const aside = await eventually(async () => {
        const found = (await rows()).filter((r) => r.set_aside_at !== null);
        return found.length === 2 ? found : undefined;
      }, 30_000, 'both rows of the missing topic set aside');
      expect(aside.map((r) => r.message_key)).toEqual(['acct-m', 'acct-n']);
      for (const row of aside) expect(row.set_aside_reason).toMatch(/^UNKNOWN_TOPIC_OR_PARTITION: .+ \(value \d+ bytes\)$/);
      expect(sampleValue(await samples(), 'outbox_set_aside_total', { topic: missing, error: 'UNKNOWN_TOPIC_OR_PARTITION' }) - before).toBe(2);
      expect(await missingRelay.backlog()).toBe(0);
    } finally {
      await missingRelay.stop();
      await quickPublisher.disconnect();
    }
  });
});
