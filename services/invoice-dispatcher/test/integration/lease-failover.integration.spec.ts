/**
 * Issue 13, item 2: the sale's lock must stay safe when its database connection dies. Instance A
 * is inside its Vhsys order create (the simulator applies it seconds later) when every backend
 * A holds is terminated, as a failover or a proxy would. Instance B (own consumer groups on the same
 * topics and ledger, so it sees every message of the sale too) keeps trying the sale meanwhile.
 * With a session advisory lock the lock died with A's connection, B took the sale, missed A's
 * not-yet-applied order by its marker and created a second one. With the lease, B is told "busy"
 * until A, which never lost its lease, finishes: exactly one pedido.
 */
import { saleKey } from '@gv/contracts';
import { eventually } from '@gv/testing';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, checkVhsysState, DispatcherTestBed } from '../support/test-bed';

jest.setTimeout(120_000);

describe('a sale lease across a terminated database connection', () => {
  let bed: DispatcherTestBed;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  it('leaves exactly one order when the holder\'s backends are terminated mid-call and a second instance retries the sale', async () => {
    const account = await bed.addAccount({});
    const slow = { VHSYS_TIMEOUT_MS: '12000', SALE_LEASE_TTL_MS: '30000', RETRY_BASE_DELAY_MS: '100', RETRY_MAX_DELAY_MS: '300' };
    const appA = `${bed.id}-a`;
    await bed.startDispatcher({ ...slow, DB_APPLICATION_NAME: appA });
    // Every Vhsys call of this account takes 7 s (drawn when the request arrives).
    await bed.admin.setFaults(account.accessToken, { latencyMs: 7000 });

    const sale = buildSaleOrder({ accountId: account.accountId, guruTransactionId: 'tx-lease-1', catalog: CATALOG, seed: 77 });
    const key = saleKey(sale.accountId, sale.guruTransactionId);
    await bed.produce([sale]);

    // A holds the sale (its first Vhsys call is in flight); only now does B start, reading the
    // topics from the start under its own groups, so it finds the sale busy and keeps trying.
    await eventually(async () => (await bed.sql(`SELECT 1 FROM sale_step WHERE sale_key = $1 AND step = 'customer'`, [key])).length > 0,
      60_000, 'A working on the sale');
    await bed.startDispatcher({ ...slow, DB_APPLICATION_NAME: `${bed.id}-b`, KAFKA_GROUP_PREFIX: `${bed.topicPrefix}b.` });

    // A's order create has reached Vhsys and will be applied 7 s from now. From here on Vhsys
    // answers at once, so whoever looks for the order by its marker now does not find it yet.
    await eventually(async () => ((await bed.admin.getState(account.accessToken)).counters.byRoute['POST /pedidos'] ?? 0) >= 1,
      60_000, 'the order create in flight');
    await bed.admin.setFaults(account.accessToken, { latencyMs: 0 });
    const holder = await bed.sql<{ holder: string }>(`SELECT holder FROM sale_lease WHERE name = $1`, [`sale:${key}`]);
    expect(holder).toHaveLength(1);
    // Cut every connection A holds, as a failover or a proxy would.
    const terminated = await bed.sql<{ ok: boolean }>(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`, [appA]);
    expect(terminated.length).toBeGreaterThan(0);

    await eventually(() => bed.resultsBySale(['created']).has(key), 90_000, 'the sale created');
    // Both instances keep receiving the sale's wake-ups; let them settle, then look at Vhsys.
    await eventually(async () => (await bed.sql(`SELECT 1 FROM sale_lease`)).length === 0, 60_000, 'no lease held');
    const state = await bed.admin.getState(account.accessToken);
    const check = checkVhsysState(state, [sale]);
    expect(check.problems).toEqual([]);
    expect(state.pedidos.filter((p) => p.lixeira !== 'Sim')).toHaveLength(1);
    // Reconciled once, and nothing was dead-lettered by either instance.
    const [row] = await bed.sql<{ status: string }>(`SELECT status FROM sale_ledger WHERE sale_key = $1`, [key]);
    expect(row?.status).toBe('reconciled');
    expect(bed.deadLetters()).toEqual([]);
  });
});
