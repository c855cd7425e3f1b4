/**
 * invoice-dispatcher against the real broker, PostgreSQL and the Vhsys simulator. The sale-order
 * topic of this bed has ONE partition, so every sale here shares a partition with every other.
 */
import { HEADERS, saleKey } from '@gv/contracts';
import { eventually, uniqueId } from '@gv/testing';
import type { RunningInvoiceDispatcher } from '../../src/start-invoice-dispatcher';
import { buildSaleOrder, withStatus } from '../support/sale-order-builder';
import { CATALOG, checkVhsysState, DispatcherTestBed } from '../support/test-bed';

jest.setTimeout(90_000);

describe('invoice-dispatcher (one shared partition)', () => {
  let bed: DispatcherTestBed;
  let dispatcher: RunningInvoiceDispatcher;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create({ saleOrderPartitions: 1 });
    dispatcher = await bed.startDispatcher();
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  it('creates one order with NF-e and NFS-e; a refund after emission changes the status and asks for manual cancellation; a late older revision and a duplicate change nothing', async () => {
    const account = await bed.addAccount();
    const tx = uniqueId('tx');
    const approved = buildSaleOrder({ accountId: account.accountId, guruTransactionId: tx, catalog: CATALOG, seed: 11, productIndexes: [0, 2], revision: 1 });
    await bed.produce([approved]);
    const [created] = await eventually(() => {
      const found = bed.results((r) => r.guruTransactionId === tx && r.outcome === 'created');
      return found.length > 0 && found;
    }, 30_000, 'created result');
    expect(created!.revision).toBe(1);
    expect(created!.stage).toBe('dispatch');
    expect(created!.vhsys?.idPed).toEqual(expect.any(Number));
    expect(created!.vhsys?.idPedido).toEqual(expect.any(Number));
    expect(created!.vhsys?.nfe).toMatchObject({ emitted: true, notaChave: expect.stringMatching(/^\d{44}$/), danfeUrl: expect.stringMatching(/^https?:/) });
    expect(created!.vhsys?.nfse).toMatchObject({ emitted: true, numeroNfs: expect.any(String) });

    const refunded = withStatus(approved, 'refunded', 3);
    await bed.produce([refunded]);
    const [manual] = await eventually(() => {
      const found = bed.results((r) => r.guruTransactionId === tx && r.outcome === 'needs_manual_cancellation');
      return found.length > 0 && found;
    }, 30_000, 'needs_manual_cancellation result');
    expect(manual!.revision).toBe(3);
    expect(manual!.reason).toBe('refunded_after_invoice');
    expect(manual!.vhsys?.nfe?.idVenda).toBe(created!.vhsys?.nfe?.idVenda);
    expect(manual!.vhsys?.nfse?.idServico).toBe(created!.vhsys?.nfse?.idServico);
    expect(manual!.detail).toContain(String(created!.vhsys?.nfe?.idVenda));

    const afterRefund = await bed.admin.getState(account.accessToken);
    expect(checkVhsysState(afterRefund, [refunded]).problems).toEqual([]);
    const pedido = afterRefund.pedidos.find((p) => p.referencia_pedido === tx)!;
    expect(pedido.status_pedido).toBe('Cancelado');
    expect(pedido.status.map((s) => s.tipo_status)).toContain('Cancelado');
    expect(afterRefund.notasFiscais).toHaveLength(1);
    expect(afterRefund.notasServico).toHaveLength(1);

    // Revision 2 (approved → pending, say) arrives after revision 3: ignored, Vhsys untouched.
    const late = withStatus(approved, 'pending', 2);
    const duplicate = refunded;
    await bed.produce([late, duplicate]);
    const [ignored] = await eventually(() => {
      const found = bed.results((r) => r.guruTransactionId === tx && r.outcome === 'ignored');
      return found.length > 0 && found;
    }, 30_000, 'ignored result');
    expect(ignored).toMatchObject({ revision: 2, reason: 'stale_revision' });
    await eventually(() => bed.results((r) => r.guruTransactionId === tx && r.outcome === 'unchanged' && r.reason === 'duplicate_revision').length === 1, 30_000, 'duplicate result');
    const afterLate = await bed.admin.getState(account.accessToken);
    expect(afterLate.pedidos).toEqual(afterRefund.pedidos);
    expect(afterLate.notasFiscais).toEqual(afterRefund.notasFiscais);
    expect(afterLate.counters.total).toBe(afterRefund.counters.total); // not even a read
    // Revisions are bigint columns, which pg returns as strings.
    const [ledger] = await bed.sql<{ desired_revision: string; reconciled_revision: string; status: string }>(
      `SELECT desired_revision, reconciled_revision, status FROM sale_ledger WHERE sale_key = $1`, [saleKey(account.accountId, tx)]);
    expect(ledger).toMatchObject({ desired_revision: '3', reconciled_revision: '3', status: 'reconciled' });
    const steps = await bed.sql<{ step: string; state: string }>(`SELECT step, state FROM sale_step WHERE sale_key = $1 ORDER BY step`, [saleKey(account.accountId, tx)]);
    expect(steps.map((s) => `${s.step}:${s.state}`)).toEqual([
      'customer:done', 'installments:done', 'nfe_create:done', 'nfe_emit:done', 'nfe_items:done', 'nfse_create:done', 'nfse_emit:done',
      'order:done', 'order_items:done', 'status:done',
    ]);
  });

  it('keeps completing one account while another account on the same partition fails the whole time', async () => {
    const failing = await bed.addAccount({ rates: { serverError: 1 } });
    const healthy = await bed.addAccount();
    const failingSales = Array.from({ length: 15 }, (_, i) =>
      buildSaleOrder({ accountId: failing.accountId, guruTransactionId: uniqueId('txf'), catalog: CATALOG, seed: 100 + i }));
    const healthySales = Array.from({ length: 15 }, (_, i) =>
      buildSaleOrder({ accountId: healthy.accountId, guruTransactionId: uniqueId('txh'), catalog: CATALOG, seed: 200 + i }));
    // Interleaved, failing account first: every healthy sale sits behind failing ones on the partition.
    const started = Date.now();
    await bed.produce(failingSales.flatMap((s, i) => [s, healthySales[i]!]));

    await eventually(() => {
      const done = bed.resultsBySale(['created']);
      return healthySales.every((s) => done.has(saleKey(s.accountId, s.guruTransactionId)));
    }, 30_000, 'every healthy sale created');
    const healthyDoneMs = Date.now() - started;
    // Meanwhile the failing account has produced nothing but is still being retried, not dropped.
    expect(bed.results((r) => r.accountId === failing.accountId && r.outcome !== 'paused')).toEqual([]);
    const failingState = await bed.admin.getState(failing.accessToken);
    expect(failingState.pedidos).toHaveLength(0);
    const rows = await bed.sql<{ status: string }>(`SELECT status FROM sale_ledger WHERE account_id = $1`, [failing.accountId]);
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.status === 'retrying' || r.status === 'pending')).toBe(true);
    // The circuit keeps the failing account from being hammered: far fewer calls than sales × retries.
    expect(failingState.counters.total).toBeLessThan(15 * 8);
    expect(checkVhsysState(await bed.admin.getState(healthy.accessToken), healthySales).problems).toEqual([]);
    expect(healthyDoneMs).toBeLessThan(20_000);

    // Vhsys comes back: the failing account's sales complete from the retry topic.
    await bed.admin.clearFaults(failing.accessToken);
    await eventually(() => {
      const done = bed.resultsBySale(['created']);
      return failingSales.every((s) => done.has(saleKey(s.accountId, s.guruTransactionId)));
    }, 30_000, 'failing account recovered');
    expect(checkVhsysState(await bed.admin.getState(failing.accessToken), failingSales).problems).toEqual([]);
  });

  it('pauses an account whose tokens Vhsys refuses, parks its sales without calling Vhsys, and resumes when the credentials change', async () => {
    const account = await bed.addAccount();
    bed.credentials.set(account.accountId, 'revoked-token', 'revoked-secret', 1);
    const first = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txa'), catalog: CATALOG, seed: 300, credentialsVersion: 1 });
    const second = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txa'), catalog: CATALOG, seed: 301, credentialsVersion: 1 });
    await bed.produce([first]);
    await eventually(() => bed.results((r) => r.guruTransactionId === first.guruTransactionId && r.outcome === 'paused').length === 1, 30_000, 'paused result');
    const [acct] = await bed.sql<{ paused: boolean; paused_reason: string }>(`SELECT paused, paused_reason FROM vhsys_account WHERE account_id = $1`, [account.accountId]);
    expect(acct).toMatchObject({ paused: true, paused_reason: 'vhsys_auth_failed' });

    const authFailuresBefore = bed.simulator.state.authFailures;
    await bed.produce([second]);
    const [parked] = await eventually(() => {
      const found = bed.results((r) => r.guruTransactionId === second.guruTransactionId && r.outcome === 'paused');
      return found.length > 0 && found;
    }, 30_000, 'second sale parked');
    expect(parked!.reason).toBe('vhsys_auth_failed');
    expect(bed.simulator.state.authFailures).toBe(authFailuresBefore); // parked without a Vhsys call

    // The seller saves new tokens: config-service bumps credentialsVersion, mapping carries it.
    bed.credentials.set(account.accountId, account.accessToken, account.secretAccessToken, 2);
    await bed.produce([{ ...first, revision: 2, credentialsVersion: 2 }]);
    await eventually(() => {
      const done = bed.resultsBySale(['created']);
      return done.has(saleKey(account.accountId, first.guruTransactionId)) && done.has(saleKey(account.accountId, second.guruTransactionId));
    }, 30_000, 'both sales created after the credentials changed');
    const [resumed] = await bed.sql<{ paused: boolean }>(`SELECT paused FROM vhsys_account WHERE account_id = $1`, [account.accountId]);
    expect(resumed!.paused).toBe(false);
    expect(checkVhsysState(await bed.admin.getState(account.accessToken), [first, second]).problems).toEqual([]);
  });

  it('sends what can never succeed to the dead-letter topic with the full reason, with a failed result, and carries on', async () => {
    const account = await bed.addAccount();
    const bad = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txp'), catalog: CATALOG, seed: 400, productIndexes: [0] });
    bad.order.items[0]!.vhsysProductId = 99_999_999; // not a product of this Vhsys account
    const good = buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txp'), catalog: CATALOG, seed: 401 });
    await bed.probe.produce(bed.topics.saleOrders, [{ key: saleKey(account.accountId, 'garbage'), value: '{not json' }]);
    await bed.produce([bad, good]);

    const [failed] = await eventually(() => {
      const found = bed.results((r) => r.guruTransactionId === bad.guruTransactionId && r.outcome === 'failed');
      return found.length > 0 && found;
    }, 30_000, 'failed result');
    expect(failed!.reason).toBe('vhsys_validation');
    expect(failed!.detail).toContain('id_produto');
    expect(failed!.vhsys?.idPed).toEqual(expect.any(Number)); // the order exists; a corrected replay resumes it
    const dead = await eventually(() => {
      const found = bed.deadLetters().filter((m) => m.key === saleKey(account.accountId, bad.guruTransactionId) || m.key === saleKey(account.accountId, 'garbage'));
      return found.length === 2 && found;
    }, 30_000, 'two dead letters');
    const badDead = dead.find((m) => m.key === saleKey(account.accountId, bad.guruTransactionId))!;
    expect(badDead.headers[HEADERS.dlqReason]).toMatch(/^vhsys_validation: order_items: .*id_produto/);
    expect(badDead.headers[HEADERS.dlqOriginalTopic]).toBe(bed.topics.saleOrders);
    expect((badDead.value as { guruTransactionId: string }).guruTransactionId).toBe(bad.guruTransactionId);
    const garbage = dead.find((m) => m.key === saleKey(account.accountId, 'garbage'))!;
    expect(garbage.headers[HEADERS.dlqReason]).toMatch(/not valid JSON/);
    await eventually(() => bed.results((r) => r.guruTransactionId === good.guruTransactionId && r.outcome === 'created').length === 1, 30_000, 'next sale created');

    // Replaying the corrected sale resumes the same order: still exactly one.
    const fixed = { ...bad, order: { ...bad.order, items: bad.order.items.map((i) => ({ ...i, vhsysProductId: CATALOG[0]!.vhsysProductId })) } };
    await bed.produce([fixed]);
    await eventually(() => bed.results((r) => r.guruTransactionId === bad.guruTransactionId && r.outcome === 'created').length === 1, 30_000, 'replayed sale created');
    expect(checkVhsysState(await bed.admin.getState(account.accessToken), [fixed, good]).problems).toEqual([]);
  });

  it('serves health and metrics', async () => {
    const base = `http://127.0.0.1:${dispatcher.httpPort}`;
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: true, kafka: true, sale_orders_consumer_joined: true, retry_consumer_joined: true } });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });
});
