import { DispatchResult, GURU_TRANSACTION_EVENT, HEADERS, saleKey } from '@gv/contracts';
import { GuruSimulatorAdmin, RunningGuruApiSimulator, startGuruApiSimulator } from '@gv/guru-api-simulator';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { eventually, KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

/**
 * An import of past sales through the whole pipeline: config-service reads the Guru API
 * simulator and produces to guru.transactions.v1; mapping-service and invoice-dispatcher (their
 * own processes) bring each sale to Vhsys (simulator). Some of the imported sales are also sent
 * live, as Guru's webhook would, while the import runs: each sale still ends as exactly one order.
 */
describe('import of past sales, end to end', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  const accountId = uniqueId('imp_acct');
  const guruToken = `guru-user-${uniqueId('tok')}`;
  const vhsys = { accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };
  // 200 days: two Guru windows.
  const period = { from: '2025-03-01T00:00:00-03:00', to: '2025-09-17T00:00:00-03:00' };
  const SALES = 12;
  let guru: RunningGuruApiSimulator;
  let stack: RunningStack;
  let ids: string[];
  /** Checkouts abandoned in the period: the pipeline ignores them, and the preview says so. */
  let abandonedIds: string[];

  beforeAll(async () => {
    guru = await startGuruApiSimulator();
    const guruAdmin = new GuruSimulatorAdmin(guru.adminUrl);
    await guruAdmin.createAccount({ accountId, userTokens: [guruToken] });
    ids = await guruAdmin.generateTransactions(accountId, {
      count: SALES, from: period.from, to: period.to, seed: 11, statuses: ['approved'], paymentMethods: ['pix'], productCodes: ['EBOOK-FIT', 'LIVRO-CONF'], variants: 'canonical',
    });
    abandonedIds = await guruAdmin.generateTransactions(accountId, {
      count: 3, from: period.from, to: period.to, seed: 12, statuses: ['abandoned'], paymentMethods: ['pix'], productCodes: ['EBOOK-FIT'], variants: 'canonical',
    });
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: uniqueId('e2eimp'),
      env: {
        'config-service': {
          GURU_API_BASE_URL: guru.url,
          GURU_API_DEV_USER_TOKENS: JSON.stringify({ [accountId]: guruToken }),
          IMPORT_PAGE_SIZE: '3',
          IMPORT_MAX_SALES_PER_SECOND: '4',
          IMPORT_POLL_INTERVAL_MS: '200',
        },
        // Vhsys's default 2 requests/s per account would make the 12 sales take half a minute.
        'invoice-dispatcher': { VHSYS_RATE_LIMIT_PER_SECOND: '40', VHSYS_RATE_LIMIT_BURST: '40' },
      },
    });
    await probe.listen([stack.topics.dispatchResults]);
    await setUpAccount({ ...stack, mappingServiceUrl: stack.mappingServiceUrl }, { accountId, ...vhsys });
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
    await guru?.close();
  });

  it('ends with exactly one Vhsys order per sale, sales also sent live included', async () => {
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.configServiceUrl}/v1/accounts/${encodeURIComponent(accountId)}/imports${path}`, {
        method, headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      });
    const preview = await (await api('POST', '/preview', period)).json();
    expect(preview).toMatchObject({ sales: SALES + 3, wouldCreateOrders: SALES, alreadyInHistory: 0, wouldBeIgnored: 3, needProductSettings: 0, windows: 2, estimated: false });

    const started = await api('POST', '', period);
    expect(started.status).toBe(202);
    const { importId } = (await started.json()) as { importId: string };
    // Guru's webhook delivers four of the same sales while the import runs (the last ones, which the import reaches last).
    const live = ids.slice(-4);
    const bodies = guru.state.requireAccount(accountId).transactions;
    await probe.produce(stack.topics.guruTransactions, live.map((id) => ({
      key: saleKey(accountId, id), value: { accountId, transaction: bodies.get(id) }, headers: { [HEADERS.contract]: GURU_TRANSACTION_EVENT },
    })));

    await eventually(async () => ((await (await api('GET', `/${importId}`)).json()) as { status: string }).status === 'done', 90000, 'import done');
    // Every sale answered; the live ones twice (created, then unchanged for the other copy).
    const results = () => probe.received(stack.topics.dispatchResults).map((m) => m.value as DispatchResult).filter((r) => r.accountId === accountId);
    await eventually(() => ids.every((id) => results().filter((r) => r.guruTransactionId === id).length >= (live.includes(id) ? 2 : 1)), 120000, 'every sale answered')
      .catch((error) => {
        for (const [name, p] of Object.entries(stack.processes)) console.log(`----- ${name}\n${p.log.slice(-3000)}`);
        console.log('results', JSON.stringify(results().map((r) => [r.guruTransactionId, r.outcome, r.reason])));
        throw error;
      });
    for (const id of ids) {
      const outcomes = results().filter((r) => r.guruTransactionId === id).map((r) => r.outcome).sort();
      expect({ id, outcomes }).toEqual({ id, outcomes: live.includes(id) ? ['created', 'unchanged'] : ['created'] });
    }
    // What the preview counted as ignored, the pipeline ignored.
    await eventually(() => abandonedIds.every((id) => results().some((r) => r.guruTransactionId === id)), 60000, 'the abandoned checkouts answered');
    for (const id of abandonedIds) {
      expect({ id, answers: results().filter((r) => r.guruTransactionId === id).map((r) => [r.outcome, r.reason]) }).toEqual({ id, answers: [['ignored', 'status_ignored:abandoned']] });
    }
    const state = await new SimulatorAdmin(stack.simulatorAdminUrl).getState(vhsys.accessToken);
    for (const id of ids) expect({ id, pedidos: state.pedidos.filter((p) => JSON.stringify(p).includes(id)).length }).toEqual({ id, pedidos: 1 });
    expect(state.pedidos).toHaveLength(SALES);
  }, 240000);
});
