/**
 * The dispatcher runs as its own process (as in production) and is killed with SIGKILL in the middle
 * of a run, with Vhsys calls in flight and steps journaled `started`; a new process takes over the
 * same ledger and consumer groups. Still exactly one order (and invoice of each kind) per sale,
 * nothing missing.
 */
import { saleKey, SaleOrder } from '@gv/contracts';
import { eventually, freePort, ServiceProcess, uniqueId } from '@gv/testing';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, checkVhsysState, DispatcherTestBed, TestAccount } from '../support/test-bed';

jest.setTimeout(180_000);

const SALES = 200;


describe('invoice-dispatcher killed mid-run', () => {
  let bed: DispatcherTestBed;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
  });

  afterAll(async () => {
    for (const p of processes) await p.kill();
    await bed?.cleanup();
  });

  it('restarts after kill -9 and still ends with exactly one order and invoice per sale, nothing missing', async () => {
    const accounts: TestAccount[] = [];
    // A little latency keeps calls in flight when the kill lands; some faults keep retries pending.
    for (let i = 0; i < 2; i += 1) {
      accounts.push(await bed.addAccount({ latencyMs: 4, jitterMs: 4, rates: { transient200: 0.05, responseLost: 0.05 }, seed: 31 + i }));
    }
    const port = await freePort();
    const env = bed.dispatcherEnv({ DISPATCHER_HTTP_PORT: String(port), LOG_LEVEL: process.env.DISPATCHER_TEST_LOG_LEVEL ?? 'warn' });
    const start = async (name: string) => {
      const p = new ServiceProcess({
        entry: 'services/invoice-dispatcher/src/main.ts',
        env,
        readyUrl: `http://127.0.0.1:${port}/health/ready`,
        name,
      });
      processes.push(p);
      await p.start(90_000);
      return p;
    };

    const first = await start('invoice-dispatcher#1');
    const sales: SaleOrder[] = Array.from({ length: SALES }, (_, i) =>
      buildSaleOrder({ accountId: accounts[i % 2]!.accountId, guruTransactionId: uniqueId('tx'), catalog: CATALOG, seed: 5000 + i }));
    await bed.produce(sales);

    await eventually(() => bed.resultsBySale(['created']).size >= SALES / 5, 90_000, 'a fifth of the sales created');
    await first.kill();
    const atKill = bed.resultsBySale(['created']).size;
    const inFlight = await bed.sql<{ n: string }>(`SELECT count(*) AS n FROM sale_step WHERE state = 'started'`);
    const pending = await bed.sql<{ n: string }>(`SELECT count(*) AS n FROM sale_ledger WHERE status <> 'reconciled'`);
    expect(atKill).toBeLessThan(SALES);
    expect(Number(pending[0]!.n)).toBeGreaterThan(0);

    const second = await start('invoice-dispatcher#2');
    await eventually(() => {
      const done = bed.resultsBySale(['created']);
      return sales.every((s) => done.has(saleKey(s.accountId, s.guruTransactionId)));
    }, 120_000, 'every sale created after the restart');
    await second.stop();

    expect(bed.resultsBySale(['failed']).size).toBe(0);
    expect(bed.deadLetters()).toEqual([]);
    for (const account of accounts) {
      const state = await bed.admin.getState(account.accessToken);
      const mine = sales.filter((s) => s.accountId === account.accountId);
      const check = checkVhsysState(state, mine);
      expect(check.problems).toEqual([]);
      expect(check.pedidos).toBe(mine.length);
    }
    const ledger = await bed.sql<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM sale_ledger GROUP BY status`);
    expect(ledger).toEqual([{ status: 'reconciled', n: String(SALES) }]);
    // eslint-disable-next-line no-console
    console.log(`killed with ${atKill}/${SALES} created, ${inFlight[0]!.n} steps in flight (started), ${pending[0]!.n} sales unfinished`);
  });
});
