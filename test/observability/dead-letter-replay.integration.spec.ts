/**
 * A sale that can never succeed as it is goes to the dead-letter topic with its reason; once the
 * cause is fixed, replaying it with the ops command completes it exactly once.
 *
 * The realistic, fixable cause: the seller removed from Vhsys a product the integration is set up
 * with (config-service checked it existed when it was saved). The dispatcher creates the customer
 * and the order, Vhsys refuses the order's item ("O valor do campo (id_produto) não é válido"), the
 * sale is `failed` and dead-lettered. The seller restores the product; the SRE lists the dead
 * letters, replays the account's, and the dispatcher resumes the same order (no second order).
 * The product is removed and restored through the stack simulator's admin API (one produto at a
 * time, so the order already created stays).
 */
import { Client } from 'pg';
import { centsToDecimalString } from '@gv/brazil';
import { RunningStack, setUpAccount, startStack } from '@gv/stack';
import { eventually, KafkaProbe, OtlpCollector, ownKafkaSecurityEnv, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';
import { DEFAULT_PRODUCTS } from '@gv/guru-sale-generator';
import { dispatchResults, endpoints, isolatedNames, produceSales, runOpsCli, tracedSale, waitForSnapshot } from './support';

const PRODUCT = DEFAULT_PRODUCTS.find((p) => p.code === 'LIVRO-CONF')!;

describe('dead letter → fix → replay with the ops command → completed exactly once', () => {
  const env = testEnvironment();
  const probe = new KafkaProbe();
  const collector = new OtlpCollector();
  const iso = uniqueId('obsd');
  const names = isolatedNames(iso);
  const opsSchema = `ops_${iso}`.toLowerCase();
  const accountId = uniqueId('obsd_acct');
  const tokens = { accessToken: uniqueId('obsd-access-token'), secretAccessToken: uniqueId('obsd-secret-token') };
  let stack: RunningStack;
  let admin: SimulatorAdmin;

  const opsEnv = {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    ...ownKafkaSecurityEnv(),
    DATABASE_URL: env.databaseUrl,
    OPS_SCHEMA: opsSchema,
    DISPATCHER_DB_SCHEMA: names.dispatcherSchema,
    OPS_USER: 'sre-on-call',
  };
  const ordersOf = async (saleId: string) => (await admin.getState(tokens.accessToken)).pedidos.filter((p) => JSON.stringify(p).includes(saleId));

  beforeAll(async () => {
    await collector.start();
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: iso,
      otlpEndpoint: collector.url,
      env: { 'invoice-dispatcher': { VHSYS_RATE_LIMIT_PER_SECOND: '1000', VHSYS_RATE_LIMIT_BURST: '1000' } },
    });
    admin = new SimulatorAdmin(stack.simulatorAdminUrl);
    await probe.listen([stack.topics.dispatchResults, stack.topics.integrationConfig]);
    await waitForSnapshot(probe, stack.topics, accountId, await setUpAccount(endpoints(stack), { accountId, ...tokens }));
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
    await collector.stop();
    const client = new Client({ connectionString: env.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${opsSchema}" CASCADE`).finally(() => client.end());
  });

  it('dead-letters the sale with its reason, and after the fix one replay completes the same order', async () => {
    const { topics } = stack;
    // The seller deletes the product in Vhsys after setting the integration up.
    await admin.deleteProduto(tokens.accessToken, PRODUCT.vhsysProductId);

    const sale = tracedSale(accountId, 77, { productCode: PRODUCT.code, orderBumpCodes: [] });
    await produceSales(probe, topics, [sale]);
    await eventually(() => dispatchResults(probe, topics, sale.saleId).some((r) => r.outcome === 'failed'), 90000, 'the sale failed');
    const failed = dispatchResults(probe, topics, sale.saleId).find((r) => r.outcome === 'failed')!;
    expect(failed.reason).toMatch(/^vhsys_/);

    // The SRE sees it in the dead letters, with the reason and where it came from.
    const listed = await eventually(async () => {
      const out = await runOpsCli(['dlq', 'list', '--group', names.dispatcherGroup, '--account', accountId, '--json'], opsEnv);
      const rows = out.code === 0 ? (JSON.parse(out.stdout) as { offset: string; key: string; reason: string; originalTopic: string; replay: unknown }[]) : [];
      return rows.length === 1 ? rows : undefined;
    }, 30000, 'the dead letter listed');
    expect(listed[0]).toMatchObject({ key: sale.key, originalTopic: topics.saleOrders, replay: null });
    expect(listed[0].reason).toContain('id_produto');
    const human = await runOpsCli(['dlq', 'list', '--group', names.dispatcherGroup], opsEnv);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(sale.key);

    // The ledger: failed, the order exists in Vhsys without its item.
    const before = await runOpsCli(['sale', 'show', '--account', accountId, '--sale', sale.saleId, '--json'], opsEnv);
    const ledgerBefore = JSON.parse(before.stdout) as { status: string; vhsys: { idPed: number | null } };
    expect(ledgerBefore.status).toBe('failed');
    expect(ledgerBefore.vhsys.idPed).toEqual(expect.any(Number));
    const failedOrders = await ordersOf(sale.saleId);
    expect(failedOrders).toHaveLength(1);
    expect(failedOrders[0].produtos).toHaveLength(0);

    // Fixed: the seller registers the product again (same id_produto). Then one replay.
    await admin.putProduto(tokens.accessToken, PRODUCT.vhsysProductId, {
      codProduto: PRODUCT.code,
      descProduto: PRODUCT.name,
      valorProduto: centsToDecimalString(PRODUCT.priceCents),
      tipoProduto: PRODUCT.kind === 'produto' ? 'Produto' : 'Servico',
    });
    const replay = await runOpsCli(['dlq', 'replay', '--group', names.dispatcherGroup, '--account', accountId], opsEnv);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/1 replayed, 0 already replayed/);

    await eventually(() => dispatchResults(probe, topics, sale.saleId).some((r) => r.outcome === 'created' || r.outcome === 'updated'), 90000, 'the replayed sale completed');
    const orders = await ordersOf(sale.saleId);
    expect(orders).toHaveLength(1);
    expect(orders[0].produtos).toHaveLength(1);
    expect(String(orders[0].id_ped)).toBe(String(ledgerBefore.vhsys.idPed));

    // A second replay by accident is refused by the journal; Vhsys still has one order.
    const again = await runOpsCli(['dlq', 'replay', '--group', names.dispatcherGroup, '--account', accountId], opsEnv);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 replayed, 1 already replayed/);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await ordersOf(sale.saleId)).toHaveLength(1);
    expect(dispatchResults(probe, topics, sale.saleId).filter((r) => r.outcome === 'created' || r.outcome === 'updated')).toHaveLength(1);

    const after = JSON.parse((await runOpsCli(['sale', 'show', '--account', accountId, '--sale', sale.saleId, '--json'], opsEnv)).stdout) as {
      status: string; vhsys: { idPed: number }; steps: { step: string; state: string; runs: number }[];
    };
    expect(after.status).toBe('reconciled');
    expect(after.vhsys.idPed).toBe(ledgerBefore.vhsys.idPed);
    expect(after.steps.find((s) => s.step === 'order')).toMatchObject({ state: 'done', runs: 1 });
    expect(after.steps.find((s) => s.step === 'order_items')).toMatchObject({ state: 'done', runs: 2 });

    // The replay continued the sale's trace: two dispatcher attempts in one trace.
    await eventually(() => collector.trace(sale.traceId).filter((s) => s.name === 'dispatcher.sale_order').length >= 2, 30000, 'both attempts in the sale trace');
  });
});
