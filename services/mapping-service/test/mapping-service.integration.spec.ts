import { Kafka } from 'kafkajs';
import {
  CONSUMER_GROUPS, deadLetterTopic, DispatchResult, HEADERS, INTEGRATION_CONFIG, prefixedTopics, prefixedTopicSpecs, SaleOrder, saleKey,
} from '@gv/contracts';
import { ensureTopics } from '@gv/kafka';
import { buildIntegrationConfig, generateSale, generateStatusChange } from '@gv/guru-sale-generator';
import { eventually, KafkaProbe, localKafka, ownKafkaSecurityEnv, testEnvironment, uniqueId } from '@gv/testing';
import { loadMappingServiceConfig } from '../src/mapping-service.config';
import { RunningMappingService, startMappingService } from '../src/start-mapping-service';

/** mapping-service in-process against the real broker and PostgreSQL (its own topics, groups and schema). */
describe('mapping-service on Kafka and PostgreSQL', () => {
  const env = testEnvironment();
  const isolation = uniqueId('map');
  const groupPrefix = `${isolation}-`;
  const topicPrefix = `${isolation}.`;
  const topics = prefixedTopics(topicPrefix);
  let kafka: Kafka;
  const salesDlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.mappingSales);
  let service: RunningMappingService;
  let probe: KafkaProbe;
  const accountA = uniqueId('acctA');
  const accountInactive = uniqueId('acctI');
  const accountParked = uniqueId('acctP');
  const accountWarranty = uniqueId('acctW');
  const accountReplaced = uniqueId('acctR');

  beforeAll(async () => {
    kafka = localKafka('map-test', env.kafkaBrokers);
    await ensureTopics(kafka, [
      ...prefixedTopicSpecs(topicPrefix),
      { name: salesDlq, partitions: 1 },
      { name: deadLetterTopic(groupPrefix + CONSUMER_GROUPS.mappingConfig), partitions: 1 },
    ]);
    probe = new KafkaProbe();
    await probe.listen([topics.saleOrders, topics.dispatchResults, salesDlq]);
    // Settings committed before the service starts must be loaded before any sale is mapped.
    await publishConfig(buildIntegrationConfig({ accountId: accountA, version: 1 }));
    await publishConfig(buildIntegrationConfig({ accountId: accountInactive, version: 1, active: false }));
    await publishConfig(buildIntegrationConfig({ accountId: accountParked, version: 1, unconfiguredCodes: ['KIT-BICOS'] }));
    await publishConfig(buildIntegrationConfig({ accountId: accountReplaced, version: 1, unconfiguredCodes: ['PLANNER-2026'] }));
    await publishConfig(buildIntegrationConfig({ accountId: accountWarranty, version: 1, issueWhen: 'after_warranty' }));
    service = await startMappingService(
      loadMappingServiceConfig({
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        ...ownKafkaSecurityEnv(),
        DATABASE_URL: env.databaseUrl,
        DB_SCHEMA: isolation.toLowerCase(),
        KAFKA_GROUP_PREFIX: groupPrefix,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        MAPPING_SERVICE_HTTP_PORT: '0',
        INVOICE_DUE_POLL_MS: '300',
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await service?.stop();
    await probe?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...prefixedTopicSpecs(topicPrefix).map((t) => t.name), salesDlq, deadLetterTopic(groupPrefix + CONSUMER_GROUPS.mappingConfig)] }).catch(() => undefined);
    await admin.disconnect();
  });

  async function publishConfig(snapshot: ReturnType<typeof buildIntegrationConfig>): Promise<void> {
    await probe.produce(topics.integrationConfig, [{ key: snapshot.accountId, value: snapshot, headers: { [HEADERS.contract]: INTEGRATION_CONFIG } }]);
  }

  async function sendSale(event: ReturnType<typeof generateSale>): Promise<void> {
    const id = String(event.transaction.id);
    await probe.produce(topics.guruTransactions, [{ key: saleKey(event.accountId, id), value: event }]);
  }

  it('maps an approved sale into the desired Vhsys order, keyed by account and sale', async () => {
    const sale = generateSale({ seed: 11, id: uniqueId('sale'), accountId: accountA, status: 'approved', productCode: 'LIVRO-CONF', orderBumpCodes: [], coupon: false, method: 'pix', variants: 'canonical' });
    await sendSale(sale);
    const key = saleKey(accountA, String(sale.transaction.id));
    const [message] = await probe.waitFor(topics.saleOrders, (m) => m.key === key);
    const order = message.value as SaleOrder;
    expect(order.accountId).toBe(accountA);
    expect(order.statusGroup).toBe('approved');
    expect(order.order.status).toBe('Atendido');
    expect(order.order.items.map((i) => i.guruProductCode)).toEqual(['LIVRO-CONF']);
    expect(order.order.totalCents).toBe(order.order.itemsTotalCents - order.order.discountCents + order.order.freightCents);
    expect(message.headers[HEADERS.revision]).toBe(String(order.revision));
  });

  it('dead-letters an unusable sale naming the field, and still maps the next one on the same partition', async () => {
    const bad = generateSale({ seed: 12, id: uniqueId('sale'), accountId: accountA, status: 'approved', variants: 'canonical' });
    (bad.transaction.contact as Record<string, unknown>).doc = '123.456.789-00';
    const good = generateSale({ seed: 13, id: uniqueId('sale'), accountId: accountA, status: 'approved', variants: 'canonical' });
    // Same partition, in this order (each keyed as its own sale: a key naming another sale is refused).
    await probe.produce(topics.guruTransactions, [
      { key: saleKey(accountA, String(bad.transaction.id)), value: bad, partition: 0 },
      { key: saleKey(accountA, String(good.transaction.id)), value: good, partition: 0 },
    ]);
    const [dead] = await probe.waitFor(salesDlq, (m) => (m.value as { transaction?: { id?: string } })?.transaction?.id === bad.transaction.id);
    expect(dead.headers[HEADERS.dlqField]).toBe('transaction.contact.doc');
    expect(dead.headers[HEADERS.dlqReason]).toMatch(/CPF/i);
    await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === good.transaction.id);
  });

  it('answers a sale of an inactive integration with an ignored result instead of dropping it', async () => {
    const sale = generateSale({ seed: 14, id: uniqueId('sale'), accountId: accountInactive, status: 'approved' });
    await sendSale(sale);
    const [message] = await probe.waitFor(topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === sale.transaction.id);
    const result = message.value as DispatchResult;
    expect(result).toMatchObject({ stage: 'mapping', outcome: 'ignored', reason: 'integration_inactive', accountId: accountInactive });
    expect(probe.received(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id)).toHaveLength(0);
  });

  it('parks a sale with an unconfigured product and maps it by itself when the settings arrive', async () => {
    const sale = generateSale({ seed: 15, id: uniqueId('sale'), accountId: accountParked, status: 'approved', productCode: 'KIT-BICOS', orderBumpCodes: [] });
    await sendSale(sale);
    const [parked] = await probe.waitFor(topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === sale.transaction.id);
    expect(parked.value).toMatchObject({ outcome: 'needs_configuration', productCodes: ['KIT-BICOS'] });
    expect(probe.received(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id)).toHaveLength(0);

    await publishConfig(buildIntegrationConfig({ accountId: accountParked, version: 2 }));
    const [released] = await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id);
    expect((released.value as SaleOrder).order.items.map((i) => i.guruProductCode)).toEqual(['KIT-BICOS']);
    expect((released.value as SaleOrder).configVersion).toBe(2);
    await eventually(async () => (await fetch(`http://127.0.0.1:${service.httpPort}/health/ready`)).ok, 5000, 'ready');
  });

  it('replaces a parked sale with its newer event, and releases the newest one', async () => {
    const sale = generateSale({ seed: 16, id: uniqueId('sale'), accountId: accountReplaced, status: 'waiting_payment', method: 'billet', productCode: 'PLANNER-2026', orderBumpCodes: [] });
    await sendSale(sale);
    await probe.waitFor(topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === sale.transaction.id);
    const approved = generateStatusChange(sale, 'approved', new Date(Date.parse(String((sale.transaction.dates as Record<string, string>).updated_at)) + 3600_000));
    await sendSale(approved);
    await probe.waitFor(topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === sale.transaction.id, 2);

    await publishConfig(buildIntegrationConfig({ accountId: accountReplaced, version: 2 }));
    const [released] = await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id);
    expect((released.value as SaleOrder).guruStatus).toBe('approved');
    // Only the newest parked version is released: one order, not two.
    await new Promise((r) => setTimeout(r, 500));
    expect(probe.received(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id)).toHaveLength(1);
  });

  it('with issue-after-guarantee, maps the order without invoices and adds them once the guarantee ends', async () => {
    const sale = generateSale({ seed: 17, id: uniqueId('sale'), accountId: accountWarranty, status: 'approved', productCode: '1587151083', orderBumpCodes: [] });
    (sale.transaction.dates as Record<string, string>).warranty_until = new Date(Date.now() + 1500).toISOString();
    await sendSale(sale);
    const [first] = await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id);
    expect((first.value as SaleOrder).invoices).toEqual([]);
    expect((first.value as SaleOrder).invoicesDueAt).toBe(new Date(String((sale.transaction.dates as Record<string, string>).warranty_until)).toISOString());
    const [, second] = await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id, 2);
    const later = second.value as SaleOrder;
    // The same event's complete phase: one above the pre-warranty order, so the dispatcher takes it.
    expect(later.revision).toBe((first.value as SaleOrder).revision + 1);
    expect(later.invoices.map((i) => i.kind)).toEqual(['nfse']);
    expect(later.invoicesDueAt ?? null).toBeNull();
  });
});
