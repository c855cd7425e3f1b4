import { Kafka } from 'kafkajs';
import { GURU_TRANSACTION_EVENT, HEADERS, prefixedTopics, prefixedTopicSpecs } from '@gv/contracts';
import { GuruSimulatorAdmin, RunningGuruApiSimulator, startGuruApiSimulator } from '@gv/guru-api-simulator';
import { ensureTopics } from '@gv/kafka';
import { eventually, KafkaProbe, localKafka, ProbedMessage, testEnvironment, uniqueId } from '@gv/testing';
import type { RunningConfigService } from '../src/start-config-service';
import * as grpc from '@grpc/grpc-js';
import { dropSchema, GrpcApi, HttpApi, query, serviceEnv, startInProcess, testSchema } from './support';

/**
 * Imports of past sales against the real broker and PostgreSQL and the Guru API simulator:
 * config-service in-process reads Guru over HTTP and produces to its own prefixed guru topic.
 * There is no mapping-service or dispatcher here: a stand-in pipeline answers each produced sale
 * by writing its outcome into the sales history (as the history consumer would from the
 * dispatcher's result), which is what the import's pipeline window waits for.
 */
describe('imports of past sales (real Kafka, PostgreSQL, Guru simulator)', () => {
  const env = testEnvironment();
  const isolation = uniqueId('imports');
  const topicPrefix = `${isolation}.`;
  const topics = prefixedTopics(topicPrefix);
  const account = uniqueId('acct_imp');
  const other = uniqueId('acct_other');
  const tokens = { [account]: `guru-user-${uniqueId('tok')}`, [other]: `guru-user-${uniqueId('tok')}` };
  // 400 days: three windows of at most 180 days.
  const period = { from: '2025-01-01T00:00:00-03:00', to: '2026-02-05T00:00:00-03:00' };
  const SALES = 240;
  const PAGE = 20;
  let kafka: Kafka;
  let probe: KafkaProbe;
  let guru: RunningGuruApiSimulator;
  let guruAdmin: GuruSimulatorAdmin;
  let schema: string;
  let service: RunningConfigService | null = null;
  let seeded: string[];
  const WINDOW = 5;
  /**
   * The stand-in pipeline: answers every imported sale seen on the topic while `answering`. One
   * pass at a time (the next starts 50 ms after the last ended) with one INSERT for all the fresh
   * sales: passes on a timer overlapped once a pass took longer than the timer on a loaded
   * machine, each re-answering the same sales over a new connection, and the import crawled.
   */
  let answering = true;
  const answered = new Set<string>();
  let pipelineRunning = false;
  let pipeline: Promise<void> | null = null;
  const answerImported = async () => {
    if (!answering || !service) return;
    const fresh = probe.received(topics.guruTransactions, (m) => m.headers[HEADERS.origin] === 'import' && !answered.has(String(m.key))).map((m) => String(m.key));
    if (fresh.length === 0) return;
    const split = fresh.map((key) => [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)]);
    await query(
      `INSERT INTO "${schema}"."sale_history" (account_id, guru_transaction_id, last_event_at, result_stage, outcome)
       SELECT a, t, now(), 'dispatch', 'created' FROM unnest($1::text[], $2::text[]) AS s(a, t) ON CONFLICT DO NOTHING`,
      [split.map(([a]) => a), split.map(([, t]) => t)],
    );
    for (const key of fresh) answered.add(key);
  };
  const runPipeline = async () => {
    while (pipelineRunning) {
      // Before the service starts there is no sales history table yet: that pass answers nothing.
      await answerImported().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const start = async (): Promise<HttpApi> => {
    service = await startInProcess(serviceEnv({
      schema, vhsysUrl: 'http://127.0.0.1:9/v2',
      extra: {
        KAFKA_TOPIC_PREFIX: topicPrefix, KAFKA_GROUP_PREFIX: `${isolation}-`,
        GURU_API_BASE_URL: guru.url, GURU_API_DEV_USER_TOKENS: JSON.stringify(tokens),
        IMPORT_PAGE_SIZE: String(PAGE), IMPORT_MAX_SALES_PER_SECOND: '60', IMPORT_POLL_INTERVAL_MS: '200', IMPORT_LEASE_MS: '3000',
        IMPORT_MAX_OUTSTANDING_SALES: String(WINDOW), IMPORT_WINDOW_POLL_MS: '50',
      },
    }));
    return new HttpApi(service.httpUrl);
  };
  const importsPath = (accountId: string, suffix = '') => `/v1/accounts/${encodeURIComponent(accountId)}/imports${suffix}`;
  const imported = (importId: string): ProbedMessage[] => probe.received(topics.guruTransactions, (m) => m.headers[HEADERS.importId] === importId);

  beforeAll(async () => {
    kafka = localKafka('imports-test', env.kafkaBrokers);
    await ensureTopics(kafka, prefixedTopicSpecs(topicPrefix));
    probe = new KafkaProbe();
    await probe.listen([topics.guruTransactions]);
    guru = await startGuruApiSimulator();
    guruAdmin = new GuruSimulatorAdmin(guru.adminUrl);
    await guruAdmin.createAccount({ accountId: account, userTokens: [tokens[account]] });
    await guruAdmin.createAccount({ accountId: other, userTokens: [tokens[other]] });
    seeded = await guruAdmin.generateTransactions(account, { count: SALES, from: period.from, to: period.to, seed: 7, variants: 'canonical' });
    await guruAdmin.generateTransactions(other, { count: SALES, from: period.from, to: period.to, seed: 8, variants: 'canonical' });
    schema = testSchema();
    pipelineRunning = true;
    pipeline = runPipeline();
  }, 120000);

  afterAll(async () => {
    pipelineRunning = false;
    await pipeline;
    await service?.stop();
    await probe?.close();
    await guru?.close();
    await dropSchema(schema);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: prefixedTopicSpecs(topicPrefix).map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('previews exact counts: sales, already in the ledger, ignored without an integration, total value', async () => {
    const http = await start();
    // Two sales the dispatcher has already answered for, as the sales history records them.
    await query(`INSERT INTO "${schema}"."sale_history" (account_id, guru_transaction_id, last_event_at, result_stage, outcome) VALUES ($1, $2, now(), 'dispatch', 'created'), ($1, $3, now(), 'dispatch', 'unchanged')`, [account, seeded[3], seeded[100]]);
    const totalCents = seeded.reduce((sum, id) => {
      const body = guru.state.requireAccount(account).transactions.get(id) as { payment: { total: number | string } };
      return sum + Math.round(Number(body.payment.total) * 100);
    }, 0);
    const answer = await http.request('POST', importsPath(account, '/preview'), { body: period });
    expect(answer.status).toBe(200);
    // The account has no Vhsys integration yet: the pipeline would ignore every sale not already dispatched.
    expect(answer.body).toEqual({
      sales: SALES, wouldCreateOrders: 0, alreadyInHistory: 2, wouldBeIgnored: SALES - 2, needProductSettings: 0, unreadable: 0, totalCents,
      windows: 3, estimated: false, sampledSales: SALES,
    });
    const bad = await http.request('POST', importsPath(account, '/preview'), { body: { ...period, from: '2025-01-01' } });
    expect(bad.status).toBe(422);
    expect(bad.body.details[0].path).toBe('from');
  });

  it('imports every sale exactly once with the import headers, resumes after a stop from its stored position, refuses a second import', async () => {
    const http = new HttpApi(service!.httpUrl);
    await guruAdmin.resetRequests(account);
    const started = await http.request('POST', importsPath(account), { body: period });
    expect(started.status).toBe(202);
    const { importId } = started.body as { importId: string };
    const second = await http.request('POST', importsPath(account), { body: period });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('import_already_running');
    // The same over gRPC: ALREADY_EXISTS for a second start, the progress of the running one.
    const rpc = new GrpcApi(service!.grpcAddress);
    try {
      const rpcSecond = await rpc.call('StartImport', { accountId: account, ...period });
      expect(rpcSecond.error?.code).toBe(grpc.status.ALREADY_EXISTS);
      const rpcProgress = await rpc.call('GetImport', { accountId: account, importId });
      expect(rpcProgress.response).toMatchObject({ importId, accountId: account, from: period.from, to: period.to, windowCount: 3 });
      expect(['queued', 'running']).toContain(rpcProgress.response.status);
      const rpcBad = await rpc.call('PreviewImport', { accountId: account, from: period.from, to: '2030-01-01T00:00:00-03:00' });
      expect(rpcBad.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    } finally {
      rpc.close();
    }

    // Stop the service mid-import, after a few pages.
    await eventually(async () => (await http.request('GET', importsPath(account, `/${importId}`))).body.done >= 3 * PAGE, 30000, 'three pages');
    await service!.stop();
    service = null;
    const [stopped] = await query<{ produced: number; segment_index: number; guru_cursor: string | null }>(`SELECT produced, segment_index, guru_cursor FROM "${schema}"."import_job" WHERE id = $1`, [importId]);
    expect(stopped.produced).toBeGreaterThanOrEqual(3 * PAGE);
    expect(stopped.produced).toBeLessThan(SALES);
    const firstWindowFirstPage = (e: { route: string; query: string }) => e.route === '/transactions' && e.query.includes('ordered_at_ini=2025-01-01') && !e.query.includes('cursor=');
    // The first run counted (one-row pages) and read the first window from its start.
    expect((await guruAdmin.requestLog(account)).entries.filter(firstWindowFirstPage).length).toBe(2);
    await guruAdmin.resetRequests(account);
    // As if the stopped instance had crashed holding the import: its lease runs 2 s more.
    await query(`UPDATE "${schema}"."import_job" SET lease_owner = 'crashed-instance', lease_expires_at = now() + interval '2 seconds' WHERE id = $1`, [importId]);
    const resumedAfter = Date.now() + 2000;

    const resumed = await start();
    const done = await eventually(async () => {
      const view = (await resumed.request('GET', importsPath(account, `/${importId}`))).body;
      return view.status === 'done' ? view : undefined;
    }, 60000, 'import done');
    expect(done).toMatchObject({ status: 'done', done: SALES, total: SALES, produced: SALES, skipped: 0, etaSeconds: 0, window: { index: 3, count: 3 } });

    const messages = await probe.waitFor(topics.guruTransactions, (m) => m.headers[HEADERS.importId] === importId, SALES);
    const ids = messages.map((m) => (m.value as { transaction: { id: string } }).transaction.id);
    expect(ids.sort()).toEqual([...seeded].sort());
    for (const m of messages) {
      expect(m.key).toBe(`${account}:${(m.value as { transaction: { id: string } }).transaction.id}`);
      expect(m.headers[HEADERS.contract]).toBe(GURU_TRANSACTION_EVENT);
      expect(m.headers[HEADERS.origin]).toBe('import');
      expect((m.value as { accountId: string }).accountId).toBe(account);
    }
    // The resumed run went on from the stored position: it never listed the first window's first
    // page again (nor counted the total again), and its first listing carried the stored cursor.
    const { entries } = await guruAdmin.requestLog(account);
    const listings = entries.filter((e) => e.route === '/transactions');
    expect(listings.filter(firstWindowFirstPage)).toEqual([]);
    expect(listings[0].atMs).toBeGreaterThanOrEqual(resumedAfter - 50);
    if (stopped.guru_cursor !== null) expect(new URLSearchParams(listings[0].query).get('cursor')).toBe(stopped.guru_cursor);
    expect(listings.length).toBeLessThan(Math.ceil(SALES / PAGE) + 3);
    expect(imported(importId).length).toBe(SALES);
  }, 120000);

  it('waits for the pipeline: never more than the window of its sales produced and unanswered', async () => {
    const http = new HttpApi(service!.httpUrl);
    answering = false;
    try {
      const { importId } = (await http.request('POST', importsPath(other), { body: period })).body as { importId: string };
      await eventually(() => imported(importId).length >= WINDOW, 30000, 'a window of sales produced');
      // The pipeline answers nothing: the import stays at the window (two seconds, forty looks).
      await new Promise((r) => setTimeout(r, 2000));
      expect(imported(importId).length).toBe(WINDOW);
      expect((await http.request('GET', importsPath(other, `/${importId}`))).body.status).toBe('running');
      // The pipeline answers: the import goes on.
      answering = true;
      await eventually(() => imported(importId).length >= 3 * WINDOW, 30000, 'more sales once answered');
      const cancel = await http.request('POST', importsPath(other, `/${importId}/cancel`));
      expect(cancel.status).toBe(202);
      await eventually(async () => (await http.request('GET', importsPath(other, `/${importId}`))).body.status === 'cancelled', 30000, 'cancelled');
    } finally {
      answering = true;
    }
  }, 60000);

  it('cancels a running import', async () => {
    const http = new HttpApi(service!.httpUrl);
    const { importId } = (await http.request('POST', importsPath(other), { body: period })).body as { importId: string };
    await eventually(async () => (await http.request('GET', importsPath(other, `/${importId}`))).body.done >= PAGE, 30000, 'a page');
    const cancel = await http.request('POST', importsPath(other, `/${importId}/cancel`));
    expect(cancel.status).toBe(202);
    expect(['cancelling', 'cancelled']).toContain(cancel.body.status);
    const ended = await eventually(async () => {
      const view = (await http.request('GET', importsPath(other, `/${importId}`))).body;
      return view.status === 'cancelled' ? view : undefined;
    }, 30000, 'cancelled');
    expect(ended.produced).toBeLessThan(SALES);
    // Once cancelled, the account may import again.
    const again = await http.request('POST', importsPath(other), { body: { from: '2025-01-01T00:00:00-03:00', to: '2025-01-02T00:00:00-03:00' } });
    expect(again.status).toBe(202);
  }, 60000);
});
