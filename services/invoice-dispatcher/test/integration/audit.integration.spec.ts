/**
 * The audit ("Conferir com o Vhsys") against the real broker, PostgreSQL and the Vhsys simulator
 * over HTTP: sales dispatched for real, then changed "by hand" through the Vhsys API with the
 * account's own token (a pedido deleted into the lixeira, a total edited, an NF-e emitted that the
 * ledger lacks). The audit reports exactly those findings without writing to Vhsys; repairing the
 * deleted pedido creates exactly one new live pedido for the sale; accepting records the decision.
 */
import { saleKey, SaleOrder } from '@gv/contracts';
import { eventually, uniqueId } from '@gv/testing';
import { VhsysClient } from '@gv/vhsys-client';
import { AuditEngine } from '../../src/audit/audit-engine';
import { AuditStore } from '../../src/audit/audit-store';
import type { RunningInvoiceDispatcher } from '../../src/start-invoice-dispatcher';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, DispatcherTestBed, TestAccount } from '../support/test-bed';

jest.setTimeout(120_000);

describe('invoice-dispatcher audit', () => {
  let bed: DispatcherTestBed;
  let dispatcher: RunningInvoiceDispatcher;
  let account: TestAccount;
  let engine: AuditEngine;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
    account = await bed.addAccount();
    dispatcher = await bed.startDispatcher();
    engine = dispatcher.app.get(AuditEngine);
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  it('finds a deleted pedido, an edited total and an unknown emitted NF-e without writing, then repairs the deleted one', async () => {
    const now = Date.now();
    const sales: SaleOrder[] = [0, 1, 2, 3].map((i) => buildSaleOrder({
      accountId: account.accountId, guruTransactionId: uniqueId(`tx${i}`), catalog: CATALOG, seed: 40 + i, productIndexes: [0],
      occurredAt: new Date(now - 3_600_000),
    }));
    await bed.produce(sales);
    await eventually(() => sales.every((s) => bed.results((r) => r.guruTransactionId === s.guruTransactionId && r.outcome === 'created').length === 1), 60_000, 'all sales created');
    const ledger = await Promise.all(sales.map((s) => dispatcher.ledger.get(saleKey(s.accountId, s.guruTransactionId))));
    const [deleted, edited, invoiced, untouched] = ledger.map((l) => l!);

    // "By hand" in Vhsys, with the account's token.
    const vhsys = new VhsysClient({ baseUrl: bed.simulator.url, credentials: { accessToken: account.accessToken, secretAccessToken: account.secretAccessToken }, timeoutMs: 5000 });
    await vhsys.deletePedido(deleted!.idPed!);
    const editedPedido = await vhsys.getPedido(edited!.idPed!);
    await vhsys.updatePedido(edited!.idPed!, { nomeCliente: editedPedido.nomeCliente, statusPedido: editedPedido.statusPedido as never, descontoCents: editedPedido.descontoCents + 1234 });
    const extra = await vhsys.createNotaFiscal({
      nomeCliente: invoiced!.desired.customer.name, idCliente: invoiced!.idCliente!, naturezaPedido: 'Venda', cfopPedido: '5102', ambiente: 2, idPedidoRef: invoiced!.idPed!,
    });
    await vhsys.addNotaFiscalProdutos(extra.idVenda, [{ idProduto: CATALOG[0]!.vhsysProductId, descProduto: 'x', quantidade: 1, valorUnitCents: 100, descontoCents: 0 }]);
    await vhsys.emitirNotaFiscal(extra.idVenda);
    await bed.admin.resetCounters(account.accessToken);

    const period = { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() };
    const run = await engine.auditAccount(account.accountId, period, 'admin:ana');
    expect(run).toMatchObject({ status: 'done', salesChecked: 4, salesSkipped: 0, findings: 3, error: null });

    const log = (await bed.admin.requestLog(account.accessToken)).entries;
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((e) => !e.route.startsWith('GET '))).toEqual([]);

    const findings = await dispatcher.app.get(AuditStore).findings(run.id);
    const byKind = findings.map((f) => ({ kind: f.kind, saleKey: f.saleKey, idPed: f.idPed, expected: f.expected, found: f.found, resolution: f.resolution }));
    expect(byKind.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      {
        kind: 'invoice_unknown_to_ledger', saleKey: invoiced!.saleKey, idPed: invoiced!.idPed,
        expected: { invoice: 'nfe', idVenda: invoiced!.nfeIdVenda }, found: { idVenda: extra.idVenda, emitted: true }, resolution: 'open',
      },
      { kind: 'pedido_in_lixeira', saleKey: deleted!.saleKey, idPed: deleted!.idPed, expected: { idPed: deleted!.idPed, lixeira: false }, found: { idPed: deleted!.idPed, lixeira: true }, resolution: 'open' },
      {
        kind: 'total_differs', saleKey: edited!.saleKey, idPed: edited!.idPed,
        expected: { totalCents: edited!.desired.order.totalCents }, found: { totalCents: edited!.desired.order.totalCents - 1234 }, resolution: 'open',
      },
    ]);
    expect(untouched!.idPed).not.toBeNull();

    // Repair the deleted pedido: exactly one new live pedido for that sale; the NF-e already emitted is not emitted again.
    const lixeira = findings.find((f) => f.kind === 'pedido_in_lixeira')!;
    const repaired = await engine.repairFinding(lixeira.id, 'admin:ana');
    expect(repaired).toMatchObject({ resolution: 'repaired', resolvedBy: 'admin:ana' });
    const state = await bed.admin.getState(account.accessToken);
    const marker = deleted!.desired.order.marker;
    const pedidosOfSale = state.pedidos.filter((p) => p.referencia_pedido === marker);
    expect(pedidosOfSale.map((p) => p.lixeira).sort()).toEqual(['Nao', 'Sim']);
    const after = await dispatcher.ledger.get(deleted!.saleKey);
    expect(after!.idPed).toBe(pedidosOfSale.find((p) => p.lixeira === 'Nao')!.id_ped);
    expect(after!.nfeIdVenda).toBe(deleted!.nfeIdVenda);
    expect(state.notasFiscais.filter((n) => n.id_pedido_ref === deleted!.idPed || n.id_pedido_ref === after!.idPed)).toHaveLength(1);

    // A second repair of the same finding does nothing.
    await expect(engine.repairFinding(lixeira.id, 'admin:ana')).rejects.toThrow('the finding is repaired, not open');

    // Accept records the decision only.
    const unknown = findings.find((f) => f.kind === 'invoice_unknown_to_ledger')!;
    await expect(engine.repairFinding(unknown.id, 'admin:ana')).rejects.toThrow('cannot be repaired');
    expect(await engine.acceptFinding(unknown.id, 'admin:bia')).toMatchObject({ resolution: 'accepted', resolvedBy: 'admin:bia' });
  });

  it('refuses a period without a time zone or longer than 366 days, naming the field', async () => {
    await expect(engine.auditAccount(account.accountId, { from: '2026-01-01T00:00:00', to: '2026-02-01T00:00:00-03:00' }, 'admin:ana')).rejects.toMatchObject({ field: 'from' });
    await expect(engine.auditAccount(account.accountId, { from: '2025-01-01T00:00:00-03:00', to: '2026-02-01T00:00:00-03:00' }, 'admin:ana')).rejects.toMatchObject({ field: 'to' });
  });
});
