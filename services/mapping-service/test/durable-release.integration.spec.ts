import { Kafka } from 'kafkajs';
import { DataSource, IsNull } from 'typeorm';
import { DispatchResult, GuruTransactionEvent, IntegrationConfigSnapshot, prefixedTopics, prefixedTopicSpecs, SaleOrder, saleKey } from '@gv/contracts';
import { OutboxMessage, OutboxPublisher, OutboxRelay, openServiceDataSource } from '@gv/db';
import { createKafka, ensureTopics, InboundMessage, KafkaPublisher } from '@gv/kafka';
import { buildIntegrationConfig, generateSale } from '@gv/guru-sale-generator';
import { createLogger } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafka, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { ConfigView } from '../src/config-view/config-view';
import { ParkedSale } from '../src/parking/parked-sale.entity';
import { SaleOutputs } from '../src/sales/sale-outputs';
import { SaleProcessor } from '../src/sales/sale-processor';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from '../src/schema';
import { AwaitingInvoice } from '../src/warranty/awaiting-invoice.entity';
import { InvoiceDueScheduler } from '../src/warranty/invoice-due-scheduler';

/**
 * A release (settings change) and a re-map (guarantee over) have no Kafka message behind them that
 * would be delivered again: the SaleOrder they owe must survive a failed publish. SaleProcessor
 * with the real SaleOutputs, OutboxRelay, PostgreSQL and Kafka; the publisher fails once, right
 * when the owed SaleOrder is published, and the topic still gets it exactly once.
 */
describe('releases and re-maps publish through the outbox (durable)', () => {
  const env = testEnvironment();
  const isolation = uniqueId('mapdur');
  const topics = prefixedTopics(`${isolation}.`);
  const schema = isolation.toLowerCase();
  const logger = createLogger('durable-release-test', 'silent');
  const configs = new Map<string, IntegrationConfigSnapshot>();
  let kafka: Kafka;
  let dataSource: DataSource;
  let publisher: KafkaPublisher;
  let relay: OutboxRelay;
  let processor: SaleProcessor;
  let probe: KafkaProbe;
  /** Publishes fail while this is above 0 (each failure counts it down). */
  let failuresToInject = 0;
  let injectedFailures = 0;

  beforeAll(async () => {
    kafka = localKafka('durable-test', env.kafkaBrokers);
    await ensureTopics(kafka, prefixedTopicSpecs(`${isolation}.`));
    dataSource = await openServiceDataSource({
      url: env.databaseUrl, schema, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS, applicationName: 'mapping-durable-test',
    });
    publisher = new KafkaPublisher(createKafka({ brokers: env.kafkaBrokers, clientId: 'durable-test', logger, security: localKafkaSecurity() }));
    await publisher.connect();
    const flaky: OutboxPublisher = {
      publish: async (topic, messages) => {
        if (failuresToInject > 0) {
          failuresToInject -= 1;
          injectedFailures += 1;
          throw new Error('injected publish failure (broker unreachable)');
        }
        await publisher.publish(topic, messages);
      },
      // The injected failure is not the broker's refusal: retried, never set aside.
      permanentFailure: (error) => publisher.permanentFailure(error),
    };
    relay = new OutboxRelay({ dataSource, publisher: flaky, logger, pollIntervalMs: 200 });
    relay.start();
    const configView = { get: (accountId: string) => configs.get(accountId) ?? null } as unknown as ConfigView;
    processor = new SaleProcessor(dataSource, new SaleOutputs(flaky, topics), configView, logger, () => relay.drainSoon());
    probe = new KafkaProbe();
    await probe.listen([topics.saleOrders, topics.dispatchResults]);
  }, 120000);

  afterAll(async () => {
    await relay?.stop();
    await probe?.close();
    await publisher?.disconnect();
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: prefixedTopicSpecs(`${isolation}.`).map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
  });

  function message(event: GuruTransactionEvent): InboundMessage {
    return {
      topic: topics.guruTransactions, partition: 0, offset: '0', key: saleKey(event.accountId, String(event.transaction.id)),
      value: Buffer.from(JSON.stringify(event)), headers: {}, timestamp: String(Date.now()),
    };
  }

  const ordersOf = (id: string) => probe.received(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === id).map((m) => m.value as SaleOrder);
  const unpublished = () => dataSource.getRepository(OutboxMessage).countBy({ publishedAt: IsNull() });
  /** Several relay polls (200 ms) after the last expected message: time for a duplicate to show. */
  const settle = () => new Promise((r) => setTimeout(r, 2000));

  it('a parked sale released by new settings is published exactly once although the first publish fails', async () => {
    const accountId = uniqueId('acctRel');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1, unconfiguredCodes: ['PLANNER-2026'] }));
    const sale = generateSale({ seed: 51, id: uniqueId('sale'), accountId, status: 'approved', productCode: 'PLANNER-2026', orderBumpCodes: [] });
    const id = String(sale.transaction.id);
    await processor.handleGuruEvent(sale, message(sale));
    await probe.waitFor(topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === id && (m.value as DispatchResult).outcome === 'needs_configuration');
    expect(await dataSource.getRepository(ParkedSale).countBy({ accountId, guruTransactionId: id })).toBe(1);

    const snapshot = buildIntegrationConfig({ accountId, version: 2 });
    configs.set(accountId, snapshot);
    failuresToInject = 1;
    const failuresBefore = injectedFailures;
    // Returns once the release committed (row gone, SaleOrder in the outbox); publishing follows.
    await processor.releaseParked(accountId, snapshot);
    expect(await dataSource.getRepository(ParkedSale).countBy({ accountId, guruTransactionId: id })).toBe(0);

    await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === id, 1, 60000);
    await settle();
    expect(injectedFailures - failuresBefore).toBe(1);
    const orders = ordersOf(id);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ guruStatus: 'approved', configVersion: 2 });
    expect(orders[0].order.items.map((i) => i.guruProductCode)).toEqual(['PLANNER-2026']);
    await eventually(async () => (await unpublished()) === 0, 10000, 'outbox drained');
  }, 120000);

  it('a sale whose guarantee ended is re-mapped with its invoices and published exactly once although the first publish fails', async () => {
    const accountId = uniqueId('acctDue');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1, issueWhen: 'after_warranty' }));
    const sale = generateSale({ seed: 52, id: uniqueId('sale'), accountId, status: 'approved', productCode: '1587151083', orderBumpCodes: [] });
    const warrantyUntil = new Date(Date.now() + 1500).toISOString();
    (sale.transaction.dates as Record<string, string>).warranty_until = warrantyUntil;
    const id = String(sale.transaction.id);
    await processor.handleGuruEvent(sale, message(sale));
    const [first] = (await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === id)).map((m) => m.value as SaleOrder);
    expect(first.invoices).toEqual([]);
    expect(first.invoicesDueAt).toBe(warrantyUntil);

    await new Promise((r) => setTimeout(r, Date.parse(warrantyUntil) - Date.now() + 50));
    failuresToInject = 1;
    const failuresBefore = injectedFailures;
    const scheduler = new InvoiceDueScheduler(dataSource, (row) => processor.remapDue(row), logger, 60_000);
    expect(await scheduler.runDue()).toBe(1);
    expect(await dataSource.getRepository(AwaitingInvoice).countBy({ accountId, guruTransactionId: id })).toBe(0);

    await probe.waitFor(topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === id, 2, 60000);
    await settle();
    expect(injectedFailures - failuresBefore).toBe(1);
    const orders = ordersOf(id);
    expect(orders).toHaveLength(2);
    const remapped = orders[1];
    expect(remapped.revision).toBe(first.revision + 1);
    expect(remapped.invoices.map((i) => i.kind)).toEqual(['nfse']);
    expect(remapped.invoicesDueAt).toBeNull();
    // Nothing left due: a second run finds nothing and publishes nothing.
    expect(await scheduler.runDue()).toBe(0);
    await eventually(async () => (await unpublished()) === 0, 10000, 'outbox drained');
  }, 120000);
});
