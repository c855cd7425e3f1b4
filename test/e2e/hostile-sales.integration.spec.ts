import { CONSUMER_GROUPS, deadLetterTopic, DispatchResult, HEADERS, SaleOrder, saleKey } from '@gv/contracts';
import { buildIntegrationConfig, generateSale } from '@gv/guru-sale-generator';
import { RunningStack, ServiceName, setUpAccount, startStack } from '@gv/stack';
import { KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';
import { hostileMessages } from '@gv/mapping-service/testing';

/**
 * Hostile input through the whole product (three services and the Vhsys simulator, each its own
 * process): messages whose key names another sale are dead-lettered as key_mismatch by
 * mapping-service and by both dispatcher consumers, with nothing created in Vhsys; and a few
 * hundred hostile Guru payloads mixed with good sales: every good sale gets exactly one Vhsys
 * order, every hostile one is in the dead-letter topic naming its field, and no process restarts.
 */
describe('hostile messages through the stack', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  const isolation = uniqueId('hostile');
  const groupPrefix = `${isolation}-`;
  const mappingDlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.mappingSales);
  const dispatcherDlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.dispatcher);
  const retryDlq = deadLetterTopic(groupPrefix + CONSUMER_GROUPS.dispatcherRetry);
  const acme = { accountId: uniqueId('acme_cursos'), accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };
  const beta = { accountId: uniqueId('beta_marcenaria'), accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };
  const fuzz = { accountId: uniqueId('fuzz'), accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };
  let stack: RunningStack;
  let pids: Record<string, number | null>;

  const pidsOf = () => Object.fromEntries(Object.entries(stack.processes).map(([name, p]) => [name, p.pid]));
  const dump = (error: unknown) => {
    for (const [name, p] of Object.entries(stack.processes)) console.log(`----- ${name}\n${p.log.slice(-3000)}`);
    throw error;
  };
  const pedidosWith = async (tokens: { accessToken: string }, id: string) =>
    (await new SimulatorAdmin(stack.simulatorAdminUrl).getState(tokens.accessToken)).pedidos.filter((p) => JSON.stringify(p).includes(id));

  beforeAll(async () => {
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation,
      // 100 sales of one account are ~500 Vhsys calls: 2/s (the production default) would take minutes.
      env: { 'invoice-dispatcher': { VHSYS_RATE_LIMIT_PER_SECOND: '40', VHSYS_RATE_LIMIT_BURST: '40' } },
    });
    await probe.listen([stack.topics.saleOrders, stack.topics.dispatchResults, mappingDlq, dispatcherDlq, retryDlq]);
    const endpoints = stack;
    for (const account of [acme, beta, fuzz]) await setUpAccount(endpoints, account);
    pids = pidsOf();
    for (const pid of Object.values(pids)) expect(pid).toEqual(expect.any(Number));
  }, 300000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
  });

  it('key_mismatch: a Guru event and a SaleOrder (main and retry topics) keyed for another account are dead-lettered and nothing reaches Vhsys', async () => {
    // A real SaleOrder of acme, as mapping-service publishes it.
    const sale = generateSale({ seed: 501, id: uniqueId('sale'), accountId: acme.accountId, status: 'approved', variants: 'canonical' });
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(acme.accountId, String(sale.transaction.id)), value: sale }]);
    const [published] = await probe.waitFor(stack.topics.saleOrders, (m) => (m.value as SaleOrder).guruTransactionId === sale.transaction.id, 1, 60000).catch(dump);
    const original = published.value as SaleOrder;

    // The same shape under new sale ids, each keyed `beta:<id>` while the value names acme.
    const guruEventId = uniqueId('mismatch_guru');
    const mainId = uniqueId('mismatch_main');
    const retryId = uniqueId('mismatch_retry');
    const guruEvent = generateSale({ seed: 502, id: guruEventId, accountId: acme.accountId, status: 'approved' });
    const orderFor = (id: string): SaleOrder => ({ ...original, guruTransactionId: id, order: { ...original.order, marker: `guru:${id}` } });
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(beta.accountId, guruEventId), value: guruEvent }]);
    await probe.produce(stack.topics.saleOrders, [{ key: saleKey(beta.accountId, mainId), value: orderFor(mainId) }]);
    await probe.produce(stack.topics.saleOrdersRetry, [{ key: saleKey(beta.accountId, retryId), value: orderFor(retryId) }]);

    const expectMismatch = async (topic: string, id: string) => {
      const [dead] = await probe.waitFor(topic, (m) => m.key === saleKey(beta.accountId, id), 1, 60000).catch(dump);
      expect(dead.headers[HEADERS.dlqField]).toBe('key');
      expect(dead.headers[HEADERS.dlqReason]).toBe(
        `key_mismatch: message key "${beta.accountId}:${id}" is not "${acme.accountId}:${id}" (the value's accountId:guruTransactionId)`,
      );
    };
    await expectMismatch(mappingDlq, guruEventId);
    await expectMismatch(dispatcherDlq, mainId);
    await expectMismatch(retryDlq, retryId);

    // The good sale was created; a later good sale of acme too (the partitions moved on).
    const after = generateSale({ seed: 503, id: uniqueId('sale'), accountId: acme.accountId, status: 'approved' });
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(acme.accountId, String(after.transaction.id)), value: after }]);
    for (const id of [String(sale.transaction.id), String(after.transaction.id)]) {
      await probe.waitFor(stack.topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === id && (m.value as DispatchResult).outcome === 'created', 1, 90000).catch(dump);
    }
    for (const account of [acme, beta]) {
      for (const id of [guruEventId, mainId, retryId]) expect(await pedidosWith(account, id)).toHaveLength(0);
    }
    const forMismatched = (m: { value: unknown }) => [guruEventId, mainId, retryId].includes(String((m.value as { guruTransactionId?: string }).guruTransactionId));
    expect(probe.received(stack.topics.dispatchResults, forMismatched)).toHaveLength(0);
    expect(pidsOf()).toEqual(pids);
  }, 300000);

  it('300 messages, 200 hostile and 100 good, interleaved: one Vhsys order per good sale, every hostile one dead-lettered with its field, no restart', async () => {
    const hostile = hostileMessages({
      count: 200,
      seed: 20261204,
      accountId: fuzz.accountId,
      config: buildIntegrationConfig({ accountId: fuzz.accountId }),
      maxBytes: 900 * 1024,
    });
    const good = Array.from({ length: 100 }, (_, i) => generateSale({ seed: 9000 + i, id: uniqueId('good'), accountId: fuzz.accountId, status: 'approved' }));
    // Interleaved: two hostile, one good; each case carries its number in a header the DLQ keeps.
    const sends: { key: string; value: Buffer | object; headers: Record<string, string> }[] = [];
    for (let i = 0; i < 100; i += 1) {
      for (const h of [2 * i, 2 * i + 1]) sends.push({ key: hostile[h]!.key, value: hostile[h]!.value, headers: { 'x-fuzz-case': String(h) } });
      sends.push({ key: saleKey(fuzz.accountId, String(good[i]!.transaction.id)), value: good[i]!, headers: { 'x-fuzz-good': String(i) } });
    }
    // One by one: a batch for one partition is one record batch, bounded by the broker's message size.
    for (const message of sends) await probe.produce(stack.topics.guruTransactions, [message]);

    const dead = await probe.waitFor(mappingDlq, (m) => m.headers['x-fuzz-case'] !== undefined, 200, 120000).catch(dump);
    const byCase = new Map(dead.map((m) => [Number(m.headers['x-fuzz-case']), m.headers]));
    expect(byCase.size).toBe(200);
    for (const [i, expected] of hostile.entries()) {
      expect({ case: i, field: byCase.get(i)?.[HEADERS.dlqField] }).toEqual({ case: i, field: expected.field });
      expect(byCase.get(i)?.[HEADERS.dlqReason]).toBe(expected.reason.slice(0, 2000));
    }
    expect(probe.received(mappingDlq, (m) => m.headers['x-fuzz-good'] !== undefined)).toHaveLength(0);

    const goodIds = new Set(good.map((s) => String(s.transaction.id)));
    await probe.waitFor(stack.topics.dispatchResults, (m) => goodIds.has((m.value as DispatchResult).guruTransactionId) && (m.value as DispatchResult).outcome === 'created', 100, 300000).catch(dump);
    const state = await new SimulatorAdmin(stack.simulatorAdminUrl).getState(fuzz.accessToken);
    for (const id of goodIds) expect({ id, pedidos: state.pedidos.filter((p) => JSON.stringify(p).includes(id)).length }).toEqual({ id, pedidos: 1 });
    expect(state.pedidos).toHaveLength(100);
    expect(pidsOf()).toEqual(pids);
    for (const name of Object.keys(stack.processes) as ServiceName[]) expect(stack.processes[name].log).not.toMatch(/heap out of memory|FATAL ERROR/i);
  }, 600000);
});
