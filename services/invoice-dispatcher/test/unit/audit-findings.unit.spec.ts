import { compareSale, unknownMarkedPedido } from '../../src/audit/audit-findings';
import { parseAuditPeriod } from '../../src/audit/audit-engine';
import type { LedgerRow } from '../../src/ledger/ledger-types';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG } from '../support/test-bed';

const sale = buildSaleOrder({ accountId: 'acct-1', guruTransactionId: 'tx-1', catalog: CATALOG, seed: 7, productIndexes: [0] });
const ledger = {
  saleKey: 'acct-1:tx-1', accountId: 'acct-1', guruTransactionId: 'tx-1', desired: sale, status: 'reconciled',
  idPed: 500, appliedItemsHash: 'h', nfeIdVenda: 900, nfeEmitted: true,
} as unknown as LedgerRow;
const live = { idPed: 500, status: sale.order.status, situacao: sale.order.situacaoId, totalCents: sale.order.totalCents, inLixeira: false, referencia: sale.order.marker, dataPedido: sale.order.dataPedido };
const items = sale.order.items.map((i) => ({ idProduto: i.vhsysProductId, quantity: i.quantity, totalCents: i.totalCents }));
const nfe = { idVenda: 900, idPedidoRef: 500, emitted: true, inLixeira: false, obs: '' };
const wantsNfe = sale.invoices.some((i) => i.kind === 'nfe');

describe('audit comparison', () => {
  it('finds nothing when Vhsys matches the desired state', () => {
    expect(compareSale(ledger, { pedido: live, items, nfe, notasOfPedido: [nfe] })).toEqual([]);
  });

  it('reports a missing pedido, or one in the lixeira, alone', () => {
    expect(compareSale(ledger, { pedido: null, items: null, nfe: null, notasOfPedido: [] })).toEqual([{ kind: 'pedido_missing', idPed: 500, expected: { idPed: 500 }, found: null }]);
    expect(compareSale(ledger, { pedido: { ...live, inLixeira: true, totalCents: 1 }, items: null, nfe: null, notasOfPedido: [] }))
      .toEqual([{ kind: 'pedido_in_lixeira', idPed: 500, expected: { idPed: 500, lixeira: false }, found: { idPed: 500, lixeira: true } }]);
  });

  it('reports total, items and status differences with expected and found values', () => {
    const found = compareSale(ledger, {
      pedido: { ...live, totalCents: sale.order.totalCents - 1234, status: 'Cancelado' },
      items: [{ idProduto: 1, quantity: 3, totalCents: 10 }], nfe, notasOfPedido: [nfe],
    });
    expect(found).toEqual([
      { kind: 'total_differs', idPed: 500, expected: { totalCents: sale.order.totalCents }, found: { totalCents: sale.order.totalCents - 1234 } },
      { kind: 'items_differ', idPed: 500, expected: { items: sale.order.items.map((i) => `${i.vhsysProductId}x${i.quantity}`).sort() }, found: { items: ['1x3'] } },
      { kind: 'status_differs', idPed: 500, expected: { status: sale.order.status, situacao: sale.order.situacaoId }, found: { status: 'Cancelado', situacao: sale.order.situacaoId } },
    ]);
  });

  it('reports invoice state: missing, not emitted, and an emitted NF-e the ledger lacks', () => {
    expect(wantsNfe).toBe(true);
    expect(compareSale(ledger, { pedido: live, items, nfe: null, notasOfPedido: [] }))
      .toEqual([{ kind: 'invoice_missing', idPed: 500, expected: { invoice: 'nfe', idVenda: 900, emitted: true }, found: null }]);
    expect(compareSale(ledger, { pedido: live, items, nfe: { ...nfe, emitted: false }, notasOfPedido: [] }))
      .toEqual([{ kind: 'invoice_not_emitted', idPed: 500, expected: { invoice: 'nfe', idVenda: 900, emitted: true }, found: { idVenda: 900, emitted: false } }]);
    expect(compareSale(ledger, { pedido: live, items, nfe, notasOfPedido: [nfe, { ...nfe, idVenda: 901 }, { ...nfe, idVenda: 902, emitted: false }] }))
      .toEqual([{ kind: 'invoice_unknown_to_ledger', idPed: 500, expected: { invoice: 'nfe', idVenda: 900 }, found: { idVenda: 901, emitted: true } }]);
  });

  it('reports a marked pedido the ledger does not know, or a duplicate of a known marker', () => {
    const marked = { ...live, referencia: 'guru:tx-1' };
    expect(unknownMarkedPedido(marked, 500)).toBeNull();
    expect(unknownMarkedPedido({ ...live, referencia: 'manual' }, undefined)).toBeNull();
    expect(unknownMarkedPedido({ ...marked, idPed: 501 }, 500)).toEqual({
      kind: 'unknown_marked_pedido', idPed: 501, expected: { idPed: 500 }, found: { idPed: 501, marker: 'guru:tx-1', totalCents: sale.order.totalCents },
    });
    expect(unknownMarkedPedido({ ...live, idPed: 502, referencia: 'guru:other' }, undefined)?.expected).toBeNull();
  });

  it('bounds the period: time zone required, from < to, at most 366 days', () => {
    expect(parseAuditPeriod({ from: '2026-03-01T00:00:00-03:00', to: '2027-03-02T00:00:00-03:00' })).toEqual({
      from: new Date('2026-03-01T03:00:00Z'), to: new Date('2027-03-02T03:00:00Z'),
    });
    expect(() => parseAuditPeriod({ from: '2026-03-01', to: '2026-03-02T00:00:00Z' })).toThrow('from must be an ISO-8601');
    expect(() => parseAuditPeriod({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toThrow('to must be after from');
    expect(() => parseAuditPeriod({ from: '2026-03-01T00:00:00Z', to: '2027-03-03T00:00:00Z' })).toThrow('at most 366 days');
  });
});
