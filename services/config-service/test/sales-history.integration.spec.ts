import * as grpc from '@grpc/grpc-js';
import { Kafka } from 'kafkajs';
import {
  CONSUMER_GROUPS, deadLetterTopic, DISPATCH_RESULT, HEADERS, prefixedTopics, prefixedTopicSpecs, SALE_ORDER, saleKey, SaleReprocessRequestSchema,
} from '@gv/contracts';
import { ensureTopics } from '@gv/kafka';
import { eventually, KafkaProbe, localKafka, testEnvironment, uniqueId } from '@gv/testing';
import { SaleDetailSchema, SalesPageSchema } from '../src/sales-history/sales-view';
import type { RunningConfigService } from '../src/start-config-service';
import { resultFixture, saleOrderFixture } from './sales-fixtures';
import { ADMIN_TOKEN, dropSchema, GrpcApi, HttpApi, query, serviceEnv, startInProcess, testSchema } from './support';

const LIMITED_TOKEN = 'sales-admin-token-limited-to-account-a';

/**
 * The sales history against the real broker and PostgreSQL: config-service in-process with its
 * own topics and group, fed through Kafka with sale orders and results as the pipeline publishes
 * them; answers checked over HTTP and gRPC.
 */
describe('sales history (real Kafka and PostgreSQL)', () => {
  const env = testEnvironment();
  const isolation = uniqueId('saleshist');
  const topicPrefix = `${isolation}.`;
  const groupPrefix = `${isolation}-`;
  const topics = prefixedTopics(topicPrefix);
  const dlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.configSalesHistory);
  const accountA = uniqueId('acct_a');
  const accountB = uniqueId('acct_b');
  let kafka: Kafka;
  let probe: KafkaProbe;
  let service: RunningConfigService;
  let schema: string;
  let http: HttpApi;
  let rpc: GrpcApi;

  const salesPath = (accountId: string, suffix = '') => `/v1/accounts/${encodeURIComponent(accountId)}/sales${suffix}`;
  const produceOrders = (orders: ReturnType<typeof saleOrderFixture>[]) =>
    probe.produce(topics.saleOrders, orders.map((o) => ({ key: saleKey(o.accountId, o.guruTransactionId), value: o, headers: { [HEADERS.contract]: SALE_ORDER } })));
  const produceResults = (results: ReturnType<typeof resultFixture>[]) =>
    probe.produce(topics.dispatchResults, results.map((r) => ({ key: saleKey(r.accountId, r.guruTransactionId), value: r, headers: { [HEADERS.contract]: DISPATCH_RESULT } })));
  const sale = async (accountId: string, id: string) => (await http.request('GET', salesPath(accountId, `/${encodeURIComponent(id)}`))).body;

  beforeAll(async () => {
    kafka = localKafka('sales-history-test', env.kafkaBrokers);
    await ensureTopics(kafka, [...prefixedTopicSpecs(topicPrefix), { name: dlq, partitions: 1 }]);
    probe = new KafkaProbe();
    await probe.listen([topics.saleReprocess, dlq]);
    schema = testSchema();
    service = await startInProcess(serviceEnv({
      schema, vhsysUrl: 'http://127.0.0.1:9/v2',
      adminTokens: `admin-backend:${ADMIN_TOKEN}:*,tenant-a:${LIMITED_TOKEN}:${accountA}`,
      extra: { KAFKA_TOPIC_PREFIX: topicPrefix, KAFKA_GROUP_PREFIX: groupPrefix },
    }));
    await service.waitUntilJoined(60000);
    http = new HttpApi(service.httpUrl);
    rpc = new GrpcApi(service.grpcAddress);
  }, 120000);

  afterAll(async () => {
    rpc?.close();
    await probe?.close();
    await service?.stop();
    await dropSchema(schema);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [...prefixedTopicSpecs(topicPrefix).map((t) => t.name), dlq] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('keeps the current state and the timeline of a sale, idempotent under redelivery and safe against stale results', async () => {
    const id = uniqueId('tx');
    // Revisions as mapping-service makes them (from Guru's updated_at): beyond 32 bits.
    const revision = 35511787200007;
    const order = saleOrderFixture({ accountId: accountA, id, revision });
    const result = resultFixture({
      accountId: accountA, guruTransactionId: id, attempts: 1, revision,
      steps: [
        { step: 'customer', state: 'done', at: '2026-03-10T15:00:01.000Z', runs: 1, error: null },
        { step: 'nfe_emit', state: 'done', at: '2026-03-10T15:00:04.000Z', runs: 1, error: null },
      ],
    });
    // Everything twice (redelivery), and a stale result (revision 0, mapping) after the newer one.
    await produceOrders([order, order]);
    await produceResults([result, result, resultFixture({ accountId: accountA, guruTransactionId: id, revision: 0, stage: 'mapping', outcome: 'ignored', reason: 'status_not_mapped', vhsys: null, occurredAt: '2026-03-10T15:00:06.000Z' })]);

    const detail = await eventually(async () => {
      const body = await sale(accountA, id);
      return body?.timeline?.length === 5 ? body : undefined;
    }, 30000, 'the sale with its 5 timeline entries');
    expect(SaleDetailSchema.parse(detail)).toEqual({
      guruTransactionId: id, guruStatus: 'approved', buyerName: 'Maria da Silva', buyerDocumentMasked: '***.982.247-**', totalCents: 19990,
      outcome: 'created', reason: null, detail: null, revision, attempts: 1, lastAttemptAt: '2026-03-10T15:00:05.000Z', lastError: null,
      productCodes: [], needsManualCancellation: null,
      vhsys: { idPedido: 1077, nfe: { chave: '41260300000000000000550010000000011000000010', danfeUrl: 'https://vhsys.example/danfe/77.pdf', emitted: true }, nfse: null },
      reprocessable: true, occurredAt: '2026-03-10T15:00:00.000Z', lastEventAt: '2026-03-10T15:00:05.000Z', updatedAt: expect.any(String),
      timeline: [
        { at: '2026-03-10T15:00:00.000Z', kind: 'guru_event', title: `Guru event received: approved (mapped to revision ${revision})`, detail: 'total R$ 199.90; invoices to issue: NF-e', outcome: null, revision },
        { at: '2026-03-10T15:00:01.000Z', kind: 'vhsys_step', title: 'Vhsys customer: done', detail: null, outcome: null, revision },
        { at: '2026-03-10T15:00:04.000Z', kind: 'vhsys_step', title: 'Vhsys nfe_emit: done', detail: null, outcome: null, revision },
        { at: '2026-03-10T15:00:05.000Z', kind: 'decision', title: 'Dispatch: created', detail: null, outcome: 'created', revision },
        { at: '2026-03-10T15:00:06.000Z', kind: 'decision', title: 'Mapping: ignored', detail: 'status_not_mapped', outcome: 'ignored', revision: 0 },
      ],
    });
    // Only what the screen needs is stored: no clear document, e-mail, phone or address.
    const stored = JSON.stringify(await query(`SELECT * FROM "${schema}"."sale_history" WHERE guru_transaction_id = $1`, [id]));
    expect(stored).not.toMatch(/52998224725|maria@example\.com|41999998888|Curitiba|80010000/);

    // gRPC answers the same sale.
    const viaGrpc = await rpc.call('GetSale', { accountId: accountA, guruTransactionId: id });
    expect(viaGrpc.response.sale).toMatchObject({ guruTransactionId: id, outcome: 'created', totalCents: 19990, revision, buyerDocumentMasked: '***.982.247-**' });
    expect(viaGrpc.response.sale.vhsys.nfe).toEqual({ chave: '41260300000000000000550010000000011000000010', danfeUrl: 'https://vhsys.example/danfe/77.pdf', emitted: true });
    expect(viaGrpc.response.timeline).toHaveLength(5);
  });

  it('filters (outcome, period, Guru id, buyer document) and pages with a cursor, newest first, over sales written through Kafka', async () => {
    const account = uniqueId('acct_page');
    const base = Date.UTC(2026, 4, 1, 12);
    // 45 sales; 3 share each minute (ties broken by id); every 5th failed; buyers alternate.
    const orders = Array.from({ length: 45 }, (_, i) => saleOrderFixture({
      accountId: account, id: `p-${String(i).padStart(3, '0')}`, occurredAt: new Date(base + Math.floor(i / 3) * 60_000).toISOString(),
      document: i % 2 === 0 ? '52998224725' : '11222333000181', totalCents: 1000 + i,
    }));
    await produceOrders(orders);
    const failed = orders.filter((_, i) => i % 5 === 0);
    await produceResults(failed.map((o) => resultFixture({ accountId: account, guruTransactionId: o.guruTransactionId, outcome: 'failed', reason: 'vhsys_rejected', detail: 'recusado', vhsys: null, attempts: 1, occurredAt: o.occurredAt })));
    await eventually(async () => {
      const rows = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}"."sale_history" WHERE account_id = $1 AND (outcome = 'failed' OR outcome IS NULL)`, [account]);
      return rows[0]!.n === 45 ? true : undefined;
    }, 30000, '45 sales stored');
    const expected = orders.map((o) => ({ id: o.guruTransactionId, at: Date.parse(o.occurredAt) })).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((s) => s.id);

    const pageThrough = async (qs: string, limit: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: { guruTransactionId: string }[]; nextCursor: string | null } } = await http.request('GET', salesPath(account, `?limit=${limit}${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
        expect(res.status).toBe(200);
        SalesPageSchema.parse(res.body);
        seen.push(...res.body.items.map((s) => s.guruTransactionId));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await pageThrough('', 7)).toEqual(expected);
    expect(await pageThrough('&outcome=failed', 4)).toEqual(expected.filter((id) => Number(id.slice(2)) % 5 === 0));
    const from = new Date(base + 3 * 60_000).toISOString();
    const to = new Date(base + 6 * 60_000).toISOString();
    expect(await pageThrough(`&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, 2)).toEqual(['p-017', 'p-016', 'p-015', 'p-014', 'p-013', 'p-012', 'p-011', 'p-010', 'p-009']);
    expect(await pageThrough('&buyerDocument=11.222.333%2F0001-81&outcome=failed', 100)).toEqual(expected.filter((id) => Number(id.slice(2)) % 10 === 5));
    expect(await pageThrough('&guruTransactionId=p-044', 25)).toEqual(['p-044']);

    // A cursor of one filter is refused with another; bad fields are named.
    const first = await http.request('GET', salesPath(account, '?limit=5&outcome=failed'));
    const misuse = await http.request('GET', salesPath(account, `?limit=5&cursor=${encodeURIComponent(first.body.nextCursor)}`));
    expect(misuse.status).toBe(422);
    expect(misuse.body.details).toEqual([{ path: 'cursor', message: 'belongs to another account or filter: send the same filters as the first page, or start again without a cursor' }]);
    const bad = await http.request('GET', salesPath(account, '?limit=500&outcome=lost&buyerDocument=123'));
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(['outcome', 'buyerDocument']);

    // gRPC pages the same way.
    const grpcPage = await rpc.call('ListSales', { accountId: account, filter: { outcomes: ['failed'] }, limit: 3 });
    expect(grpcPage.response.items.map((s: { guruTransactionId: string }) => s.guruTransactionId)).toEqual(expected.filter((id) => Number(id.slice(2)) % 5 === 0).slice(0, 3));
    const grpcNext = await rpc.call('ListSales', { accountId: account, filter: { outcomes: ['failed'] }, limit: 3, cursor: grpcPage.response.nextCursor });
    expect(grpcNext.response.items.map((s: { guruTransactionId: string }) => s.guruTransactionId)).toEqual(expected.filter((id) => Number(id.slice(2)) % 5 === 0).slice(3, 6));
  });

  it('lets a token limited to account A use only A, on every sales route (HTTP and gRPC); no token is 401', async () => {
    const limitedHttp = http.withToken(LIMITED_TOKEN);
    const routes: [string, string][] = [
      ['GET', salesPath(accountB)], ['GET', salesPath(accountB, '/tx-1')], ['POST', salesPath(accountB, '/tx-1/reprocess')], ['POST', salesPath(accountB, '/reprocess')],
    ];
    for (const [method, path] of routes) {
      expect({ method, path, status: (await limitedHttp.request(method, path, method === 'POST' ? { body: {} } : {})).status }).toEqual({ method, path, status: 403 });
      expect({ method, path, status: (await http.withToken(null).request(method, path, method === 'POST' ? { body: {} } : {})).status }).toEqual({ method, path, status: 401 });
    }
    expect((await limitedHttp.request('GET', salesPath(accountA))).status).toBe(200);
    for (const method of ['ListSales', 'GetSale', 'ReprocessSale', 'ReprocessSales']) {
      const forbidden = await rpc.call(method, { accountId: accountB, guruTransactionId: 'tx-1' }, LIMITED_TOKEN);
      expect({ method, code: forbidden.error?.code }).toEqual({ method, code: grpc.status.PERMISSION_DENIED });
      const anonymous = await rpc.call(method, { accountId: accountA, guruTransactionId: 'tx-1' }, null);
      expect({ method, code: anonymous.error?.code }).toEqual({ method, code: grpc.status.UNAUTHENTICATED });
    }
    expect((await rpc.call('ListSales', { accountId: accountA }, LIMITED_TOKEN)).ok).toBe(true);
  });

  it('reprocess: one message on the reprocess topic per call, with its audit entry and timeline entry; refused for a mapping-only sale', async () => {
    const account = uniqueId('acct_rp');
    const id = uniqueId('tx');
    const mappingOnly = uniqueId('tx_map');
    await produceOrders([saleOrderFixture({ accountId: account, id })]);
    await produceResults([
      resultFixture({ accountId: account, guruTransactionId: id, outcome: 'failed', reason: 'vhsys_unavailable', vhsys: null, attempts: 5 }),
      resultFixture({ accountId: account, guruTransactionId: mappingOnly, revision: 0, stage: 'mapping', outcome: 'needs_configuration', reason: 'product_not_configured', productCodes: ['CURSO'], vhsys: null }),
    ]);
    await eventually(async () => (await sale(account, mappingOnly))?.outcome === 'needs_configuration' && (await sale(account, id))?.outcome === 'failed', 30000, 'both sales stored');

    const first = await http.request('POST', salesPath(account, `/${id}/reprocess`));
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ requestId: expect.any(String), guruTransactionId: id, requestedBy: 'admin-backend', requestedAt: expect.any(String) });
    const second = await rpc.call('ReprocessSale', { accountId: account, guruTransactionId: id });
    expect(second.ok).toBe(true);
    expect(second.response.requestId).not.toBe(first.body.requestId);

    const published = await probe.waitFor(topics.saleReprocess, (m) => (m.value as { accountId: string }).accountId === account, 2, 30000);
    expect(published.map((m) => m.key)).toEqual([saleKey(account, id), saleKey(account, id)]);
    expect(published.map((m) => SaleReprocessRequestSchema.parse(m.value))).toEqual([
      { accountId: account, guruTransactionId: id, requestId: first.body.requestId, requestedBy: 'admin-backend', requestedAt: first.body.requestedAt },
      { accountId: account, guruTransactionId: id, requestId: second.response.requestId, requestedBy: 'admin-backend', requestedAt: second.response.requestedAt },
    ]);
    // Exactly once per call: nothing more arrives.
    await new Promise((r) => setTimeout(r, 1500));
    expect(probe.received(topics.saleReprocess).filter((m) => (m.value as { accountId: string }).accountId === account)).toHaveLength(2);

    const audit = await http.request('GET', `/v1/accounts/${account}/vhsys-integration/audit`);
    expect(audit.body.entries.map((e: { action: string; actor: string; via: string; changes: unknown }) => ({ action: e.action, actor: e.actor, via: e.via, changes: e.changes }))).toEqual([
      { action: 'sale_reprocess', actor: 'admin-backend', via: 'grpc', changes: [{ path: 'guruTransactionId', to: id }, { path: 'requestId', to: second.response.requestId }] },
      { action: 'sale_reprocess', actor: 'admin-backend', via: 'http', changes: [{ path: 'guruTransactionId', to: id }, { path: 'requestId', to: first.body.requestId }] },
    ]);
    const timeline = (await sale(account, id)).timeline.filter((e: { kind: string }) => e.kind === 'reprocess_requested');
    expect(timeline.map((e: { title: string; detail: string }) => [e.title, e.detail])).toEqual([
      ['Reprocess requested by admin-backend', `request ${first.body.requestId} (http)`],
      ['Reprocess requested by admin-backend', `request ${second.response.requestId} (grpc)`],
    ]);

    const refused = await http.request('POST', salesPath(account, `/${mappingOnly}/reprocess`));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'reprocess_refused', message: 'the dispatcher never received this sale: its products need Faturamento settings; saving them re-maps the sale by itself' });
    expect((await http.request('POST', salesPath(account, '/no-such-sale/reprocess'))).status).toBe(404);

    // Bulk: the reprocessable one requested, the mapping-only one skipped with its reason.
    const bulk = await http.request('POST', salesPath(account, '/reprocess'), { body: { max: 10 } });
    expect(bulk.status).toBe(202);
    expect(bulk.body).toMatchObject({ requested: 1, skipped: 1, truncated: false, skippedSales: [{ guruTransactionId: mappingOnly, reason: expect.stringContaining('Faturamento') }] });
    await probe.waitFor(topics.saleReprocess, (m) => (m.value as { requestId: string }).requestId === bulk.body.requests[0].requestId, 1, 30000);
    const tooMany = await http.request('POST', salesPath(account, '/reprocess'), { body: { max: 501, color: 'red' } });
    expect(tooMany.status).toBe(422);
  });

  it('dead-letters a malformed sale order or result with its reason and goes on with the partition', async () => {
    const account = uniqueId('acct_dlq');
    const good = saleOrderFixture({ accountId: account, id: 'after-poison' });
    const { customer: _dropped, ...noCustomer } = saleOrderFixture({ accountId: account, id: 'poison-order' });
    await probe.produce(topics.saleOrders, [
      { key: saleKey(account, 'poison-order'), value: noCustomer, partition: 0 },
      { key: saleKey(account, 'after-poison'), value: good, partition: 0 },
    ]);
    await probe.produce(topics.dispatchResults, [
      { key: saleKey(account, 'poison-result'), value: '{"accountId": "x", ', partition: 0 },
      { key: saleKey(account, 'after-poison'), value: resultFixture({ accountId: account, guruTransactionId: 'after-poison' }), partition: 0 },
    ]);
    const dead = await probe.waitFor(dlq, (m) => String(m.key).startsWith(`${account}:`), 2, 30000);
    const reasons = Object.fromEntries(dead.map((m) => [m.key, m.headers[HEADERS.dlqReason]]));
    expect(reasons[saleKey(account, 'poison-order')]).toMatch(/customer/);
    expect(reasons[saleKey(account, 'poison-result')]).toMatch(/json/i);
    await eventually(async () => (await sale(account, 'after-poison'))?.outcome === 'created', 30000, 'the next messages applied');
    expect((await http.request('GET', salesPath(account, '/poison-order'))).status).toBe(404);
  });
});
