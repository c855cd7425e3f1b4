/**
 * The load test: 500 sales over three Vhsys accounts whose every request has a 20% chance
 * of a transient failure (HTTP 200 "Erro ao comunicar com a API", HTTP 500, connection reset) and
 * a 5% chance of being applied with its answer lost. Every sale must end with exactly one order,
 * at most one NF-e and one NFS-e (exactly one, emitted, when asked for), totals as desired, and no
 * duplicate customer.
 */
import { saleKey, SaleOrder } from '@gv/contracts';
import { eventually, uniqueId } from '@gv/testing';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, checkVhsysState, DispatcherTestBed, TestAccount } from '../support/test-bed';

jest.setTimeout(240_000);

const SALES = 500;
const FAULTS = { rates: { transient200: 0.08, serverError: 0.07, reset: 0.05, responseLost: 0.05 }, seed: 7 };

describe('invoice-dispatcher under Vhsys faults', () => {
  let bed: DispatcherTestBed;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  it(`turns ${SALES} sales into exactly one order and at most one invoice of each kind, with 20% transient and 5% lost-answer faults`, async () => {
    const accounts: TestAccount[] = [];
    for (let i = 0; i < 3; i += 1) accounts.push(await bed.addAccount({ ...FAULTS, seed: 7 + i }));
    await bed.startDispatcher();

    const sales: SaleOrder[] = [];
    for (let i = 0; i < SALES; i += 1) {
      const account = accounts[i % accounts.length]!;
      // One sale in ten buys again with the document of an earlier customer of the same account.
      const earlier = i >= 30 && i % 10 === 0 ? sales[i - 30] : undefined;
      sales.push(buildSaleOrder({
        accountId: account.accountId,
        guruTransactionId: uniqueId('tx'),
        catalog: CATALOG,
        seed: 1000 + i,
        document: earlier?.accountId === account.accountId ? earlier.customer.document : undefined,
      }));
    }
    const started = Date.now();
    await bed.produce(sales);

    await eventually(() => {
      const done = bed.resultsBySale(['created', 'failed']);
      return sales.every((s) => done.has(saleKey(s.accountId, s.guruTransactionId)));
    }, 200_000, `a final result for each of the ${SALES} sales`);
    const elapsedMs = Date.now() - started;

    const final = bed.resultsBySale(['created', 'failed']);
    expect([...final.values()].filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(bed.deadLetters()).toEqual([]);

    let injected = 0;
    let lost = 0;
    for (const account of accounts) {
      const state = await bed.admin.getState(account.accessToken);
      const mine = sales.filter((s) => s.accountId === account.accountId);
      const check = checkVhsysState(state, mine);
      expect(check.problems).toEqual([]);
      expect(check.pedidos).toBe(mine.length);
      expect(state.clientes.length).toBe(new Set(mine.map((s) => s.customer.document)).size);
      expect(check.notasFiscais).toBe(mine.filter((s) => s.invoices.some((i) => i.kind === 'nfe')).length);
      expect(check.notasServico).toBe(mine.filter((s) => s.invoices.some((i) => i.kind === 'nfse')).length);
      injected += Object.values(state.counters.faultsInjected).reduce((a, b) => a + b, 0);
      lost += state.counters.faultsInjected.responseLost;
    }
    // The faults really happened, and results carry the ids.
    expect(lost).toBeGreaterThan(50);
    expect(injected).toBeGreaterThan(500);
    const sample = final.get(saleKey(sales[0]!.accountId, sales[0]!.guruTransactionId))!;
    expect(sample.vhsys?.idPed).toEqual(expect.any(Number));
    const resolved = await bed.sql<{ n: string }>(`SELECT count(*) AS n FROM sale_step WHERE (result->>'resolved')::boolean`);
    // eslint-disable-next-line no-console
    console.log(`${SALES} sales in ${elapsedMs} ms; ${injected} faults injected (${lost} lost answers); ${resolved[0]!.n} steps resolved from Vhsys`);
  });
});
