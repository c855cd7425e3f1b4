import { randomBytes } from 'crypto';
import { DispatchResult, saleKey } from '@gv/contracts';
import { generateSale } from '@gv/guru-sale-generator';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { eventually, KafkaProbe, OtlpCollector, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

/**
 * The walking skeleton: one Guru sale through the real broker, PostgreSQL, the three services
 * (each its own process) and the Vhsys simulator over HTTP, and one trace covering all of it.
 * The stack has its own topics (`stack.topics`), consumer groups and schemas.
 */
describe('a Guru sale, end to end', () => {
  const env = testEnvironment();
  const collector = new OtlpCollector();
  const probe = new KafkaProbe();
  let stack: RunningStack;
  const accountId = uniqueId('e2e_acct');
  const tokens = { accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };

  beforeAll(async () => {
    await collector.start();
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: uniqueId('e2e'),
      otlpEndpoint: collector.url,
    });
    await probe.listen([stack.topics.dispatchResults, stack.topics.saleOrders]);
    await setUpAccount(
      stack,
      { accountId, ...tokens },
    );
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
    await collector.stop();
  });

  it('creates the customer, the order with its items and the invoice in Vhsys, publishes the ids back, in one trace', async () => {
    const sale = generateSale({
      seed: 2026, id: uniqueId('sale'), accountId, status: 'approved', method: 'credit_card', installments: 3,
      productCode: 'LIVRO-CONF', orderBumpCodes: ['BONUS-BOLOS'], coupon: false, buyer: 'cpf', variants: 'canonical',
    });
    const traceId = randomBytes(16).toString('hex');
    const saleId = String(sale.transaction.id);
    await probe.produce(stack.topics.guruTransactions, [{
      key: saleKey(accountId, saleId),
      value: sale,
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    }]);

    const [message] = await probe.waitFor(
      stack.topics.dispatchResults,
      (m) => (m.value as DispatchResult).guruTransactionId === saleId && (m.value as DispatchResult).outcome === 'created',
      1,
      60000,
    ).catch((error) => {
      for (const [name, p] of Object.entries(stack.processes)) console.log(`----- ${name}\n${p.log.slice(-4000)}`);
      console.log('results', JSON.stringify(probe.received(stack.topics.dispatchResults).map((m) => m.value)).slice(0, 4000));
      throw error;
    });
    const result = message.value as DispatchResult;
    expect(result.outcome).toBe('created');
    expect(result.accountId).toBe(accountId);
    expect(result.vhsys?.idPed).toEqual(expect.any(Number));

    // What Vhsys holds: one order carrying the sale's marker, its customer, both lines, 3 parcelas.
    const state = await new SimulatorAdmin(stack.simulatorAdminUrl).getState(tokens.accessToken);
    const orders = state.pedidos.filter((p) => JSON.stringify(p).includes(saleId));
    expect(orders).toHaveLength(1);
    expect(JSON.stringify(orders[0])).toContain(String(result.vhsys!.idPed));
    expect(state.clientes).toHaveLength(1);

    // One trace: the spans of all three services carry the trace id Guru's event started.
    await eventually(() => {
      const services = new Set(collector.trace(traceId).map((s) => s.service));
      return ['mapping-service', 'invoice-dispatcher', 'config-service'].every((s) => services.has(s));
    }, 30000, 'spans of the three services in the sale trace');
    const spans = collector.trace(traceId);
    const vhsysCalls = spans.filter((s) => s.service === 'invoice-dispatcher' && String(s.attributes['url.full'] ?? s.attributes['http.url'] ?? '').includes('/v2/'));
    expect(vhsysCalls.length).toBeGreaterThan(0);
    for (const span of spans) {
      expect(JSON.stringify(span.attributes)).not.toContain(tokens.accessToken);
      expect(JSON.stringify(span.attributes)).not.toContain(tokens.secretAccessToken);
    }
  });
});
