/**
 * The audit ("Conferir com o Vhsys") against the real broker, PostgreSQL and the Vhsys simulator
 * over HTTP: sales dispatched for real, then changed "by hand" through the Vhsys API with the
 * account's own token (a pedido deleted into the lixeira, a total edited, an NF-e emitted that the
 * ledger lacks; an NFS-e deleted, one whose emission the city rejected, NFS-e emitted that the
 * ledger lacks). The audit reports exactly those findings without writing to Vhsys; repairing the
 * deleted pedido creates exactly one new live pedido for the sale; a rejected NFS-e is emitted
 * again (the same nota), a deleted emitted one never; accepting records the decision.
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

  it('audits NFS-e: one deleted by hand, one whose emission was rejected, emitted ones the ledger lacks; repairs without a second emission', async () => {
    // An account of its own, so the first test's sales stay out of this period.
    const services = await bed.addAccount();
    const now = Date.now();
    const sales: SaleOrder[] = [0, 1, 2, 3].map((i) => buildSaleOrder({
      accountId: services.accountId, guruTransactionId: uniqueId(`svc${i}`), catalog: CATALOG, seed: 60 + i, productIndexes: [2],
      occurredAt: new Date(now - 3_600_000),
    }));
    expect(sales.map((s) => s.invoices.map((i) => i.kind))).toEqual([['nfse'], ['nfse'], ['nfse'], ['nfse']]);
    await bed.produce(sales);
    await eventually(() => sales.every((s) => bed.results((r) => r.guruTransactionId === s.guruTransactionId && r.outcome === 'created').length === 1), 60_000, 'all sales created');
    const [deleted, rejected, doubled, untouched] = (await Promise.all(sales.map((s) => dispatcher.ledger.get(saleKey(s.accountId, s.guruTransactionId))))).map((l) => l!);
    for (const l of [deleted, rejected, doubled, untouched]) expect(l).toMatchObject({ status: 'reconciled', nfseEmitted: true, nfeIdVenda: null });

    // "By hand" in Vhsys: an issued NFS-e deleted (into the lixeira); another's emission rejected
    // by the city after the fact; two more NFS-e emitted for one sale, one carrying the sale's marker
    // only (as the dispatcher writes it) and one pointing at its pedido only.
    const vhsys = new VhsysClient({ baseUrl: bed.simulator.url, credentials: { accessToken: services.accessToken, secretAccessToken: services.secretAccessToken }, timeoutMs: 5000 });
    await vhsys.deleteNotaServico(deleted!.nfseIdServico!);
    await bed.admin.rejectNotaServicoEmission(services.accessToken, rejected!.nfseIdServico!);
    const byHand = { nomeCliente: doubled!.desired.customer.name, serieNota: 1, naturezaPedido: 1, descServicos: 'Mentoria', valorTotalServicosCents: 50000, ambiente: 2 as const };
    const byMarker = await vhsys.createNotaServico({ ...byHand, obsPedido: `Guru: ${doubled!.desired.order.marker}` });
    const byPedido = await vhsys.createNotaServico({ ...byHand, obsPedido: 'lançada à mão', idPedidoRef: doubled!.idPed! });
    await vhsys.emitirNotaServico(byMarker.idServico);
    await vhsys.emitirNotaServico(byPedido.idServico);
    await bed.admin.resetCounters(services.accessToken);

    const period = { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() };
    const run = await engine.auditAccount(services.accountId, period, 'admin:ana');
    expect(run).toMatchObject({ status: 'done', salesChecked: 4, salesSkipped: 0, findings: 4, error: null });
    const log = (await bed.admin.requestLog(services.accessToken)).entries;
    expect(log.filter((e) => !e.route.startsWith('GET '))).toEqual([]);
    // The NFS-e listing once (one page), and the ledger's NFS-e of each live pedido by id.
    expect(log.filter((e) => e.route === 'GET /notas-servico')).toHaveLength(1);
    expect(log.filter((e) => e.route === 'GET /notas-servico/{id_servico}')).toHaveLength(4);

    const store = dispatcher.app.get(AuditStore);
    const view = (f: Awaited<ReturnType<AuditStore['findings']>>[number]) => ({ kind: f.kind, saleKey: f.saleKey, idPed: f.idPed, expected: f.expected, found: f.found, resolution: f.resolution });
    const findings = await store.findings(run.id);
    const byKindThenFound = (a: { kind: string; found: unknown }, b: { kind: string; found: unknown }) =>
      `${a.kind}${JSON.stringify(a.found)}`.localeCompare(`${b.kind}${JSON.stringify(b.found)}`);
    expect(findings.map(view).sort(byKindThenFound)).toEqual([
      {
        kind: 'invoice_missing', saleKey: deleted!.saleKey, idPed: deleted!.idPed,
        expected: { invoice: 'nfse', idServico: deleted!.nfseIdServico, emitted: true }, found: { idServico: deleted!.nfseIdServico, lixeira: true }, resolution: 'open',
      },
      {
        kind: 'invoice_not_emitted', saleKey: rejected!.saleKey, idPed: rejected!.idPed,
        expected: { invoice: 'nfse', idServico: rejected!.nfseIdServico, emitted: true }, found: { idServico: rejected!.nfseIdServico, emitted: false }, resolution: 'open',
      },
      {
        kind: 'invoice_unknown_to_ledger', saleKey: doubled!.saleKey, idPed: doubled!.idPed,
        expected: { invoice: 'nfse', idServico: doubled!.nfseIdServico }, found: { idServico: byMarker.idServico, emitted: true }, resolution: 'open',
      },
      {
        kind: 'invoice_unknown_to_ledger', saleKey: doubled!.saleKey, idPed: doubled!.idPed,
        expected: { invoice: 'nfse', idServico: doubled!.nfseIdServico }, found: { idServico: byPedido.idServico, emitted: true }, resolution: 'open',
      },
    ].sort(byKindThenFound));
    expect(untouched!.nfseIdServico).not.toBeNull();

    const notasBefore = (await bed.admin.getState(services.accessToken)).notasServico;
    expect(notasBefore).toHaveLength(6);
    await bed.admin.resetCounters(services.accessToken);

    // The deleted NFS-e was emitted: it is never issued again, the finding stays open.
    const missing = findings.find((f) => f.kind === 'invoice_missing')!;
    await expect(engine.repairFinding(missing.id, 'admin:ana')).rejects.toThrow('the ledger holds this NFS-e as emitted: it is never emitted again');
    expect(await store.finding(missing.id)).toMatchObject({ resolution: 'open', repairNote: null });
    expect(await dispatcher.ledger.get(deleted!.saleKey)).toMatchObject({ status: 'reconciled', nfseIdServico: deleted!.nfseIdServico, nfseEmitted: true });

    // The rejected one is emitted again: the same nota, read before the one write.
    const notEmitted = findings.find((f) => f.kind === 'invoice_not_emitted')!;
    expect(await engine.repairFinding(notEmitted.id, 'admin:ana')).toMatchObject({ resolution: 'repaired', resolvedBy: 'admin:ana' });
    const writes = (await bed.admin.requestLog(services.accessToken)).entries.filter((e) => !e.route.startsWith('GET '));
    expect(writes.map((e) => e.route)).toEqual(['POST /notas-servico/{id_servico}/emitir']);
    const notasAfter = (await bed.admin.getState(services.accessToken)).notasServico;
    expect(notasAfter.map((n) => n.id_servico)).toEqual(notasBefore.map((n) => n.id_servico));
    const reEmitted = notasAfter.find((n) => n.id_servico === rejected!.nfseIdServico)!;
    expect(reEmitted).toMatchObject({ nota_emitida: 1, lixeira: 'Nao' });
    expect(await dispatcher.ledger.get(rejected!.saleKey)).toMatchObject({
      status: 'reconciled', nfseIdServico: rejected!.nfseIdServico, nfseEmitted: true, nfseNumero: reEmitted.numero_nfse,
    });
    expect(reEmitted.numero_nfse).not.toBe(rejected!.nfseNumero);
    await expect(engine.repairFinding(notEmitted.id, 'admin:ana')).rejects.toThrow('the finding is repaired, not open');

    // The doubled sale's own NFS-e rejected as well: emitting it would give the sale a second
    // emitted NFS-e beside the two found, so the repair is refused and nothing is written.
    await bed.admin.rejectNotaServicoEmission(services.accessToken, doubled!.nfseIdServico!);
    const again = await engine.auditAccount(services.accountId, period, 'admin:ana');
    const againFindings = await store.findings(again.id);
    expect(againFindings.map((f) => `${f.kind}:${f.saleKey === doubled!.saleKey ? 'doubled' : f.saleKey === deleted!.saleKey ? 'deleted' : f.saleKey}`).sort())
      .toEqual(['invoice_missing:deleted', 'invoice_not_emitted:doubled', 'invoice_unknown_to_ledger:doubled', 'invoice_unknown_to_ledger:doubled']);
    await bed.admin.resetCounters(services.accessToken);
    const beside = againFindings.find((f) => f.kind === 'invoice_not_emitted')!;
    await expect(engine.repairFinding(beside.id, 'admin:ana')).rejects.toThrow('this audit found an emitted NFS-e of the sale that the ledger does not know');
    expect(await store.finding(beside.id)).toMatchObject({ resolution: 'open' });
    expect((await bed.admin.requestLog(services.accessToken)).entries).toEqual([]);
    expect(await dispatcher.ledger.get(doubled!.saleKey)).toMatchObject({ status: 'reconciled', nfseEmitted: true });

    // What cannot be repaired is accepted.
    const unknown = findings.find((f) => f.kind === 'invoice_unknown_to_ledger')!;
    await expect(engine.repairFinding(unknown.id, 'admin:ana')).rejects.toThrow('cannot be repaired');
    expect(await engine.acceptFinding(unknown.id, 'admin:bia')).toMatchObject({ resolution: 'accepted', resolvedBy: 'admin:bia' });
  });

  it('refuses a period without a time zone or longer than 366 days, naming the field', async () => {
    await expect(engine.auditAccount(account.accountId, { from: '2026-01-01T00:00:00', to: '2026-02-01T00:00:00-03:00' }, 'admin:ana')).rejects.toMatchObject({ field: 'from' });
    await expect(engine.auditAccount(account.accountId, { from: '2025-01-01T00:00:00-03:00', to: '2026-02-01T00:00:00-03:00' }, 'admin:ana')).rejects.toMatchObject({ field: 'to' });
  });
});
