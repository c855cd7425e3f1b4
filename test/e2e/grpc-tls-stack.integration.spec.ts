import { DispatchResult, saleKey } from '@gv/contracts';
import { generateSale } from '@gv/guru-sale-generator';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

/**
 * The stack with `grpcTls: true` (GRPC_TLS=on in config-service and invoice-dispatcher, each its
 * own process): a Guru sale is dispatched with credentials fetched over mutual TLS from
 * GetCredentials' own port, and the admin port is a different one.
 */
describe('the stack with gRPC over TLS', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  let stack: RunningStack;
  const accountId = uniqueId('tls_acct');
  const tokens = { accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };

  beforeAll(async () => {
    stack = await startStack({ kafkaBrokers: env.kafkaBrokers, databaseUrl: env.databaseUrl, isolation: uniqueId('tls'), grpcTls: true });
    await probe.listen([stack.topics.dispatchResults]);
    await setUpAccount(stack, { accountId, ...tokens });
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
  });

  it('dispatches a sale with credentials fetched over mutual TLS', async () => {
    expect(stack.pki).not.toBeNull();
    expect(stack.configServiceInternalGrpc).not.toBe(stack.configServiceGrpc);
    const sale = generateSale({
      seed: 2027, id: uniqueId('sale'), accountId, status: 'approved', method: 'pix', installments: 1,
      productCode: 'LIVRO-CONF', orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical',
    });
    const saleId = String(sale.transaction.id);
    await probe.produce(stack.topics.guruTransactions, [{ key: saleKey(accountId, saleId), value: sale }]);
    const [message] = await probe.waitFor(stack.topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === saleId, 1, 60000);
    expect((message.value as DispatchResult).outcome).toBe('created');
    const state = await new SimulatorAdmin(stack.simulatorAdminUrl).getState(tokens.accessToken);
    expect(state.pedidos.filter((p) => JSON.stringify(p).includes(saleId))).toHaveLength(1);
  });
});
