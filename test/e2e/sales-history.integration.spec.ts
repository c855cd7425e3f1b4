import { DispatchResult, saleKey } from '@gv/contracts';
import { generateSale } from '@gv/guru-sale-generator';
import { LOCAL_ADMIN_TOKEN, RunningStack, setUpAccount, startStack } from '@gv/stack';
import { eventually, KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';

/**
 * The sales history through the real pipeline: a Guru sale produced on the broker, mapped,
 * dispatched to the Vhsys simulator (three services, each its own process), and config-service's
 * history listing it as created with its NF-e, the detail's timeline holding the Guru event, the
 * Vhsys steps and the outcome.
 */
describe('sales history, end to end', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  let stack: RunningStack;
  const accountId = uniqueId('hist_acct');

  const api = async (path: string) => {
    const res = await fetch(`${stack.configServiceUrl}/v1/accounts/${accountId}${path}`, { headers: { authorization: `Bearer ${LOCAL_ADMIN_TOKEN}` } });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    stack = await startStack({ kafkaBrokers: env.kafkaBrokers, databaseUrl: env.databaseUrl, isolation: uniqueId('hist') });
    await probe.listen([stack.topics.dispatchResults]);
    await setUpAccount(stack, { accountId, accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') });
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
  });

  it('lists a Guru sale as created with its NF-e chave and DANFE URL; the timeline has the Guru event, the Vhsys steps and the outcome', async () => {
    const sale = generateSale({
      seed: 2027, id: uniqueId('sale'), accountId, status: 'approved', method: 'pix', installments: 1,
      productCode: 'LIVRO-CONF', orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical',
    });
    const saleId = String(sale.transaction.id);
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(accountId, saleId), value: sale }]);
    const [message] = await probe.waitFor(stack.topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === saleId && (m.value as DispatchResult).outcome === 'created', 1, 60000);
    const result = message!.value as DispatchResult;
    expect(result.vhsys?.nfe?.notaChave).toEqual(expect.any(String));

    const listed = await eventually(async () => {
      const page = await api(`/sales?guruTransactionId=${encodeURIComponent(saleId)}`);
      return page.body.items?.[0]?.outcome === 'created' ? page.body.items[0] : undefined;
    }, 30000, 'the sale listed as created').catch((error) => {
      console.log(`----- config-service\n${stack.processes['config-service'].log.slice(-4000)}`);
      throw error;
    });
    expect(listed).toMatchObject({
      guruTransactionId: saleId,
      guruStatus: 'approved',
      outcome: 'created',
      buyerDocumentMasked: expect.stringMatching(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/),
      vhsys: { idPedido: result.vhsys!.idPedido, nfe: { chave: result.vhsys!.nfe!.notaChave, danfeUrl: result.vhsys!.nfe!.danfeUrl, emitted: true } },
      needsManualCancellation: null,
      reprocessable: true,
    });
    expect(listed.buyerName).toEqual(expect.any(String));
    expect(listed.totalCents).toBeGreaterThan(0);

    const detail = await api(`/sales/${encodeURIComponent(saleId)}`);
    expect(detail.status).toBe(200);
    const kinds = detail.body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toContain('guru_event');
    expect(detail.body.timeline.find((e: { kind: string }) => e.kind === 'guru_event').title).toBe(`Guru event received: approved (mapped to revision ${result.revision})`);
    expect(listed.revision).toBe(result.revision);
    expect(detail.body.timeline.filter((e: { kind: string; outcome: string }) => e.kind === 'decision' && e.outcome === 'created')).toHaveLength(1);
    // The Vhsys steps, once the dispatcher reports them (additive result field).
    expect(kinds.filter((k: string) => k === 'vhsys_step')).toHaveLength(result.steps.length);
  });
});
