import { Kafka } from 'kafkajs';
import {
  CONSUMER_GROUPS, deadLetterTopic, GURU_BOUNDS, HEADERS, INTEGRATION_CONFIG, prefixedTopics, prefixedTopicSpecs, SaleOrder, saleKey,
} from '@gv/contracts';
import { ensureTopics } from '@gv/kafka';
import { buildIntegrationConfig, generateSale } from '@gv/guru-sale-generator';
import { freePort, KafkaProbe, localKafka, ownKafkaSecurityEnv, ServiceProcess, testEnvironment, uniqueId } from '@gv/testing';

/**
 * Hostile Guru input against mapping-service running as its own process (from dist/, as in
 * production, 256 MiB old generation): each hostile message is dead-lettered naming its field and
 * bound, the next message on the partition is mapped within seconds, and the process never dies.
 */
describe('mapping-service process under hostile Guru sales', () => {
  const env = testEnvironment();
  const isolation = uniqueId('maphostile');
  const groupPrefix = `${isolation}-`;
  const topicPrefix = `${isolation}.`;
  const topics = prefixedTopics(topicPrefix);
  const salesDlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.mappingSales);
  const configDlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.mappingConfig);
  const account = uniqueId('acme_cursos');
  const otherAccount = uniqueId('beta_marcenaria');
  let kafka: Kafka;
  let probe: KafkaProbe;
  let service: ServiceProcess;
  let pidAtStart: number | null;

  beforeAll(async () => {
    kafka = localKafka('map-hostile-test', env.kafkaBrokers);
    await ensureTopics(kafka, [...prefixedTopicSpecs(topicPrefix), { name: salesDlq, partitions: 1 }, { name: configDlq, partitions: 1 }]);
    probe = new KafkaProbe();
    await probe.listen([topics.saleOrders, topics.dispatchResults, salesDlq]);
    for (const accountId of [account, otherAccount]) {
      const snapshot = buildIntegrationConfig({ accountId, version: 1, enviarParcelas: true });
      await probe.produce(topics.integrationConfig, [{ key: accountId, value: snapshot, headers: { [HEADERS.contract]: INTEGRATION_CONFIG } }]);
    }
    const port = await freePort();
    service = new ServiceProcess({
      name: 'mapping-service',
      entry: 'services/mapping-service/src/main.ts',
      env: {
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        ...ownKafkaSecurityEnv(),
        DATABASE_URL: env.databaseUrl,
        DB_SCHEMA: isolation.toLowerCase(),
        KAFKA_GROUP_PREFIX: groupPrefix,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        MAPPING_SERVICE_HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    await service.start(90000);
    pidAtStart = service.pid;
  }, 180000);

  afterAll(async () => {
    await service?.stop();
    await probe?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...prefixedTopicSpecs(topicPrefix).map((t) => t.name), salesDlq, configDlq] }).catch(() => undefined);
    await admin.disconnect();
  });

  const idOf = (m: { value: unknown }) => String((m.value as { transaction?: { id?: unknown } })?.transaction?.id ?? '');
  const dumpOnFailure = async <T>(work: Promise<T>): Promise<T> => work.catch((error) => {
    console.log(`----- mapping-service\n${service.log.slice(-4000)}`);
    throw error;
  });

  it('the poison sale (100000000 installments, Enviar parcelas on) is dead-lettered with its field and bound; the next sale on the partition is mapped within seconds; no restart', async () => {
    const poison = generateSale({ seed: 41, id: uniqueId('poison'), accountId: account, status: 'approved', method: 'credit_card', installments: 12, variants: 'canonical' });
    (poison.transaction.payment as { installments: { qty: number } }).installments.qty = 100000000;
    const good = generateSale({ seed: 42, id: uniqueId('good'), accountId: account, status: 'approved', method: 'credit_card', installments: 3, variants: 'canonical' });
    // Both on partition 0, poison first.
    await probe.produce(topics.guruTransactions, [
      { key: saleKey(account, String(poison.transaction.id)), value: poison, partition: 0 },
      { key: saleKey(account, String(good.transaction.id)), value: good, partition: 0 },
    ]);
    const [dead] = await dumpOnFailure(probe.waitFor(salesDlq, (m) => idOf(m) === poison.transaction.id, 1, 30000));
    expect(dead.headers[HEADERS.dlqField]).toBe('transaction.payment.installments.qty');
    expect(dead.headers[HEADERS.dlqReason]).toBe(`100000000 is above the bound of ${GURU_BOUNDS.maxInstallments} installments`);
    expect(dead.headers[HEADERS.dlqOriginalPartition]).toBe('0');
    const [mapped] = await dumpOnFailure(probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === good.transaction.id, 1, 20000));
    expect((mapped.value as SaleOrder).order.installments).toHaveLength(3);
    expect(probe.received(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === poison.transaction.id)).toHaveLength(0);
    expect(service.pid).toBe(pidAtStart);
    expect(service.log).not.toMatch(/heap out of memory|FATAL ERROR/i);
  });

  it('a key naming another account is dead-lettered as key_mismatch and nothing is published for it', async () => {
    const sale = generateSale({ seed: 43, id: uniqueId('mismatch'), accountId: account, status: 'approved' });
    const next = generateSale({ seed: 44, id: uniqueId('next'), accountId: account, status: 'approved' });
    await probe.produce(topics.guruTransactions, [
      { key: saleKey(otherAccount, String(sale.transaction.id)), value: sale, partition: 1 },
      { key: saleKey(account, String(next.transaction.id)), value: next, partition: 1 },
    ]);
    const [dead] = await dumpOnFailure(probe.waitFor(salesDlq, (m) => idOf(m) === sale.transaction.id, 1, 30000));
    expect(dead.headers[HEADERS.dlqField]).toBe('key');
    expect(dead.headers[HEADERS.dlqReason]).toBe(
      `key_mismatch: message key "${otherAccount}:${sale.transaction.id}" is not "${account}:${sale.transaction.id}" (the value's accountId:guruTransactionId)`,
    );
    await dumpOnFailure(probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === next.transaction.id, 1, 20000));
    const forMismatch = (m: { value: unknown }) => (m.value as { guruTransactionId?: string }).guruTransactionId === sale.transaction.id;
    expect(probe.received(topics.saleOrders, forMismatch)).toHaveLength(0);
    expect(probe.received(topics.dispatchResults, forMismatch)).toHaveLength(0);
    expect(service.pid).toBe(pidAtStart);
  });

  it('an account id with ":" (two sales could share a key), an oversized value and a deeply nested one are dead-lettered naming the field', async () => {
    const colon = generateSale({ seed: 45, id: uniqueId('colon'), accountId: account, status: 'approved' });
    const colonEvent = { ...colon, accountId: `${account}:x` };
    const huge = generateSale({ seed: 46, id: uniqueId('huge'), accountId: account, status: 'approved' });
    (huge.transaction as Record<string, unknown>).padding = 'x'.repeat(GURU_BOUNDS.maxBytes);
    const deep = Buffer.from(`{"accountId":"${account}","transaction":{"id":"deep","x":${'['.repeat(100000)}${']'.repeat(100000)}}}`);
    const next = generateSale({ seed: 47, id: uniqueId('next'), accountId: account, status: 'approved' });
    await probe.produce(topics.guruTransactions, [
      { key: `${account}:x:${colon.transaction.id}`, value: colonEvent, partition: 2 },
      { key: saleKey(account, String(huge.transaction.id)), value: huge, partition: 2 },
      { key: saleKey(account, 'deep'), value: deep, partition: 2 },
      { key: saleKey(account, String(next.transaction.id)), value: next, partition: 2 },
    ]);
    const dead = await dumpOnFailure(probe.waitFor(salesDlq, (m) => m.headers[HEADERS.dlqOriginalPartition] === '2', 3, 30000));
    const byKey = new Map(dead.map((m) => [m.key, m.headers]));
    expect(byKey.get(`${account}:x:${colon.transaction.id}`)?.[HEADERS.dlqField]).toBe('accountId');
    const hugeHeaders = byKey.get(saleKey(account, String(huge.transaction.id)));
    expect(hugeHeaders?.[HEADERS.dlqField]).toBe('(value)');
    expect(hugeHeaders?.[HEADERS.dlqReason]).toMatch(new RegExp(`^value is \\d+ bytes, above the bound of ${GURU_BOUNDS.maxBytes} bytes$`));
    expect(byKey.get(saleKey(account, 'deep'))).toMatchObject({
      [HEADERS.dlqField]: '(value)',
      [HEADERS.dlqReason]: `value nests objects/arrays deeper than the bound of ${GURU_BOUNDS.maxDepth} levels`,
    });
    await dumpOnFailure(probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === next.transaction.id, 1, 20000));
    expect(service.pid).toBe(pidAtStart);
  });
});
