import { formatCnpj, normalizeDocument } from '@gv/brazil';
import { DispatchResult, saleKey } from '@gv/contracts';
import { generateSale } from '@gv/guru-sale-generator';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

/**
 * A company buyer with an alphanumeric CNPJ (in force since July 2026), end to end: Guru's sale on
 * the real broker, mapping-service, invoice-dispatcher and config-service as processes, PostgreSQL,
 * and the Vhsys simulator over HTTP (which validates cnpj_cliente and searches it normalised).
 * The same buyer typed another way (lower case, another mask) must reuse the Vhsys cliente.
 */
describe('a PJ buyer with an alphanumeric CNPJ, end to end', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  let stack: RunningStack;
  const accountId = uniqueId('e2e_alnum');
  const tokens = { accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };

  beforeAll(async () => {
    stack = await startStack({ kafkaBrokers: env.kafkaBrokers, databaseUrl: env.databaseUrl, isolation: uniqueId('e2e_alnum') });
    await probe.listen([stack.topics.dispatchResults]);
    await setUpAccount(
      stack,
      { accountId, ...tokens },
    );
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
  });

  /** Sends one sale and waits for its final dispatch outcome (any outcome, so a failure shows its reason). */
  async function dispatch(sale: ReturnType<typeof generateSale>): Promise<DispatchResult> {
    const saleId = String(sale.transaction.id);
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(accountId, saleId), value: sale }]);
    const [message] = await probe.waitFor(
      stack.topics.dispatchResults,
      (m) => (m.value as DispatchResult).guruTransactionId === saleId && ['created', 'failed', 'ignored', 'paused', 'needs_configuration'].includes((m.value as DispatchResult).outcome),
      1,
      90000,
    ).catch((error) => {
      for (const [name, p] of Object.entries(stack.processes)) console.log(`----- ${name}\n${p.log.slice(-4000)}`);
      console.log('results', JSON.stringify(probe.received(stack.topics.dispatchResults).map((m) => m.value)).slice(0, 4000));
      throw error;
    });
    return message.value as DispatchResult;
  }

  it('creates the cliente with the CNPJ in the official mask, the pedido and the NF-e; a second sale typed differently reuses the cliente', async () => {
    const first = generateSale({
      seed: 7026, id: uniqueId('sale'), accountId, status: 'approved', method: 'pix', productCode: 'KIT-BICOS', orderBumpCodes: [],
      coupon: false, buyer: 'cnpj_alnum', maskDocument: true, variants: 'canonical',
    });
    const buyer = first.transaction.contact as Record<string, unknown>;
    const typed = String(buyer.doc);
    const cnpj = normalizeDocument(typed);
    expect(cnpj).toMatch(/^[0-9A-Z]{12}\d{2}$/);
    expect(cnpj.slice(0, 12)).toMatch(/[A-Z]/);
    expect(typed).toBe(formatCnpj(cnpj));

    const firstResult = await dispatch(first);
    expect(firstResult).toMatchObject({ outcome: 'created', stage: 'dispatch', accountId });
    expect(firstResult.vhsys).toMatchObject({ idCliente: expect.any(Number), idPed: expect.any(Number), nfe: { emitted: true } });

    const admin = new SimulatorAdmin(stack.simulatorAdminUrl);
    let state = await admin.getState(tokens.accessToken);
    expect(state.clientes).toHaveLength(1);
    expect(state.clientes[0]).toMatchObject({
      id_cliente: firstResult.vhsys!.idCliente,
      tipo_pessoa: 'PJ',
      cnpj_cliente: formatCnpj(cnpj), // e.g. 12.ABC.345/01DE-35: 18 characters, upper case
      razao_cliente: buyer.company_name,
    });
    expect(state.pedidos.map((p) => [p.id_ped, p.id_cliente])).toEqual([[firstResult.vhsys!.idPed, firstResult.vhsys!.idCliente]]);
    expect(state.notasFiscais.map((n) => [n.id_venda, n.id_cliente, n.id_pedido_ref, n.nota_emitida])).toEqual([
      [firstResult.vhsys!.nfe!.idVenda, firstResult.vhsys!.idCliente, firstResult.vhsys!.idPed, 1],
    ]);

    // The same company buys again, its CNPJ typed in lower case with spaces instead of the mask.
    const second = generateSale({
      seed: 7027, id: uniqueId('sale'), accountId, status: 'approved', method: 'pix', productCode: 'LIVRO-CONF', orderBumpCodes: [],
      coupon: false, buyer: 'cnpj_alnum', variants: 'canonical',
    });
    const retyped = `${cnpj.slice(0, 2)} ${cnpj.slice(2, 5)} ${cnpj.slice(5, 8)} ${cnpj.slice(8, 12)} ${cnpj.slice(12)}`.toLowerCase();
    expect(retyped).not.toBe(typed);
    second.transaction.contact = { ...buyer, doc: retyped };

    const secondResult = await dispatch(second);
    expect(secondResult).toMatchObject({ outcome: 'created', stage: 'dispatch', vhsys: { idCliente: firstResult.vhsys!.idCliente, nfe: { emitted: true } } });
    expect(secondResult.vhsys!.idPed).not.toBe(firstResult.vhsys!.idPed);

    state = await admin.getState(tokens.accessToken);
    expect(state.clientes.map((c) => [c.id_cliente, c.cnpj_cliente])).toEqual([[firstResult.vhsys!.idCliente, formatCnpj(cnpj)]]);
    expect(state.pedidos.map((p) => [p.id_ped, p.id_cliente]).sort()).toEqual(
      [[firstResult.vhsys!.idPed, firstResult.vhsys!.idCliente], [secondResult.vhsys!.idPed, firstResult.vhsys!.idCliente]].sort(),
    );
    expect(state.notasFiscais.map((n) => [n.id_cliente, n.id_pedido_ref, n.nota_emitida]).sort()).toEqual(
      [[firstResult.vhsys!.idCliente, firstResult.vhsys!.idPed, 1], [firstResult.vhsys!.idCliente, secondResult.vhsys!.idPed, 1]].sort(),
    );
  }, 240000);
});
