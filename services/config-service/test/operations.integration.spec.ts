import { Client } from 'pg';
import { CONSUMER_GROUPS, deadLetterTopic, deadLetterTopicSpecs, HEADERS, prefixedTopics, prefixedTopicSpecs } from '@gv/contracts';
import { outboxTableSql } from '@gv/db';
import { ensureTopics } from '@gv/kafka';
import { KafkaProbe, localKafka, testEnvironment, uniqueId } from '@gv/testing';
import type { RunningConfigService } from '../src/start-config-service';
import { ADMIN_TOKEN, dropSchema, HttpApi, serviceEnv, startInProcess, testSchema } from './support';

/**
 * The console's Operações routes against the real broker and PostgreSQL: what an operator token
 * sees (dead letters with their reason, paused accounts, lag, outbox backlog), the one-time replay,
 * and that no other token gets any of it.
 */
describe('config-service Operações (operators only)', () => {
  const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';
  const TENANT_TOKEN = 'tenant-token-0123456789abcdef01';
  const iso = uniqueId('opsv');
  const topicPrefix = `${iso}.`;
  const groupPrefix = `${iso}-`;
  const topics = prefixedTopics(topicPrefix);
  const dispatcherGroup = `${groupPrefix}${CONSUMER_GROUPS.dispatcher}`;
  const schemas = { config: testSchema(), mapping: `${iso}_mapping`.toLowerCase(), dispatcher: `${iso}_dispatcher`.toLowerCase(), journal: `${iso}_ops`.toLowerCase() };
  const probe = new KafkaProbe();
  let service: RunningConfigService;
  let operator: HttpApi;

  async function sql(text: string, params: unknown[] = []): Promise<void> {
    const client = new Client({ connectionString: testEnvironment().databaseUrl });
    await client.connect();
    try {
      await client.query(text, params);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await ensureTopics(localKafka('ops-view-test', testEnvironment().kafkaBrokers), [...prefixedTopicSpecs(topicPrefix), ...deadLetterTopicSpecs(groupPrefix)]);
    service = await startInProcess(serviceEnv({
      schema: schemas.config,
      vhsysUrl: 'http://127.0.0.1:9/v2',
      adminTokens: `backend:${ADMIN_TOKEN}:*,sre:${OPERATOR_TOKEN}:*:operator,tenant:${TENANT_TOKEN}:acct-a`,
      extra: {
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KAFKA_GROUP_PREFIX: groupPrefix,
        OPERATIONS_MAPPING_SCHEMA: schemas.mapping,
        OPERATIONS_DISPATCHER_SCHEMA: schemas.dispatcher,
        OPERATIONS_JOURNAL_SCHEMA: schemas.journal,
      },
    }));
    operator = new HttpApi(service.httpUrl, OPERATOR_TOKEN);
    await probe.listen([topics.saleOrders]);
  }, 120000);

  afterAll(async () => {
    await probe.close();
    await service?.stop();
    for (const schema of Object.values(schemas)) await dropSchema(schema);
  });

  it('tells the console who the token is, never the token', async () => {
    expect((await operator.request('GET', '/v1/session')).body).toEqual({ principal: 'sre', accounts: '*', operator: true });
    const tenant = await operator.withToken(TENANT_TOKEN).request('GET', '/v1/session');
    expect(tenant.body).toEqual({ principal: 'tenant', accounts: ['acct-a'], operator: false });
    expect(tenant.text).not.toContain(TENANT_TOKEN);
    expect((await operator.withToken(null).request('GET', '/v1/session')).status).toBe(401);
  });

  it('answers 401 without a token and 403 to admin tokens that are not operators, on every route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/operations/dead-letters'],
      ['POST', `/v1/operations/dead-letters/${dispatcherGroup}/replay`, { partition: 0, offset: '0' }],
      ['GET', '/v1/operations/paused-accounts'],
      ['GET', '/v1/operations/consumer-lag'],
      ['GET', '/v1/operations/outbox'],
    ];
    for (const [method, path, body] of routes) {
      expect([path, (await operator.withToken(null).request(method, path, { body })).status]).toEqual([path, 401]);
      for (const token of [ADMIN_TOKEN, TENANT_TOKEN]) {
        const answer = await operator.withToken(token).request(method, path, { body });
        expect([path, answer.status, answer.body.error]).toEqual([path, 403, 'forbidden']);
      }
    }
  });

  it('lists a dead letter with its reason and field, replays it once to the topic it came from', async () => {
    const key = 'acct-dl:sale-dl-1';
    await probe.produce(deadLetterTopic(dispatcherGroup), [{
      key,
      value: { hello: 'dead letter' },
      headers: {
        [HEADERS.dlqReason]: 'order.totalCents: must be at most 100000000000',
        [HEADERS.dlqField]: 'order.totalCents',
        [HEADERS.dlqOriginalTopic]: topics.saleOrders,
        [HEADERS.dlqOriginalPartition]: '2',
        [HEADERS.dlqOriginalOffset]: '41',
        [HEADERS.dlqConsumerGroup]: dispatcherGroup,
        [HEADERS.dlqFailedAt]: '2026-12-05T08:00:00.000Z',
      },
    }]);
    const listed = await operator.request('GET', '/v1/operations/dead-letters?limit=10');
    expect(listed.status).toBe(200);
    const group = listed.body.groups.find((g: { consumerGroup: string }) => g.consumerGroup === dispatcherGroup);
    expect(group).toMatchObject({ topic: deadLetterTopic(dispatcherGroup), total: 1 });
    expect(group.messages).toEqual([expect.objectContaining({
      partition: 0, offset: '0', key, accountId: 'acct-dl', saleId: 'sale-dl-1', reason: 'order.totalCents: must be at most 100000000000',
      field: 'order.totalCents', originalTopic: topics.saleOrders, failedAt: '2026-12-05T08:00:00.000Z', replay: null,
    })]);
    // Only this deployment's groups: another deployment's dead-letter topics are not read.
    expect(listed.body.groups.every((g: { consumerGroup: string }) => g.consumerGroup.startsWith(groupPrefix))).toBe(true);

    const replay = await operator.request('POST', `/v1/operations/dead-letters/${dispatcherGroup}/replay`, { body: { partition: 0, offset: '0' } });
    expect(replay.body).toMatchObject({ replayed: 1, outcome: 'replayed', target: topics.saleOrders });
    const [replayed] = await probe.waitFor(topics.saleOrders, (m) => m.key === key, 1, 20000);
    expect(replayed!.headers['x-replayed-from']).toBe(`${deadLetterTopic(dispatcherGroup)}:0`);
    expect(replayed!.headers[HEADERS.dlqReason]).toBeUndefined();

    const again = await operator.request('POST', `/v1/operations/dead-letters/${dispatcherGroup}/replay`, { body: { partition: 0, offset: '0' } });
    expect(again.body).toMatchObject({ replayed: 0, outcome: 'skipped_already_replayed' });
    const after = await operator.request('GET', '/v1/operations/dead-letters');
    const letter = after.body.groups.find((g: { consumerGroup: string }) => g.consumerGroup === dispatcherGroup).messages[0];
    expect(letter.replay).toMatchObject({ state: 'published', replays: 1, by: 'console:sre', target: topics.saleOrders });
    expect(probe.received(topics.saleOrders, (m) => m.key === key)).toHaveLength(1);
  }, 90000);

  it('refuses a replay outside this deployment\'s groups, or with a bad body, naming the field', async () => {
    const foreign = await operator.request('POST', '/v1/operations/dead-letters/someone-else/replay', { body: { partition: 0, offset: '0' } });
    expect([foreign.status, foreign.body.error]).toEqual([404, 'not_found']);
    const bad = await operator.request('POST', `/v1/operations/dead-letters/${dispatcherGroup}/replay`, { body: { partition: 0, offset: '-1' } });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual([{ path: 'offset', message: 'must be a decimal Kafka offset' }]);
    const missing = await operator.request('POST', `/v1/operations/dead-letters/${dispatcherGroup}/replay`, { body: { partition: 0, offset: '999' } });
    expect(missing.body).toMatchObject({ replayed: 0, outcome: 'not_found' });
  }, 60000);

  it('lists the accounts the dispatcher paused, with the reason', async () => {
    // The dispatcher's own table (its migration 1767312000000), reduced to the columns read here.
    await sql(`CREATE SCHEMA IF NOT EXISTS "${schemas.dispatcher}"`);
    await sql(`CREATE TABLE "${schemas.dispatcher}"."vhsys_account" ("account_id" text PRIMARY KEY, "paused" boolean NOT NULL DEFAULT false, "paused_reason" text, "paused_at" timestamptz)`);
    await sql(`INSERT INTO "${schemas.dispatcher}"."vhsys_account" VALUES ('acct-ok', false, null, null), ('acct-paused', true, 'vhsys_auth_failed', '2026-12-05T07:00:00Z')`);
    const answer = await operator.request('GET', '/v1/operations/paused-accounts');
    expect(answer.body).toEqual({ accounts: [{ accountId: 'acct-paused', reason: 'vhsys_auth_failed', pausedAt: '2026-12-05T07:00:00.000Z' }] });
  });

  it('reports each group\'s lag and each service\'s outbox backlog', async () => {
    await probe.produce(topics.guruTransactions, [{ key: 'a:1', value: { x: 1 } }, { key: 'a:2', value: { x: 2 } }, { key: 'a:3', value: { x: 3 } }]);
    const lag = await operator.request('GET', '/v1/operations/consumer-lag');
    expect(lag.status).toBe(200);
    const mapping = lag.body.groups.find((g: { group: string; topic: string }) => g.group === `${groupPrefix}mapping-service` && g.topic === topics.guruTransactions);
    // Nobody consumed under that group: everything retained is lag.
    expect(mapping.lag).toBe(3);

    await sql(`CREATE SCHEMA IF NOT EXISTS "${schemas.mapping}"`);
    for (const statement of outboxTableSql(schemas.mapping)) await sql(statement);
    await sql(`INSERT INTO "${schemas.mapping}"."outbox" ("topic", "message_key", "payload", "created_at") VALUES ($1, 'k', '{}', '2026-12-05T06:00:00Z'), ($1, 'k2', '{}', now())`, [topics.saleOrders]);
    const outbox = await operator.request('GET', '/v1/operations/outbox');
    expect(outbox.body.services).toEqual([
      { service: 'config-service', schema: schemas.config, pending: 0, setAside: 0, oldestPendingAt: null },
      { service: 'mapping-service', schema: schemas.mapping, pending: 2, setAside: 0, oldestPendingAt: '2026-12-05T06:00:00.000Z' },
      { service: 'invoice-dispatcher', schema: schemas.dispatcher, pending: 0, setAside: 0, oldestPendingAt: null },
    ]);
  }, 60000);
});
