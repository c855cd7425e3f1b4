/**
 * A sale that can never succeed as it is goes to the dead-letter topic with its reason; once the
 * cause is fixed, replaying it with the ops command completes it exactly once.
 *
 * The realistic, fixable cause: the seller removed from Vhsys a product the integration is set up
 * with (config-service checked it existed when it was saved). The dispatcher creates the customer
 * and the order, Vhsys refuses the order's item ("O valor do campo (id_produto) não é válido"), the
 * sale is `failed` and dead-lettered. The seller restores the product; the SRE lists the dead
 * letters, replays the account's, and the dispatcher resumes the same order (no second order).
 *
 * The simulator runs in this process so the test can remove and restore one product of the
 * account (the simulator's admin API can only replace a whole account, which would also wipe the
 * order already created).
 */
import { Client } from 'pg';
import { TOPICS } from '@gv/contracts';
import { RunningStack, setUpAccount, startStack } from '@gv/stack';
import { eventually, KafkaProbe, OtlpCollector, testEnvironment, uniqueId } from '@gv/testing';
import { RunningVhsysSimulator, startVhsysSimulator } from '@gv/vhsys-simulator';
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
  let sim: RunningVhsysSimulator;
  let stack: RunningStack;

  const opsEnv = {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    DATABASE_URL: env.databaseUrl,
    OPS_SCHEMA: opsSchema,
    DISPATCHER_DB_SCHEMA: names.dispatcherSchema,
    OPS_USER: 'sre-on-call',
  };
  const ordersOf = (saleId: string) => sim.state.snapshot(tokens.accessToken).pedidos.filter((p) => JSON.stringify(p).includes(saleId));

  beforeAll(async () => {
    sim = await startVhsysSimulator({ port: 0 });
    await collector.start();
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: iso,
      otlpEndpoint: collector.url,
      env: {
        'config-service': { VHSYS_BASE_URL: sim.url },
        'invoice-dispatcher': { VHSYS_BASE_URL: sim.url, VHSYS_RATE_LIMIT_PER_SECOND: '1000', VHSYS_RATE_LIMIT_BURST: '1000' },
      },
    });
    await probe.listen([TOPICS.dispatchResults, TOPICS.integrationConfig]);
    await waitForSnapshot(probe, accountId, await setUpAccount(endpoints(stack, sim.adminUrl), { accountId, ...tokens }));
  }, 240000);

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await probe.close();
    await collector.stop();
    const client = new Client({ connectionString: env.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${opsSchema}" CASCADE`).finally(() => client.end());
  });

  it('dead-letters the sale with its reason, and after the fix one replay completes the same order', async () => {
    // The seller deletes the product in Vhsys after setting the integration up.
    const account = sim.state.getAccount(tokens.accessToken)!;
    const removed = account.produtos.get(PRODUCT.vhsysProductId)!;
    expect(removed).toBeDefined();
    account.produtos.delete(PRODUCT.vhsysProductId);

    const sale = tracedSale(accountId, 77, { productCode: PRODUCT.code, orderBumpCodes: [] });
    await produceSales(probe, [sale]);
    await eventually(() => dispatchResults(probe, sale.saleId).some((r) => r.outcome === 'failed'), 90000, 'the sale failed');
    const failed = dispatchResults(probe, sale.saleId).find((r) => r.outcome === 'failed')!;
    expect(failed.reason).toMatch(/^vhsys_/);

    // The SRE sees it in the dead letters, with the reason and where it came from.
    const listed = await eventually(async () => {
      const out = await runOpsCli(['dlq', 'list', '--group', names.dispatcherGroup, '--account', accountId, '--json'], opsEnv);
      const rows = out.code === 0 ? (JSON.parse(out.stdout) as { offset: string; key: string; reason: string; originalTopic: string; replay: unknown }[]) : [];
      return rows.length === 1 ? rows : undefined;
    }, 30000, 'the dead letter listed');
    expect(listed[0]).toMatchObject({ key: sale.key, originalTopic: TOPICS.saleOrders, replay: null });
    expect(listed[0].reason).toContain('id_produto');
    const human = await runOpsCli(['dlq', 'list', '--group', names.dispatcherGroup], opsEnv);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(sale.key);

    // The ledger: failed, the order exists in Vhsys without its item.
    const before = await runOpsCli(['sale', 'show', '--account', accountId, '--sale', sale.saleId, '--json'], opsEnv);
    const ledgerBefore = JSON.parse(before.stdout) as { status: string; vhsys: { idPed: number | null } };
    expect(ledgerBefore.status).toBe('failed');
    expect(ledgerBefore.vhsys.idPed).toEqual(expect.any(Number));
    expect(ordersOf(sale.saleId)).toHaveLength(1);
    expect(ordersOf(sale.saleId)[0].produtos).toHaveLength(0);

    // Fixed: the seller restores the product (same id_produto). Then one replay.
    account.produtos.set(PRODUCT.vhsysProductId, removed);
    const replay = await runOpsCli(['dlq', 'replay', '--group', names.dispatcherGroup, '--account', accountId], opsEnv);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/1 replayed, 0 already replayed/);

    await eventually(() => dispatchResults(probe, sale.saleId).some((r) => r.outcome === 'created' || r.outcome === 'updated'), 90000, 'the replayed sale completed');
    const orders = ordersOf(sale.saleId);
    expect(orders).toHaveLength(1);
    expect(orders[0].produtos).toHaveLength(1);
    expect(String(orders[0].id_ped)).toBe(String(ledgerBefore.vhsys.idPed));

    // A second replay by accident is refused by the journal; Vhsys still has one order.
    const again = await runOpsCli(['dlq', 'replay', '--group', names.dispatcherGroup, '--account', accountId], opsEnv);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 replayed, 1 already replayed/);
    await new Promise((r) => setTimeout(r, 3000));
    expect(ordersOf(sale.saleId)).toHaveLength(1);
    expect(dispatchResults(probe, sale.saleId).filter((r) => r.outcome === 'created' || r.outcome === 'updated')).toHaveLength(1);

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
