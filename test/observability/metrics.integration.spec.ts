/**
 * /metrics of each service after a known workload: 6 Guru sales of one account, of which 4 map and
 * are created in Vhsys, 1 is parked (a product without Faturamento settings) and 1 is malformed
 * (invalid CPF, dead-lettered by mapping-service).
 *
 * The stack has its own topics (created empty when it starts), consumer groups, dead-letter topics
 * and schemas, so nothing else reaches its consumers: every count is exact against the workload,
 * and is also checked against what Kafka itself confirms (messages counted = offsets committed by
 * the group, dead letters counted = messages in the dead-letter topic) and against the Vhsys
 * simulator's own request counters.
 */
import { Kafka } from 'kafkajs';
import { HEADERS, TOPICS } from '@gv/contracts';
import { createKafka } from '@gv/kafka';
import { DEFAULT_PRODUCTS } from '@gv/guru-sale-generator';
import { RunningStack, setUpAccount, startStack } from '@gv/stack';
import { createLogger, MetricSample, sampleValue } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafkaSecurity, ownKafkaSecurityEnv, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';
import { createOpsContext, dlqList, opsEnvironment } from '@gv/ops';
import { dispatchResults, endpoints, isolatedNames, produceSales, runOpsCli, scrape, tracedSale, waitForSnapshot } from './support';

const UNCONFIGURED = 'MENTORIA-3M';

describe('metrics: exact counts at /metrics after a known workload', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  const iso = uniqueId('obsm');
  const names = isolatedNames(iso);
  const accountId = uniqueId('obsm_acct');
  const tokens = { accessToken: uniqueId('obsm-access-token'), secretAccessToken: uniqueId('obsm-secret-token') };
  let stack: RunningStack;
  let kafka: Kafka;
  let admin: SimulatorAdmin;
  let settingsVersion: number;

  const valid = [
    tracedSale(accountId, 11, { productCode: 'LIVRO-CONF' }),
    tracedSale(accountId, 12, { productCode: 'KIT-BICOS', method: 'billet' }),
    tracedSale(accountId, 13, { productCode: '1587151083', method: 'credit_card', installments: 3 }),
    tracedSale(accountId, 14, { productCode: 'EBOOK-FIT' }),
  ];
  const parked = tracedSale(accountId, 15, { productCode: UNCONFIGURED });
  const malformed = tracedSale(accountId, 16);
  (malformed.value as { transaction: { contact: { doc: string } } }).transaction.contact.doc = '123.456.789-00';

  /** Messages a group consumed: the sum of its committed offsets (the stack's topics started empty). */
  async function consumed(group: string, topic: string): Promise<number> {
    const a = kafka.admin();
    await a.connect();
    try {
      const [offsets] = await a.fetchOffsets({ groupId: group, topics: [topic] });
      return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await a.disconnect();
    }
  }

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'metrics-test', logger: createLogger('metrics-test', 'silent'), security: localKafkaSecurity() });
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: iso,
      // No local rate limiting: retries would then depend on timing, and this test counts them.
      env: { 'invoice-dispatcher': { VHSYS_RATE_LIMIT_PER_SECOND: '1000', VHSYS_RATE_LIMIT_BURST: '1000' } },
    });
    const { topics } = stack;
    // Listening before anything is produced: every message of the stack's topics is seen here too.
    await probe.listen([topics.guruTransactions, topics.saleOrders, topics.saleOrdersRetry, topics.dispatchResults, topics.integrationConfig]);
    admin = new SimulatorAdmin(stack.simulatorAdminUrl);
    settingsVersion = await setUpAccount(endpoints(stack), { accountId, ...tokens, products: DEFAULT_PRODUCTS.filter((p) => p.code !== UNCONFIGURED) });
    await waitForSnapshot(probe, topics, accountId, settingsVersion);
    await admin.resetCounters(tokens.accessToken);

    await produceSales(probe, topics, [...valid, parked, malformed]);
    await eventually(() => valid.every((s) => dispatchResults(probe, topics, s.saleId).some((r) => r.outcome === 'created')), 120000, 'the 4 valid sales created in Vhsys');
    await eventually(() => dispatchResults(probe, topics, parked.saleId, 'mapping').some((r) => r.outcome === 'needs_configuration'), 30000, 'the sale parked');
    // Everything committed and published: lag back to 0 (the monitor reads every 5 s), outboxes
    // drained and the waiting-sales gauges current (their counts are cached for up to 5 s).
    await eventually(async () => {
      const m = await scrape(stack.mappingServiceUrl);
      const d = await scrape(stack.dispatcherUrl);
      return sampleValue(m, 'kafka_messages_total', { group: names.mappingGroup }) >= 6 &&
        lagOf(m, names.mappingGroup) === 0 && lagOf(d, names.dispatcherGroup) === 0 &&
        gauge(m, 'mapping_parked_sales') === 1 && gauge(d, 'dispatcher_outbox_backlog') === 0 &&
        gauge(await scrape(stack.configServiceUrl), 'config_outbox_backlog') === 0;
    }, 60000, 'lag 0, the outboxes drained, one sale parked');
  }, 300000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
  });

  const lagOf = (samples: MetricSample[], group: string) =>
    samples.some((s) => s.name === 'kafka_consumer_lag' && s.labels.group === group) ? sampleValue(samples, 'kafka_consumer_lag', { group }) : -1;
  /** A gauge's value, or null when the service does not report it (yet). */
  const gauge = (samples: MetricSample[], name: string) => (samples.some((s) => s.name === name) ? sampleValue(samples, name) : null);

  it('the stack\'s own topics carried exactly this workload', async () => {
    const { topics } = stack;
    expect(topics.guruTransactions).toBe(`${iso}.${TOPICS.guruTransactions}`);
    const mine = (key: string | null) => key !== null && key.startsWith(`${accountId}:`);
    expect(probe.received(topics.guruTransactions).map((m) => mine(m.key))).toEqual([true, true, true, true, true, true]);
    expect(probe.received(topics.saleOrders).filter((m) => mine(m.key))).toHaveLength(valid.length);
    expect(probe.received(topics.saleOrders)).toHaveLength(valid.length);
    expect(probe.received(topics.saleOrdersRetry)).toEqual([]);
    expect(await consumed(names.mappingGroup, topics.guruTransactions)).toBe(6);
    expect(await consumed(names.dispatcherGroup, topics.saleOrders)).toBe(4);
  });

  it('config-service: the settings changes and Vhsys checks of the set-up, credentials served once, outbox empty', async () => {
    const m = await scrape(stack.configServiceUrl);
    // setUpAccount saves 12 screens; the status map and invoice policy it sends equal the defaults
    // of a new integration, so those two writes change nothing and are not counted as changes.
    expect(sampleValue(m, 'config_changes_total', { action: 'detalhe.put', via: 'http' })).toBe(1);
    expect(sampleValue(m, 'config_changes_total', { action: 'payment_methods.put', via: 'http' })).toBe(1);
    expect(sampleValue(m, 'config_changes_total', { action: 'product.put', via: 'http' })).toBe(7);
    expect(sampleValue(m, 'config_changes_total', { action: 'detalhe.patch', via: 'http' })).toBe(1);
    expect(sampleValue(m, 'config_changes_total')).toBe(10);
    // Each product checked in Vhsys once; the tokens checked once, when the integration was switched on.
    expect(sampleValue(m, 'config_vhsys_checks_total', { check: 'produto', result: 'ok' })).toBe(7);
    expect(sampleValue(m, 'config_vhsys_checks_total', { check: 'credentials', result: 'ok' })).toBe(1);
    expect(sampleValue(m, 'config_vhsys_checks_total')).toBe(8);
    expect(sampleValue(m, 'config_credentials_served_total', { caller: 'invoice-dispatcher' })).toBe(1);
    expect(gauge(m, 'config_outbox_backlog')).toBe(0);
    expect(sampleValue(m, 'config_snapshots_republished_total')).toBe(0);
  });

  it('invoice-dispatcher: 4 created, each Vhsys call in the latency histogram by endpoint and status class, lag 0', async () => {
    const m = await scrape(stack.dispatcherUrl);
    const { topics } = stack;
    expect(sampleValue(m, 'dispatcher_sales_dispatched_total', { outcome: 'created' })).toBe(4);
    expect(sampleValue(m, 'dispatcher_sales_dispatched_total')).toBe(4);
    expect(sampleValue(m, 'dispatcher_vhsys_request_duration_ms_count', { endpoint: 'POST /pedidos', status_class: '2xx' })).toBe(4);
    // Every Vhsys request this account received (the simulator counts them) is in the histogram, and nothing else.
    const counters = (await admin.getState(tokens.accessToken)).counters;
    expect(sampleValue(m, 'dispatcher_vhsys_request_duration_ms_count')).toBe(counters.total);
    for (const [route, count] of Object.entries(counters.byRoute)) {
      expect([route, sampleValue(m, 'dispatcher_vhsys_request_duration_ms_count', { endpoint: route })]).toEqual([route, count]);
    }
    expect(sampleValue(m, 'kafka_messages_total', { group: names.dispatcherGroup, topic: topics.saleOrders, outcome: 'processed' })).toBe(4);
    expect(sampleValue(m, 'kafka_messages_total', { group: names.dispatcherGroup, outcome: 'dead_lettered' })).toBe(0);
    expect(sampleValue(m, 'kafka_dead_lettered_total')).toBe(0);
    expect(sampleValue(m, 'dispatcher_retries_scheduled_total')).toBe(0);
    expect(m.some((s) => s.name === 'dispatcher_dead_lettered_total')).toBe(false);
    expect(gauge(m, 'dispatcher_outbox_backlog')).toBe(0);
    expect(lagOf(m, names.dispatcherGroup)).toBe(0);
  });

  it('mapping-service: 6 consumed, 4 mapped, 1 parked, 1 dead-lettered; Kafka agrees with the counters', async () => {
    const m = await scrape(stack.mappingServiceUrl);
    const group = names.mappingGroup;
    const topic = stack.topics.guruTransactions;

    expect(sampleValue(m, 'mapping_sales_consumed_total')).toBe(6);
    expect(sampleValue(m, 'mapping_decisions_total', { kind: 'order', outcome: 'mapped' })).toBe(4);
    expect(sampleValue(m, 'mapping_decisions_total', { kind: 'result', outcome: 'needs_configuration' })).toBe(1);
    expect(sampleValue(m, 'mapping_decisions_total', { kind: 'invalid' })).toBe(1);
    expect(sampleValue(m, 'kafka_messages_total', { group, topic, outcome: 'processed' })).toBe(5);
    expect(sampleValue(m, 'kafka_messages_total', { group, topic, outcome: 'dead_lettered' })).toBe(1);
    expect(sampleValue(m, 'kafka_messages_total', { group, topic, outcome: 'retrying' })).toBe(0);
    expect(sampleValue(m, 'kafka_dead_lettered_total', { group, topic })).toBe(1);
    expect(gauge(m, 'mapping_parked_sales')).toBe(1);
    expect(gauge(m, 'mapping_awaiting_invoices')).toBe(0);
    expect(gauge(m, 'mapping_outbox_backlog')).toBe(0);
    // The settings view's consumer reports under its stable group name, not its per-instance group id.
    const configGroup = `${iso}-mapping-service-config`;
    expect(sampleValue(m, 'kafka_messages_total', { group: configGroup, topic: stack.topics.integrationConfig, outcome: 'processed' })).toBeGreaterThanOrEqual(1);
    expect(m.filter((s) => s.name === 'kafka_messages_total' && String(s.labels.group).startsWith(`${configGroup}-`))).toEqual([]);

    // Kafka agrees: the messages counted are exactly those the group committed...
    expect(await consumed(group, topic)).toBe(6);
    // ... and the dead letters counted are the messages in this stack's dead-letter topic.
    const ctx = createOpsContext({ ...opsEnvironment(ownKafkaSecurityEnv()), kafkaBrokers: env.kafkaBrokers, databaseUrl: env.databaseUrl, opsSchema: `${names.dispatcherSchema}_ops` }, { out: () => undefined, note: () => undefined });
    const dead = await dlqList(ctx, { group, account: null, limit: 100000 });
    expect(dead.map((d) => [d.saleId, d.field])).toEqual([[malformed.saleId, 'transaction.contact.doc']]);
    expect(lagOf(m, group)).toBe(0);

    // The parked sale's result says which product needs settings.
    const [parkedResult] = dispatchResults(probe, stack.topics, parked.saleId, 'mapping');
    expect(parkedResult.productCodes).toEqual([UNCONFIGURED]);
    expect(probe.received(stack.topics.dispatchResults, (m2) => m2.headers[HEADERS.saleId] === malformed.saleId)).toEqual([]);
  });

  it('config republish (the ops command): the snapshot published again, counted once', async () => {
    const out = await runOpsCli(['config', 'republish', '--account', accountId, '--json'], {
      CONFIG_SERVICE_URL: stack.configServiceUrl, ADMIN_TOKEN: stack.adminToken,
    });
    if (out.code !== 0) throw new Error(`ops config republish exited with ${out.code}: ${out.stderr}`);
    expect(JSON.parse(out.stdout)).toEqual({ republished: 1 });
    const isCurrent = (m: { key: string | null; value: unknown }) => m.key === accountId && (m.value as { version?: number } | null)?.version === settingsVersion;
    const [original, copy] = await probe.waitFor(stack.topics.integrationConfig, isCurrent, 2, 30000);
    expect(copy!.value).toEqual(original!.value);
    const m = await scrape(stack.configServiceUrl);
    expect(sampleValue(m, 'config_snapshots_republished_total', { via: 'http' })).toBe(1);
    expect(sampleValue(m, 'config_changes_total')).toBe(10);
  });
});
