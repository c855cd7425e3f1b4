import { compareSale, NotasServicoIndex, unknownMarkedPedido } from '../../src/audit/audit-findings';
import { parseAuditPeriod } from '../../src/audit/audit-engine';
import type { LedgerRow } from '../../src/ledger/ledger-types';
import { buildSaleOrder, withStatus } from '../support/sale-order-builder';
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
/** A goods-only sale: no NFS-e wanted, none seen. */
const noNfse = { nfse: null, notasServicoOfSale: [] };

/** A sale of services only: it wants one NFS-e and no NF-e. */
const serviceSale = buildSaleOrder({ accountId: 'acct-1', guruTransactionId: 'tx-2', catalog: CATALOG, seed: 8, productIndexes: [2] });
const serviceLedger = {
  saleKey: 'acct-1:tx-2', accountId: 'acct-1', guruTransactionId: 'tx-2', desired: serviceSale, status: 'reconciled',
  idPed: 600, appliedItemsHash: 'h', nfeIdVenda: null, nfeEmitted: false, nfseIdServico: 700, nfseEmitted: true,
} as unknown as LedgerRow;
const serviceSeen = {
  pedido: { idPed: 600, status: serviceSale.order.status, situacao: serviceSale.order.situacaoId, totalCents: serviceSale.order.totalCents, inLixeira: false, referencia: serviceSale.order.marker, dataPedido: serviceSale.order.dataPedido },
  items: serviceSale.order.items.map((i) => ({ idProduto: i.vhsysProductId, quantity: i.quantity, totalCents: i.totalCents })),
  nfe: null, notasOfPedido: [],
};
const nfseSeen = { idServico: 700, idPedidoRef: 600, emitted: true, inLixeira: false, obs: 'Guru: tx-2' };

describe('audit comparison', () => {
  it('finds nothing when Vhsys matches the desired state', () => {
    expect(compareSale(ledger, { pedido: live, items, nfe, notasOfPedido: [nfe], ...noNfse })).toEqual([]);
  });

  it('reports a missing pedido, or one in the lixeira, alone', () => {
    expect(compareSale(ledger, { pedido: null, items: null, nfe: null, notasOfPedido: [], ...noNfse })).toEqual([{ kind: 'pedido_missing', idPed: 500, expected: { idPed: 500 }, found: null }]);
    expect(compareSale(ledger, { pedido: { ...live, inLixeira: true, totalCents: 1 }, items: null, nfe: null, notasOfPedido: [], ...noNfse }))
      .toEqual([{ kind: 'pedido_in_lixeira', idPed: 500, expected: { idPed: 500, lixeira: false }, found: { idPed: 500, lixeira: true } }]);
  });

  it('reports total, items and status differences with expected and found values', () => {
    const found = compareSale(ledger, {
      pedido: { ...live, totalCents: sale.order.totalCents - 1234, status: 'Cancelado' },
      items: [{ idProduto: 1, quantity: 3, totalCents: 10 }], nfe, notasOfPedido: [nfe], ...noNfse,
    });
    expect(found).toEqual([
      { kind: 'total_differs', idPed: 500, expected: { totalCents: sale.order.totalCents }, found: { totalCents: sale.order.totalCents - 1234 } },
      { kind: 'items_differ', idPed: 500, expected: { items: sale.order.items.map((i) => `${i.vhsysProductId}x${i.quantity}`).sort() }, found: { items: ['1x3'] } },
      { kind: 'status_differs', idPed: 500, expected: { status: sale.order.status, situacao: sale.order.situacaoId }, found: { status: 'Cancelado', situacao: sale.order.situacaoId } },
    ]);
  });

  it('reports invoice state: missing, not emitted, and an emitted NF-e the ledger lacks', () => {
    expect(wantsNfe).toBe(true);
    expect(compareSale(ledger, { pedido: live, items, nfe: null, notasOfPedido: [], ...noNfse }))
      .toEqual([{ kind: 'invoice_missing', idPed: 500, expected: { invoice: 'nfe', idVenda: 900, emitted: true }, found: null }]);
    expect(compareSale(ledger, { pedido: live, items, nfe: { ...nfe, emitted: false }, notasOfPedido: [], ...noNfse }))
      .toEqual([{ kind: 'invoice_not_emitted', idPed: 500, expected: { invoice: 'nfe', idVenda: 900, emitted: true }, found: { idVenda: 900, emitted: false } }]);
    expect(compareSale(ledger, { pedido: live, items, nfe, notasOfPedido: [nfe, { ...nfe, idVenda: 901 }, { ...nfe, idVenda: 902, emitted: false }], ...noNfse }))
      .toEqual([{ kind: 'invoice_unknown_to_ledger', idPed: 500, expected: { invoice: 'nfe', idVenda: 900 }, found: { idVenda: 901, emitted: true } }]);
  });

  it('finds nothing when the ledger\'s NFS-e is live and emitted in Vhsys', () => {
    expect(serviceSale.invoices.map((i) => i.kind)).toEqual(['nfse']);
    expect(compareSale(serviceLedger, { ...serviceSeen, nfse: nfseSeen, notasServicoOfSale: [nfseSeen] })).toEqual([]);
  });

  it('reports the ledger\'s NFS-e missing: unknown to Vhsys, in the lixeira, or never recorded', () => {
    expect(compareSale(serviceLedger, { ...serviceSeen, nfse: null, notasServicoOfSale: [] }))
      .toEqual([{ kind: 'invoice_missing', idPed: 600, expected: { invoice: 'nfse', idServico: 700, emitted: true }, found: null }]);
    expect(compareSale(serviceLedger, { ...serviceSeen, nfse: { ...nfseSeen, inLixeira: true }, notasServicoOfSale: [] }))
      .toEqual([{ kind: 'invoice_missing', idPed: 600, expected: { invoice: 'nfse', idServico: 700, emitted: true }, found: { idServico: 700, lixeira: true } }]);
    expect(compareSale({ ...serviceLedger, nfseIdServico: null, nfseEmitted: false }, { ...serviceSeen, nfse: null, notasServicoOfSale: [] }))
      .toEqual([{ kind: 'invoice_missing', idPed: 600, expected: { invoice: 'nfse', idServico: null, emitted: true }, found: null }]);
  });

  it('reports the ledger\'s NFS-e not emitted in Vhsys', () => {
    expect(compareSale(serviceLedger, { ...serviceSeen, nfse: { ...nfseSeen, emitted: false }, notasServicoOfSale: [] }))
      .toEqual([{ kind: 'invoice_not_emitted', idPed: 600, expected: { invoice: 'nfse', idServico: 700, emitted: true }, found: { idServico: 700, emitted: false } }]);
  });

  it('reports each emitted NFS-e of the sale that is not the ledger\'s', () => {
    const other = { ...nfseSeen, idServico: 701, idPedidoRef: null };
    expect(compareSale(serviceLedger, { ...serviceSeen, nfse: nfseSeen, notasServicoOfSale: [nfseSeen, other, { ...other, idServico: 702 }] })).toEqual([
      { kind: 'invoice_unknown_to_ledger', idPed: 600, expected: { invoice: 'nfse', idServico: 700 }, found: { idServico: 701, emitted: true } },
      { kind: 'invoice_unknown_to_ledger', idPed: 600, expected: { invoice: 'nfse', idServico: 700 }, found: { idServico: 702, emitted: true } },
    ]);
    // The ledger lacks the NFS-e altogether: the emitted one found is unknown to it, and its own is missing.
    expect(compareSale({ ...serviceLedger, nfseIdServico: null, nfseEmitted: false }, { ...serviceSeen, nfse: null, notasServicoOfSale: [nfseSeen] })).toEqual([
      { kind: 'invoice_missing', idPed: 600, expected: { invoice: 'nfse', idServico: null, emitted: true }, found: null },
      { kind: 'invoice_unknown_to_ledger', idPed: 600, expected: { invoice: 'nfse', idServico: null }, found: { idServico: 700, emitted: true } },
    ]);
  });

  it('wants no NFS-e of a refunded sale, but still reports an emitted one the ledger lacks', () => {
    const refunded = withStatus(serviceSale, 'refunded', 2);
    const ledgerOfRefund = { ...serviceLedger, desired: refunded, nfseIdServico: null, nfseEmitted: false } as LedgerRow;
    const cancelled = { ...serviceSeen.pedido, status: refunded.order.status };
    expect(compareSale(ledgerOfRefund, { ...serviceSeen, pedido: cancelled, nfse: null, notasServicoOfSale: [] })).toEqual([]);
    expect(compareSale(ledgerOfRefund, { ...serviceSeen, pedido: cancelled, nfse: null, notasServicoOfSale: [nfseSeen] }))
      .toEqual([{ kind: 'invoice_unknown_to_ledger', idPed: 600, expected: { invoice: 'nfse', idServico: null }, found: { idServico: 700, emitted: true } }]);
  });

  it('compares the NF-e and the NFS-e of a sale of goods and services, each on its own', () => {
    const mixed = buildSaleOrder({ accountId: 'acct-1', guruTransactionId: 'tx-3', catalog: CATALOG, seed: 9, productIndexes: [0, 2] });
    expect(mixed.invoices.map((i) => i.kind)).toEqual(['nfe', 'nfse']);
    const mixedLedger = { ...serviceLedger, desired: mixed, nfeIdVenda: 900, nfeEmitted: true } as LedgerRow;
    const pedido = { ...live, idPed: 600, totalCents: mixed.order.totalCents, status: mixed.order.status, situacao: mixed.order.situacaoId };
    const mixedItems = mixed.order.items.map((i) => ({ idProduto: i.vhsysProductId, quantity: i.quantity, totalCents: i.totalCents }));
    expect(compareSale(mixedLedger, { pedido, items: mixedItems, nfe, notasOfPedido: [nfe], nfse: nfseSeen, notasServicoOfSale: [nfseSeen] })).toEqual([]);
    expect(compareSale(mixedLedger, { pedido, items: mixedItems, nfe: null, notasOfPedido: [], nfse: { ...nfseSeen, emitted: false }, notasServicoOfSale: [] })).toEqual([
      { kind: 'invoice_missing', idPed: 600, expected: { invoice: 'nfe', idVenda: 900, emitted: true }, found: null },
      { kind: 'invoice_not_emitted', idPed: 600, expected: { invoice: 'nfse', idServico: 700, emitted: true }, found: { idServico: 700, emitted: false } },
    ]);
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

describe('NotasServicoIndex: the emitted NFS-e of a sale, by its pedido or its marker', () => {
  const nota = (idServico: number, idPedidoRef: number | null, obs: string, more: { emitted?: boolean; inLixeira?: boolean } = {}) =>
    ({ idServico, idPedidoRef, obs, emitted: more.emitted ?? true, inLixeira: more.inLixeira ?? false });

  it('finds a sale\'s notas by id_pedido_ref or by the marker as a whole token, each once, by id', () => {
    const index = new NotasServicoIndex();
    index.add(nota(12, 600, 'Guru: guru:tx-1'));
    index.add(nota(11, null, 'Serviço\nGuru: guru:tx-1'));
    index.add(nota(13, 601, 'Guru: guru:tx-10'));
    index.add(nota(14, 600, 'lançada à mão'));
    index.add(nota(15, 600, 'Guru: guru:tx-1', { emitted: false }));
    index.add(nota(16, null, 'Guru: guru:tx-1', { inLixeira: true }));
    expect(index.emittedOfSale(600, 'guru:tx-1').map((n) => n.idServico)).toEqual([11, 12, 14]);
    expect(index.emittedOfSale(601, 'guru:tx-10').map((n) => n.idServico)).toEqual([13]);
    expect(index.emittedOfSale(602, 'guru:tx')).toEqual([]);
  });

  it('scans for a marker that is not one token', () => {
    const index = new NotasServicoIndex();
    index.add(nota(21, null, 'Guru: guru:tx 1/a'));
    index.add(nota(22, null, 'Guru: guru:tx 1/ab'));
    expect(index.emittedOfSale(700, 'guru:tx 1/a').map((n) => n.idServico)).toEqual([21]);
  });
});
