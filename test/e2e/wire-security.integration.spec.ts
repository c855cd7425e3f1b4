import { randomBytes } from 'crypto';
import { DispatchResult, saleKey } from '@gv/contracts';
import { generateSale } from '@gv/guru-sale-generator';
import { setUpAccount, startStack, RunningStack } from '@gv/stack';
import { KafkaProbe, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';

/**
 * The stack with `grpcTls: true` (GRPC_TLS=on in config-service and invoice-dispatcher, each its
 * own process) and an OPS_HTTP_TOKEN: a Guru sale is dispatched with credentials fetched over
 * mutual TLS from GetCredentials' own port, and every service's ops routes other than the probes
 * answer only with the ops token.
 */
describe('the stack with gRPC over TLS and an ops token', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  let stack: RunningStack;
  const accountId = uniqueId('tls_acct');
  const tokens = { accessToken: uniqueId('at'), secretAccessToken: uniqueId('st') };
  const opsToken = `ops-${randomBytes(16).toString('hex')}`;

  beforeAll(async () => {
    stack = await startStack({ kafkaBrokers: env.kafkaBrokers, databaseUrl: env.databaseUrl, isolation: uniqueId('tls'), grpcTls: true, opsToken });
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

  it('answers the probes to anyone and every other ops route only with OPS_HTTP_TOKEN', async () => {
    const surfaces: [string, string[]][] = [
      [stack.configServiceUrl, ['/metrics', '/docs/openapi.json']],
      [stack.mappingServiceUrl, ['/metrics', `/config-view/${accountId}`]],
      [stack.dispatcherUrl, ['/metrics']],
    ];
    const status = async (url: string, token?: string) => (await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status;
    for (const [base, routes] of surfaces) {
      expect([await status(`${base}/health/live`), await status(`${base}/health/ready`)]).toEqual([200, 200]);
      for (const route of routes) {
        expect([route, await status(`${base}${route}`), await status(`${base}${route}`, 'not-the-ops-token-0000'), await status(`${base}${route}`, opsToken)]).toEqual([route, 401, 401, 200]);
      }
    }
    // The ops token is no admin token: config-service's API still wants its own.
    expect(await status(`${stack.configServiceUrl}/v1/accounts/${accountId}/vhsys-integration`, opsToken)).toBe(401);
  });
});

