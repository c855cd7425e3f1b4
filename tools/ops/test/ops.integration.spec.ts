/**
 * The ops command on the real broker and PostgreSQL: dead letters produced by a real ConsumerRunner
 * are listed, replayed once (a second replay is refused by the journal), a sale's ledger is shown,
 * and config-service (in this process) republishes settings snapshots on request. Topics, groups
 * and schemas are unique per run.
 */
import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { randomBytes } from 'crypto';
import { deadLetterTopic, HEADERS, prefixedTopics, prefixedTopicSpecs } from '@gv/contracts';
import { openServiceDataSource } from '@gv/db';
import { ConsumerRunner, createKafka, decodeJson, ensureTopics, KafkaPublisher, PermanentMessageError } from '@gv/kafka';
import { createLogger } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafkaSecurity, ownKafkaSecurityEnv, testEnvironment, uniqueId } from '@gv/testing';
import { DispatcherLedger1767312000000 } from '@gv/invoice-dispatcher';
import { loadConfigServiceConfig, RunningConfigService, startConfigService } from '@gv/config-service';
import { configRepublish, createOpsContext, dlqList, dlqReplay, OpsContext, opsEnvironment, saleReplay, saleShow } from '../src';

const ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

async function sql<T = Record<string, unknown>>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('ops command on the real broker and PostgreSQL', () => {
  const env = testEnvironment();
  const logger = createLogger('ops-test', 'silent');
  const group = uniqueId('ops-group');
  const dlq = deadLetterTopic(group);
  const source = uniqueId('ops.source');
  const compacted = uniqueId('ops.compacted');
  const opsSchema = uniqueId('ops_test').toLowerCase();
  const ledgerSchema = uniqueId('ops_ledger').toLowerCase();
  const topicPrefix = `${uniqueId('opsp')}.`;
  const configTopic = prefixedTopics(topicPrefix).integrationConfig;
  const configSchema = uniqueId('ops_cfg').toLowerCase();
  const adminToken = `ops-admin-${randomBytes(12).toString('hex')}`;
  const tenantToken = `ops-tenant-${randomBytes(12).toString('hex')}`;
  const settingsAccount = uniqueId('ops_acct');
  let config: RunningConfigService;
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let runner: ConsumerRunner;
  let probe: KafkaProbe;
  let lines: string[];
  let ctx: OpsContext;
  const processed: string[] = [];

  const opsEnv = () => ({
    ...opsEnvironment(ownKafkaSecurityEnv()),
    kafkaBrokers: env.kafkaBrokers,
    databaseUrl: env.databaseUrl,
    opsSchema,
    dispatcherSchema: ledgerSchema,
    user: 'ops-test',
    topicPrefix,
    configServiceUrl: config.httpUrl,
    adminToken,
  });

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'ops-test', logger, security: localKafkaSecurity() });
    await ensureTopics(kafka, [
      { name: source, partitions: 2 },
      { name: dlq, partitions: 1 },
      { name: compacted, partitions: 1, compacted: true },
      { name: `${topicPrefix}vhsys.sale-orders.v1`, partitions: 1 },
      { name: configTopic, partitions: 1, compacted: true },
    ]);
    // The prefix's other topics: config-service's consumers (sales history, audits) read some of them.
    await ensureTopics(kafka, prefixedTopicSpecs(topicPrefix));
    // config-service, with its settings topic under the same prefix.
    config = await startConfigService(loadConfigServiceConfig({
      DATABASE_URL: env.databaseUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      ...ownKafkaSecurityEnv(),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      DB_SCHEMA: configSchema,
      CONFIG_SERVICE_HTTP_PORT: '0',
      CONFIG_SERVICE_GRPC_PORT: '0',
      VHSYS_BASE_URL: 'http://127.0.0.1:9/v2',
      CONFIG_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      ADMIN_API_TOKENS: `ops-admin:${adminToken}:*,tenant:${tenantToken}:${settingsAccount}`,
      INTERNAL_API_TOKENS: `invoice-dispatcher:ops-internal-${randomBytes(12).toString('hex')}`,
      OUTBOX_POLL_INTERVAL_MS: '200',
    }), { logger });
    publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    // A consumer that dead-letters sales of unknown products, like the dispatcher does.
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [source], lagMonitor: false,
      handler: async (message) => {
        const value = decodeJson(message.value) as { product: string };
        if (value.product === 'missing') throw new PermanentMessageError('vhsys_validation: order_items: O valor do campo (id_produto) não é válido', 'items[0].id_produto');
        processed.push(`${message.key}:${message.headers['x-replayed-from'] ?? 'original'}`);
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    probe = new KafkaProbe(env.kafkaBrokers);
    await probe.listen([source, `${topicPrefix}vhsys.sale-orders.v1`, configTopic]);
    await probe.produce(source, [
      { key: 'acc-1:tx-1', value: { product: 'missing' }, headers: { [HEADERS.contract]: 'sale-order@1', [HEADERS.accountId]: 'acc-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } },
      { key: 'acc-1:tx-2', value: { product: 'ok' } },
      { key: 'acc-2:tx-3', value: { product: 'missing' } },
    ]);
    await eventually(async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [p] = await admin.fetchTopicOffsets(dlq);
        return p.high === '2';
      } finally {
        await admin.disconnect();
      }
    }, 30000, 'two dead letters');
    // A dead letter whose origin is a compacted topic (a settings snapshot): replay must be refused.
    await publisher.publishRaw(dlq, [{ key: 'acc-3', value: Buffer.from('{}'), headers: { [HEADERS.dlqOriginalTopic]: compacted, [HEADERS.dlqReason]: 'bad snapshot' } }]);
  });

  beforeEach(() => {
    lines = [];
    ctx = createOpsContext(opsEnv(), { out: (l) => void lines.push(l), note: (l) => void lines.push(l) });
  });

  afterAll(async () => {
    await runner?.stop();
    await probe?.close();
    await config?.stop();
    await publisher?.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [source, dlq, compacted, `${topicPrefix}vhsys.sale-orders.v1`, configTopic] }).catch(() => undefined);
    await admin.disconnect();
    await sql(env.databaseUrl, `DROP SCHEMA IF EXISTS "${opsSchema}" CASCADE`);
    await sql(env.databaseUrl, `DROP SCHEMA IF EXISTS "${ledgerSchema}" CASCADE`);
    await sql(env.databaseUrl, `DROP SCHEMA IF EXISTS "${configSchema}" CASCADE`);
  });

  it('dlq list shows each dead letter with its reason, field, origin and failed-at, filtered by account', async () => {
    const listed = await dlqList(ctx, { group, account: null, limit: 100 });
    expect(listed.map((l) => [l.offset, l.key, l.accountId])).toEqual([['0', 'acc-1:tx-1', 'acc-1'], ['1', 'acc-2:tx-3', 'acc-2'], ['2', 'acc-3', 'acc-3']]);
    expect(listed[0]).toMatchObject({
      reason: 'vhsys_validation: order_items: O valor do campo (id_produto) não é válido',
      field: 'items[0].id_produto',
      originalTopic: source,
      consumerGroup: group,
      replay: null,
    });
    expect(listed[0].failedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const text = lines.join('\n');
    expect(text).toContain(`${dlq}: 3 dead letter(s)`);
    expect(text).toContain('items[0].id_produto');

    const onlyAcc2 = await dlqList(ctx, { group, account: 'acc-2', limit: 100 });
    expect(onlyAcc2.map((l) => l.offset)).toEqual(['1']);
  });

  it('dlq replay re-publishes the original bytes and headers once; a second replay is refused by the journal', async () => {
    const dry = await dlqReplay(ctx, { group, selector: { kind: 'offset', offsets: ['0'] }, dryRun: true });
    expect(dry.lines.map((l) => l.outcome)).toEqual(['would_replay']);
    expect(probe.received(source, (m) => m.headers['x-replayed-from'] !== undefined)).toHaveLength(0);

    const first = await dlqReplay(ctx, { group, selector: { kind: 'offset', offsets: ['0'] } });
    expect(first.ok).toBe(true);
    expect(first.lines).toEqual([expect.objectContaining({ offset: '0', target: source, outcome: 'replayed' })]);
    const [replayed] = await probe.waitFor(source, (m) => m.headers['x-replayed-from'] === `${dlq}:0`);
    expect(replayed.key).toBe('acc-1:tx-1');
    expect(replayed.rawValue?.toString()).toBe(JSON.stringify({ product: 'missing' }));
    expect(replayed.headers[HEADERS.contract]).toBe('sale-order@1');
    expect(replayed.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
    expect(Object.keys(replayed.headers).filter((h) => h.startsWith('x-dlq-'))).toEqual([]);

    const again = await dlqReplay(ctx, { group, selector: { kind: 'offset', offsets: ['0'] } });
    expect(again.lines.map((l) => l.outcome)).toEqual(['skipped_already_replayed']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(probe.received(source, (m) => m.headers['x-replayed-from'] === `${dlq}:0`)).toHaveLength(1);

    const [row] = await sql<{ state: string; replays: number; target_topic: string; replayed_by: string }>(
      env.databaseUrl, `SELECT * FROM "${opsSchema}"."replays" WHERE dlq_topic = $1 AND dlq_offset = 0`, [dlq]);
    expect(row).toMatchObject({ state: 'published', replays: 1, target_topic: source, replayed_by: 'ops-test' });

    // Its cause is not fixed in this test, so the replay is dead-lettered again: a new dead letter
    // that says which one it replayed, and that a replay by account would pick (it is a new failure).
    const again2 = await eventually(async () => {
      const listed = await dlqList(ctx, { group, account: 'acc-1', limit: 100 });
      return listed.length === 2 ? listed : undefined;
    }, 30000, 'the replay dead-lettered again');
    expect(again2[1]).toMatchObject({ offset: '3', replayOf: `${dlq}:0` });
    const byAccount = await dlqReplay(ctx, { group, selector: { kind: 'account', accountId: 'acc-1' }, dryRun: true });
    expect(byAccount.lines.map((l) => [l.offset, l.outcome])).toEqual([['0', 'skipped_already_replayed'], ['3', 'would_replay']]);
  });

  it('dlq replay --all replays what was never replayed, refuses a compacted origin, and --force replays again', async () => {
    const report = await dlqReplay(ctx, { group, selector: { kind: 'all' } });
    const byOffset = Object.fromEntries(report.lines.map((l) => [l.offset, l.outcome]));
    expect(byOffset['0']).toBe('skipped_already_replayed');
    expect(byOffset['1']).toBe('replayed');
    expect(byOffset['2']).toBe('refused');
    expect(byOffset['3']).toBe('replayed');
    expect(report.lines.find((l) => l.offset === '2')!.detail).toMatch(/compacted/);
    expect(report.ok).toBe(false);

    const forced = await dlqReplay(ctx, { group, selector: { kind: 'offset', offsets: ['1', '99'] }, force: true });
    expect(forced.lines.map((l) => l.outcome)).toEqual(['replayed']);
    expect(forced.notFound).toEqual(['99']);
    await probe.waitFor(source, (m) => m.headers['x-replayed-from'] === `${dlq}:1`, 2);
    const [row] = await sql<{ replays: number }>(env.databaseUrl, `SELECT replays FROM "${opsSchema}"."replays" WHERE dlq_topic = $1 AND dlq_offset = 1`, [dlq]);
    expect(row.replays).toBe(2);
  });

  it('the CLI process lists dead letters as JSON with their replay state', async () => {
    const { stdout } = await run(process.execPath, ['-r', path.join(ROOT, 'tools/scripts/register.js'), path.join(ROOT, 'tools/ops/src/cli.ts'), 'dlq', 'list', '--group', group, '--json'], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: env.kafkaBrokers.join(','), DATABASE_URL: env.databaseUrl, OPS_SCHEMA: opsSchema },
      timeout: 60000,
    });
    const listed = JSON.parse(stdout) as { offset: string; replay: { state: string } | null }[];
    expect(listed.find((l) => l.offset === '0')!.replay).toMatchObject({ state: 'published' });
    expect(listed.find((l) => l.offset === '2')!.replay).toBeNull();
  });

  it('sale show prints the ledger, the Vhsys ids and the steps of one sale', async () => {
    const ds = await openServiceDataSource({ url: env.databaseUrl, schema: ledgerSchema, entities: [], migrations: [DispatcherLedger1767312000000] });
    try {
      await ds.query(
        `INSERT INTO "${ledgerSchema}".sale_ledger (sale_key, account_id, guru_transaction_id, desired_revision, desired, status, reconciled_revision, attempts, id_cliente, id_ped, id_pedido, applied_status, nfe_id_venda, nfe_emitted, nfe_chave, trace_carrier)
         VALUES ('acc-1:tx-1', 'acc-1', 'tx-1', 5, '{}', 'reconciled', 5, 1, 101, 202, 7, 'Atendido', 303, true, '41260111222333000181550010000000011000000017', '{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}')`,
      );
      await ds.query(
        `INSERT INTO "${ledgerSchema}".sale_step (sale_key, step, state, revision, runs, started_at, finished_at, result) VALUES
         ('acc-1:tx-1', 'order', 'done', 5, 1, now(), now(), '{"idPed":202,"idPedido":7}'),
         ('acc-1:tx-1', 'customer', 'done', 5, 1, now(), now(), '{"idCliente":101}'),
         ('acc-1:tx-1', 'nfe_emit', 'done', 5, 2, now(), now(), '{"emitted":true}')`,
      );
    } finally {
      await ds.destroy();
    }
    const view = await saleShow(ctx, { account: 'acc-1', sale: 'tx-1' });
    expect(view).toMatchObject({ status: 'reconciled', vhsys: { idCliente: 101, idPed: 202, idPedido: 7, nfe: { idVenda: 303, emitted: true } } });
    expect(view!.steps.map((s) => s.step)).toEqual(['customer', 'order', 'nfe_emit']);
    const text = lines.join('\n');
    expect(text).toContain('id_ped 202, número 7, status Atendido');
    expect(text).toContain('0af7651916cd43dd8448eb211c80319c');

    expect(await saleShow(ctx, { account: 'acc-1', sale: 'nope' })).toBeNull();
    expect(lines.join('\n')).toContain('no ledger entry for acc-1:nope');
  });

  it('sale replay re-sends the desired state of failed sales (only those, unless --force) to the sale-orders topic', async () => {
    const desired = { accountId: 'acc-1', guruTransactionId: 'tx-9', revision: 17672256000005, marker: 'm' };
    await sql(env.databaseUrl,
      `INSERT INTO "${ledgerSchema}".sale_ledger (sale_key, account_id, guru_transaction_id, desired_revision, desired, status, attempts, last_error_kind, trace_carrier)
       VALUES ('acc-1:tx-9', 'acc-1', 'tx-9', 17672256000005, $1, 'failed', 15, 'vhsys_unavailable', '{"traceparent":"00-11111111111111111111111111111111-2222222222222222-01"}')`,
      [JSON.stringify(desired)]);
    const topic = `${topicPrefix}vhsys.sale-orders.v1`;

    const dry = await saleReplay(ctx, { account: 'acc-1', sale: null, dryRun: true });
    expect(dry.map((l) => [l.saleKey, l.outcome])).toEqual([['acc-1:tx-9', 'would_replay']]);

    const lines2 = await saleReplay(ctx, { account: 'acc-1', sale: null });
    expect(lines2.map((l) => [l.saleKey, l.outcome])).toEqual([['acc-1:tx-9', 'replayed']]);
    const [sent] = await probe.waitFor(topic, (m) => m.key === 'acc-1:tx-9');
    expect(sent.value).toEqual(desired);
    expect(sent.headers).toMatchObject({
      [HEADERS.contract]: 'sale-order@1', [HEADERS.accountId]: 'acc-1', [HEADERS.saleId]: 'tx-9', [HEADERS.revision]: '17672256000005',
      traceparent: '00-11111111111111111111111111111111-2222222222222222-01',
    });

    // A reconciled sale is not re-sent unless forced.
    const notFailed = await saleReplay(ctx, { account: 'acc-1', sale: 'tx-1' });
    expect(notFailed.map((l) => l.outcome)).toEqual(['skipped_not_failed']);
    expect((await saleReplay(ctx, { account: 'acc-1', sale: 'tx-1', force: true })).map((l) => l.outcome)).toEqual(['replayed']);
    await probe.waitFor(topic, (m) => m.key === 'acc-1:tx-1');
    await expect(saleReplay(ctx, { account: 'acc-1', sale: 'nope' })).rejects.toThrow(/no ledger entry/);
  });

  it('config republish has config-service publish the account\'s current snapshot again (or every account\'s), and reports refusals', async () => {
    const snapshots = () => probe.received(configTopic, (m) => m.key === settingsAccount);
    const created = await fetch(`${config.httpUrl}/v1/accounts/${settingsAccount}/vhsys-integration/invoice-policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'if-none-match': '*' },
      body: JSON.stringify({ ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' }),
    });
    expect(created.status).toBe(200);
    await probe.waitFor(configTopic, (m) => m.key === settingsAccount);

    const one = await configRepublish(ctx, { account: settingsAccount });
    expect(one).toEqual({ status: 200, body: { republished: 1 } });
    const [original, copy] = await probe.waitFor(configTopic, (m) => m.key === settingsAccount, 2);
    expect(copy!.value).toEqual(original!.value);
    expect(copy!.headers['x-config-version']).toBe('1');
    expect(lines.join('\n')).toContain(`config-service accepted the republish of account ${settingsAccount}: {"republished":1}`);

    // Every account (the service holds only this one); as the CLI process, with JSON output.
    const { stdout } = await run(process.execPath, ['-r', path.join(ROOT, 'tools/scripts/register.js'), path.join(ROOT, 'tools/ops/src/cli.ts'), 'config', 'republish', '--json'], {
      cwd: ROOT,
      env: { ...process.env, CONFIG_SERVICE_URL: config.httpUrl, ADMIN_TOKEN: adminToken },
      timeout: 60000,
    });
    expect(JSON.parse(stdout)).toEqual({ republished: 1 });
    await probe.waitFor(configTopic, (m) => m.key === settingsAccount, 3);

    // Refusals: every account with a token limited to some; an account with no integration.
    const tenant = createOpsContext({ ...opsEnv(), adminToken: tenantToken }, { out: () => undefined, note: () => undefined });
    await expect(configRepublish(tenant, { account: null })).rejects.toThrow(/refused the admin token \(HTTP 403\)/);
    expect(await configRepublish(tenant, { account: settingsAccount })).toMatchObject({ status: 200 });
    await expect(configRepublish(ctx, { account: uniqueId('never') })).rejects.toThrow(/HTTP 404: .*no Vhsys integration/);
    await probe.waitFor(configTopic, (m) => m.key === settingsAccount, 4);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshots()).toHaveLength(4);
  });
});
