/**
 * A database failover (or a proxy, or an operator) ends every connection the dispatcher holds
 * while sales are in flight. The process must survive it (pool, crash guard, leases, outbox relay
 * all reconnect) and still finish every sale exactly once. Found by the chaos suite: both
 * dispatcher processes exited on an unhandled PostgreSQL error right after the termination.
 */
import { saleKey, SaleOrder } from '@gv/contracts';
import { eventually, freePort, ServiceProcess, uniqueId } from '@gv/testing';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, checkVhsysState, DispatcherTestBed, TestAccount } from '../support/test-bed';

jest.setTimeout(180_000);

const SALES = 120;

describe('invoice-dispatcher when every database backend it holds is terminated', () => {
  let bed: DispatcherTestBed;
  let dispatcher: ServiceProcess | null = null;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
  });

  afterAll(async () => {
    await dispatcher?.kill();
    await bed?.cleanup();
  });

  it('keeps running and finishes every sale exactly once', async () => {
    const accounts: TestAccount[] = [];
    for (let i = 0; i < 3; i += 1) accounts.push(await bed.addAccount({ latencyMs: 20, jitterMs: 20, rates: { responseLost: 0.03 }, seed: 70 + i }));
    const port = await freePort();
    const appName = bed.id;
    dispatcher = new ServiceProcess({
      entry: 'services/invoice-dispatcher/src/main.ts',
      env: bed.dispatcherEnv({ DISPATCHER_HTTP_PORT: String(port), DB_APPLICATION_NAME: appName, LOG_LEVEL: 'warn' }),
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
      name: 'invoice-dispatcher',
    });
    await dispatcher.start(90_000);
    const pid = dispatcher.pid;

    const sales: SaleOrder[] = Array.from({ length: SALES }, (_, i) =>
      buildSaleOrder({ accountId: accounts[i % accounts.length]!.accountId, guruTransactionId: uniqueId('tx'), catalog: CATALOG, seed: 9100 + i }));
    await bed.produce(sales);
    await eventually(() => bed.resultsBySale(['created']).size >= SALES / 6, 90_000, 'some sales created');

    // Every connection: the pool's and the crash guard's (its application_name has a suffix).
    const terminate = async () => (await bed.sql<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name LIKE $1`, [`${appName}%`],
    )).length;
    expect(await terminate()).toBeGreaterThan(1);
    // Again once the process has reconnected (whatever it opened since).
    await new Promise((r) => setTimeout(r, 3000));
    await terminate();

    try {
      await eventually(() => {
        const done = bed.resultsBySale(['created']);
        return sales.every((s) => done.has(saleKey(s.accountId, s.guruTransactionId)));
      }, 120_000, 'every sale created');
    } catch (error) {
      const done = bed.resultsBySale(['created']).size;
      throw new Error(`${(error as Error).message}; ${done} of ${SALES} created, pid ${dispatcher.pid ?? 'gone'} (was ${pid}); log tail:\n${dispatcher.log.slice(-3000)}`);
    }
    expect(dispatcher.pid).toBe(pid);
    expect(dispatcher.log).not.toMatch(/Unhandled|uncaught/i);
    expect(bed.deadLetters()).toEqual([]);
    for (const account of accounts) {
      const mine = sales.filter((s) => s.accountId === account.accountId);
      const check = checkVhsysState(await bed.admin.getState(account.accessToken), mine);
      expect(check.problems).toEqual([]);
      expect(check.pedidos).toBe(mine.length);
    }
  });
});
