/**
 * Resolving a lost create by its marker when the search window holds more than 10 000 rows
 * (issue 13, item 3): the dispatcher in this process, the real broker and PostgreSQL, the Vhsys
 * simulator over HTTP. The order's create is applied and its answer lost; while the sale waits,
 * every other order of the account is modified (after the step started), so the marker search
 * must read 42 pages. It reads ten per attempt, saves where it stopped, defers the sale, and each
 * attempt resumes where the last one stopped, until the order is found: exactly one pedido.
 */
import { saleKey } from '@gv/contracts';
import { eventually, uniqueId } from '@gv/testing';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, DispatcherTestBed } from '../support/test-bed';

jest.setTimeout(240_000);

const OTHER_ORDERS = 10_300;

describe('invoice-dispatcher marker search', () => {
  let bed: DispatcherTestBed;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  it(`resolves a lost create-order after ${OTHER_ORDERS} other orders changed since the step started, to exactly one pedido`, async () => {
    // Every POST /pedidos is applied and its answer lost (the GETs of the search are not touched).
    const account = await bed.addAccount({ rates: { responseLost: 1 }, match: { methods: ['POST'], routes: ['/pedidos'] } });
    // The account's earlier orders: lower ids than the sale's, so all of them come first in the search.
    const others = await bed.admin.addPedidos(account.accessToken, Array.from({ length: OTHER_ORDERS }, (_, i) => ({
      nome_cliente: `Cliente ${i}`, referencia_pedido: `guru:other-${i}`, obs_pedido: `Venda guru:other-${i}`,
    })));
    await bed.startDispatcher({
      // The lost answer's retry is due minutes later: the test wakes the sale itself (a redelivery)
      // once the other orders have changed.
      RETRY_BASE_DELAY_MS: '600000',
      RETRY_MAX_DELAY_MS: '600000',
      MARKER_SEARCH_PAGES_PER_ATTEMPT: '10',
      MARKER_SEARCH_RESUME_DELAY_MS: '50',
    });
    const sale = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('tx'), catalog: CATALOG, seed: 13 });
    const key = saleKey(sale.accountId, sale.guruTransactionId);
    await bed.produce([sale]);

    await eventually(async () => {
      const [row] = await bed.sql<{ status: string; state: string }>(
        `SELECT l."status", s."state" FROM "sale_ledger" l JOIN "sale_step" s USING ("sale_key") WHERE l."sale_key" = $1 AND s."step" = 'order'`, [key]);
      return row?.status === 'retrying' && row.state === 'started';
    }, 60_000, 'the order step left started (outcome unknown) and the sale waiting for its retry');
    const created = (await bed.admin.getState(account.accessToken)).pedidos.filter((p) => p.referencia_pedido === sale.order.marker);
    expect(created).toHaveLength(1);

    // While the sale waits, the seller edits every other order: all of them are now in the window.
    await bed.admin.clearFaults(account.accessToken);
    await bed.admin.touchPedidos(account.accessToken, others);
    await bed.admin.resetCounters(account.accessToken);
    await bed.produce([sale]);

    const result = await eventually(() => bed.resultsBySale(['created', 'failed']).get(key), 180_000, 'the sale\'s final result');
    expect(result).toMatchObject({ outcome: 'created', vhsys: { idPed: created[0]!.id_ped } });
    expect(bed.deadLetters()).toEqual([]);

    const state = await bed.admin.getState(account.accessToken);
    expect(state.pedidos.filter((p) => p.referencia_pedido === sale.order.marker)).toHaveLength(1);
    expect(state.counters.byRoute['POST /pedidos']).toBeUndefined();
    // 10 301 rows, 250 a page with one row of overlap: pages at 0, 249, …, 10 209, the lost order
    // (the last row) on the 42nd. Ten pages an attempt, each attempt going on from the last: 42 in all.
    expect(state.counters.byRoute['GET /pedidos']).toBe(42);
    const [step] = await bed.sql<{ state: string; result: Record<string, unknown>; marker_search: unknown }>(
      `SELECT "state", "result", "marker_search" FROM "sale_step" WHERE "sale_key" = $1 AND "step" = 'order'`, [key]);
    expect(step).toEqual({
      state: 'done',
      result: expect.objectContaining({ idPed: created[0]!.id_ped, resolved: true }),
      // Saved by the fourth attempt that stopped short; the fifth read two pages and found it.
      marker_search: { position: { offset: 9960, lastKey: others[9960] }, pagesRead: 40, attempts: 4 },
    });
  });
});
