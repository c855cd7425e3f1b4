/**
 * A repair whose re-dispatch ends after the repair returned (docs/operations.md#auditing-vhsys-against-the-ledger,
 * "A repair's end"): the real broker, PostgreSQL and the Vhsys simulator, with the simulator
 * failing every POST /pedidos of the account while the repair runs, so its re-dispatch goes to
 * retry and the finding is left `repairing`. Then
 * - Vhsys recovers: the retry creates the new pedido and the dispatcher's settle timer
 *   (AUDIT_SETTLE_INTERVAL_MS, 200 ms here) turns the finding `repaired` and publishes it;
 * - Vhsys keeps failing: the retries run out (RETRY_MAX_ATTEMPTS 3), the sale is `failed`, and
 *   the settle timer turns the finding `repair_failed` and publishes it.
 * No sleep decides anything: each step waits for the state it needs.
 */
import { AUDIT_RESULT, AuditResult, HEADERS, saleKey, SaleOrder } from '@gv/contracts';
import { eventually, KafkaProbe, uniqueId } from '@gv/testing';
import { VhsysClient } from '@gv/vhsys-client';
import { AuditEngine } from '../../src/audit/audit-engine';
import { AuditFinding, AuditStore } from '../../src/audit/audit-store';
import type { LedgerRow } from '../../src/ledger/ledger-types';
import type { RunningInvoiceDispatcher } from '../../src/start-invoice-dispatcher';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, DispatcherTestBed, TestAccount } from '../support/test-bed';

jest.setTimeout(120_000);

const SETTLE = { AUDIT_SETTLE_INTERVAL_MS: '200' };
/** Every POST /pedidos of the account answers HTML 500 (a write's outcome unknown: retried, resolved by marker first). */
const PEDIDO_CREATES_FAIL = { rates: { serverError: 1 }, match: { methods: ['POST'], routes: ['/pedidos'] } };

describe('invoice-dispatcher audit: a repair that concludes after the repair request', () => {
  let bed: DispatcherTestBed;
  let dispatcher: RunningInvoiceDispatcher;
  let account: TestAccount;
  let results: KafkaProbe;
  let recovers: LedgerRow;
  let givesUp: LedgerRow;
  let findings: AuditFinding[];

  const engine = () => dispatcher.app.get(AuditEngine);
  const store = () => dispatcher.app.get(AuditStore);
  /** The audit-results messages published about one finding, in order. */
  const published = (findingId: string) => results.received(bed.topics.auditResults)
    .filter((m) => m.headers[HEADERS.contract] === AUDIT_RESULT)
    .flatMap((m) => (m.value as AuditResult).findings.filter((f) => f.findingId === findingId));

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
    account = await bed.addAccount();
    results = new KafkaProbe(bed.env.kafkaBrokers);
    await results.listen([bed.topics.auditResults]);
    dispatcher = await bed.startDispatcher(SETTLE);

    // Two sales created for real, then both pedidos deleted by hand; one audit finds both.
    const now = Date.now();
    const sales: SaleOrder[] = [0, 1].map((i) => buildSaleOrder({
      accountId: account.accountId, guruTransactionId: uniqueId(`settle${i}`), catalog: CATALOG, seed: 80 + i, productIndexes: [0],
      occurredAt: new Date(now - 3_600_000),
    }));
    await bed.produce(sales);
    await eventually(() => sales.every((s) => bed.results((r) => r.guruTransactionId === s.guruTransactionId && r.outcome === 'created').length === 1), 60_000, 'both sales created');
    [recovers, givesUp] = (await Promise.all(sales.map((s) => dispatcher.ledger.get(saleKey(s.accountId, s.guruTransactionId))))).map((l) => l!);
    const vhsys = new VhsysClient({ baseUrl: bed.simulator.url, credentials: { accessToken: account.accessToken, secretAccessToken: account.secretAccessToken }, timeoutMs: 5000 });
    for (const l of [recovers, givesUp]) await vhsys.deletePedido(l.idPed!);
    const run = await engine().auditAccount(account.accountId, { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() }, 'admin:ana');
    expect(run).toMatchObject({ status: 'done', salesChecked: 2, findings: 2 });
    findings = await store().findings(run.id);
    expect(findings.map((f) => [f.kind, f.saleKey]).sort()).toEqual([['pedido_in_lixeira', recovers.saleKey], ['pedido_in_lixeira', givesUp.saleKey]].sort());
  });

  afterAll(async () => {
    await results?.close();
    await bed?.cleanup();
  });

  const findingOf = (sale: LedgerRow) => findings.find((f) => f.saleKey === sale.saleKey)!;

  it('repairing → repaired: the re-dispatch fails, goes to retry, and succeeds once Vhsys recovers', async () => {
    const finding = findingOf(recovers);
    await bed.admin.setFaults(account.accessToken, PEDIDO_CREATES_FAIL);

    const returned = await engine().repairFinding(finding.id, 'admin:ana');
    expect(returned).toMatchObject({
      resolution: 'repairing', resolvedBy: 'admin:ana',
      repairNote: `pedido ${recovers.idPed} forgotten; emitted invoice kept; sale retrying, pedido none`,
    });
    // While Vhsys still fails, retries come and go (each ~0.1–0.8 s, settle passes every 0.2 s) and the finding stays `repairing`.
    await eventually(async () => ((await dispatcher.ledger.get(recovers.saleKey))!.attempts >= 3 ? true : undefined), 30_000, 'two more failed attempts');
    expect(await dispatcher.ledger.get(recovers.saleKey)).toMatchObject({ idPed: null, reconciledRevision: null });
    expect(await store().finding(finding.id)).toMatchObject({ resolution: 'repairing' });

    await bed.admin.clearFaults(account.accessToken);
    const after = await eventually(async () => {
      const row = await dispatcher.ledger.get(recovers.saleKey);
      return row?.status === 'reconciled' ? row : undefined;
    }, 30_000, 'the sale reconciled after the retry');
    expect(after.idPed).not.toBeNull();
    expect(after.idPed).not.toBe(recovers.idPed);
    const settled = await eventually(async () => {
      const row = await store().finding(finding.id);
      return row?.resolution !== 'repairing' ? row : undefined;
    }, 30_000, 'the settle timer concluded the repair');
    expect(settled).toMatchObject({
      resolution: 'repaired', resolvedBy: 'admin:ana',
      repairNote: `pedido ${recovers.idPed} forgotten; emitted invoice kept; sale retrying, pedido none; sale reconciled at revision 1, pedido ${after.idPed}`,
    });

    // Vhsys: one new live pedido for the sale (the deleted one stays in the lixeira), and its one NF-e.
    const state = await bed.admin.getState(account.accessToken);
    const marker = recovers.desired.order.marker;
    expect(state.pedidos.filter((p) => p.referencia_pedido === marker).map((p) => [p.id_ped, p.lixeira]).sort())
      .toEqual([[recovers.idPed, 'Sim'], [after.idPed, 'Nao']].sort());
    expect(state.notasFiscais.filter((n) => n.id_pedido_ref === recovers.idPed || n.id_pedido_ref === after.idPed).map((n) => n.id_venda)).toEqual([recovers.nfeIdVenda]);

    // The conclusion is answered on vhsys.audit-results.v1 through the outbox (the engine was called
    // directly here, so it is the only answer about this finding).
    await eventually(() => published(finding.id).some((f) => f.resolution === 'repaired'), 30_000, 'the conclusion published');
    expect(published(finding.id).map((f) => f.resolution)).toEqual(['repaired']);
  });

  it('repairing → repair_failed: the re-dispatch keeps failing until its retries run out', async () => {
    // The same ledger and topics, a dispatcher that gives a sale up after 3 attempts.
    await bed.stopDispatchers();
    dispatcher = await bed.startDispatcher({ ...SETTLE, RETRY_MAX_ATTEMPTS: '3' });
    const finding = findingOf(givesUp);
    await bed.admin.setFaults(account.accessToken, PEDIDO_CREATES_FAIL);

    const returned = await engine().repairFinding(finding.id, 'admin:ana');
    expect(returned).toMatchObject({
      resolution: 'repairing', repairNote: `pedido ${givesUp.idPed} forgotten; emitted invoice kept; sale retrying, pedido none`,
    });
    const failed = await eventually(async () => {
      const row = await dispatcher.ledger.get(givesUp.saleKey);
      return row?.status === 'failed' ? row : undefined;
    }, 30_000, 'the sale given up');
    expect(failed).toMatchObject({ idPed: null, attempts: 3 });
    expect(failed.lastError).toMatch(/^gave up after 3 attempts; last: order: /);
    const settled = await eventually(async () => {
      const row = await store().finding(finding.id);
      return row?.resolution !== 'repairing' ? row : undefined;
    }, 30_000, 'the settle timer concluded the repair');
    expect(settled).toMatchObject({
      resolution: 'repair_failed', resolvedBy: 'admin:ana',
      repairNote: `pedido ${givesUp.idPed} forgotten; emitted invoice kept; sale retrying, pedido none; the sale's dispatch failed: ${failed.lastError}`,
    });
    // No pedido was created for it: the deleted one is its only one.
    const state = await bed.admin.getState(account.accessToken);
    expect(state.pedidos.filter((p) => p.referencia_pedido === givesUp.desired.order.marker).map((p) => [p.id_ped, p.lixeira])).toEqual([[givesUp.idPed, 'Sim']]);
    await eventually(() => published(finding.id).some((f) => f.resolution === 'repair_failed'), 30_000, 'the conclusion published');
    expect(published(finding.id).map((f) => f.resolution)).toEqual(['repair_failed']);
    await bed.admin.clearFaults(account.accessToken);
  });
});
