import { Client } from 'pg';
import { Kafka } from 'kafkajs';
import {
  CONSUMER_GROUPS, deadLetterTopic, HEADERS, INTEGRATION_CONFIG, prefixedTopics, prefixedTopicSpecs, SaleOrder, saleKey,
} from '@gv/contracts';
import { ensureTopics } from '@gv/kafka';
import { buildIntegrationConfig, generateSale } from '@gv/guru-sale-generator';
import { eventually, freePort, KafkaProbe, localKafka, ownKafkaSecurityEnv, ServiceProcess, testEnvironment, uniqueId } from '@gv/testing';
import { parsePrometheusText, sampleValue } from '@gv/telemetry';

/**
 * The crash-loop breaker with real process deaths: mapping-service runs as its own process (from
 * dist/) with the test-only switch that makes a chosen sale abort the process natively (no JS catch
 * sees it). The test acts as the supervisor and starts the service again after each death. The
 * first process dies, the second and the third die (the sale was handled alone), the fourth
 * dead-letters the sale with reason crashed_consumer and maps the good sale behind it on the same
 * partition.
 */
describe('mapping-service crash-loop breaker (real process deaths)', () => {
  const env = testEnvironment();
  const isolation = uniqueId('crash');
  const groupPrefix = `${isolation}-`;
  const topicPrefix = `${isolation}.`;
  const topics = prefixedTopics(topicPrefix);
  const group = groupPrefix + CONSUMER_GROUPS.mappingSales;
  const salesDlq = deadLetterTopic(group);
  const configDlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.mappingConfig);
  const schema = isolation.toLowerCase();
  const accountId = uniqueId('acct');
  const marker = uniqueId('abort-here');
  let kafka: Kafka;
  let probe: KafkaProbe;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    kafka = localKafka('crash-test', env.kafkaBrokers);
    await ensureTopics(kafka, [...prefixedTopicSpecs(topicPrefix), { name: salesDlq, partitions: 1 }, { name: configDlq, partitions: 1 }]);
    probe = new KafkaProbe();
    await probe.listen([topics.saleOrders, salesDlq]);
    const snapshot = buildIntegrationConfig({ accountId, version: 1 });
    await probe.produce(topics.integrationConfig, [{ key: accountId, value: snapshot, headers: { [HEADERS.contract]: INTEGRATION_CONFIG } }]);
  });

  afterAll(async () => {
    for (const p of processes) await p.kill();
    await probe?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...prefixedTopicSpecs(topicPrefix).map((t) => t.name), salesDlq, configDlq] }).catch(() => undefined);
    await admin.disconnect();
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  async function startService(name: string): Promise<{ process: ServiceProcess; port: number }> {
    const port = await freePort();
    const service = new ServiceProcess({
      name,
      entry: 'services/mapping-service/src/main.ts',
      env: {
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        ...ownKafkaSecurityEnv(),
        DATABASE_URL: env.databaseUrl,
        DB_SCHEMA: schema,
        KAFKA_GROUP_PREFIX: groupPrefix,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        MAPPING_SERVICE_HTTP_PORT: String(port),
        // The broker's minimum: a dead instance's partitions move after 6 s instead of 30 s.
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        FAULT_ABORT_ON_MESSAGE_CONTAINING: marker,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
      },
    });
    processes.push(service);
    await service.start();
    return { process: service, port };
  }

  it('dead-letters a sale that killed three processes, with reason crashed_consumer, then maps the next sale of its partition', async () => {
    const deadly = generateSale({ seed: 31, id: marker, accountId, status: 'approved', variants: 'canonical' });
    const good = generateSale({ seed: 32, id: uniqueId('sale'), accountId, status: 'approved', variants: 'canonical' });
    // One partition (each sale keyed as itself: a key must name its envelope's sale), the deadly sale first.
    const key = saleKey(accountId, String(deadly.transaction.id));
    const goodKey = saleKey(accountId, String(good.transaction.id));
    const producer = kafka.producer();
    await producer.connect();
    const deadlyBytes = Buffer.from(JSON.stringify(deadly));
    const [sent] = await producer.send({
      topic: topics.guruTransactions,
      acks: -1,
      messages: [{ key, value: deadlyBytes, partition: 0 }, { key: goodKey, value: JSON.stringify(good), partition: 0 }],
    });
    await producer.disconnect();
    const produced = { partition: sent!.partition, offset: sent!.baseOffset! };

    // 1st process: handles the deadly sale and dies of a native abort.
    const first = await startService('mapping-service#1');
    expect(await first.process.exited(120000)).toEqual({ code: null, signal: 'SIGABRT' });
    expect(first.process.log).toContain('fault injection: aborting the process on this message');

    // 2nd process (the supervisor restarts it): one crash counted, the sale handled alone, dies again.
    const second = await startService('mapping-service#2');
    expect(await second.process.exited(120000)).toEqual({ code: null, signal: 'SIGABRT' });
    expect(second.process.log).toContain('messages were in flight when a consumer process died');
    expect(second.process.log).toContain('fault injection: aborting the process on this message');

    // 3rd process: two crashes counted, handled alone once more (a kill from outside could have hit
    // the 2nd), dies again.
    const thirdToDie = await startService('mapping-service#3');
    expect(await thirdToDie.process.exited(120000)).toEqual({ code: null, signal: 'SIGABRT' });
    expect(thirdToDie.process.log).toContain('fault injection: aborting the process on this message');

    // 4th process: the third crash is counted, the sale is dead-lettered instead of handled.
    const third = await startService('mapping-service#4');
    const [dead] = await probe.waitFor(salesDlq, (m) => m.rawValue?.includes(marker) ?? false, 1, 120000);
    expect(dead.headers[HEADERS.dlqReason]).toBe('crashed_consumer');
    expect(dead.headers[HEADERS.dlqOriginalTopic]).toBe(topics.guruTransactions);
    expect(dead.headers[HEADERS.dlqOriginalPartition]).toBe(String(produced.partition));
    expect(dead.headers[HEADERS.dlqOriginalOffset]).toBe(produced.offset);
    expect(dead.headers[HEADERS.dlqConsumerGroup]).toBe(group);
    expect(dead.key).toBe(key);
    expect(dead.rawValue?.equals(deadlyBytes)).toBe(true);

    // The good sale behind it on the same partition is mapped, by the fourth process.
    await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === good.transaction.id, 1, 60000);
    expect(probe.received(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === deadly.transaction.id)).toEqual([]);
    expect(third.process.pid).not.toBeNull();

    // The log line and the metrics say so.
    const line = third.process.log.split('\n').find((l) => l.includes('its consumer process died while handling it, three times'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      level: 'error', reason: 'crashed_consumer', crashes: 3, topic: topics.guruTransactions,
      partition: produced.partition, offset: produced.offset, deadLetterTopic: salesDlq,
    });
    const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${third.port}/metrics`)).text());
    expect(sampleValue(samples, 'kafka_crashed_consumer_dead_lettered_total', { group, topic: topics.guruTransactions })).toBe(1);
    expect(sampleValue(samples, 'kafka_consumer_crash_suspects_total', { group, topic: topics.guruTransactions })).toBe(1);
    expect(sampleValue(samples, 'kafka_dead_lettered_total', { group, topic: topics.guruTransactions })).toBe(1);

    // No marker is left behind once everything is handled.
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      await eventually(async () => Number((await db.query(`SELECT count(*) AS n FROM "${schema}"."kafka_inflight"`)).rows[0].n) === 0, 10000, 'no in-flight marker left');
    } finally {
      await db.end();
    }
  }, 400000);
});
