import { AUDIT_FINDING_KINDS, isRepairableFinding } from './audit-result';

describe('isRepairableFinding', () => {
  it('by kind, except an NF-e held as emitted that Vhsys shows not emitted', () => {
    const byKind = Object.fromEntries(AUDIT_FINDING_KINDS.map((kind) => [kind, isRepairableFinding({ kind, expected: { invoice: 'nfse' } })]));
    expect(byKind).toEqual({
      pedido_missing: true, pedido_in_lixeira: true, total_differs: true, items_differ: false, status_differs: true,
      invoice_missing: true, invoice_not_emitted: true, invoice_unknown_to_ledger: false, unknown_marked_pedido: false,
    });
    expect(isRepairableFinding({ kind: 'invoice_not_emitted', expected: { invoice: 'nfe', idVenda: 7, emitted: true } })).toBe(false);
    expect(isRepairableFinding({ kind: 'invoice_missing', expected: { invoice: 'nfe' } })).toBe(true);
    expect(isRepairableFinding({ kind: 'total_differs', expected: null })).toBe(true);
  });
});
