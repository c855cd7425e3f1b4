import type { OrderItem, ProductBilling } from '@gv/contracts';
import { buildInvoices } from './invoices';
import { NFE_SETTINGS, NFSE_SETTINGS } from './testing/golden-fixtures';

const billing = (kind: 'produto' | 'servico', issueInvoice = true, nfeOverride?: typeof NFE_SETTINGS): ProductBilling => ({
  guruProductCode: 'X', vhsysProductId: 1, description: null, kind, issueInvoice, active: true,
  nfe: kind === 'produto' ? nfeOverride ?? NFE_SETTINGS : null, nfse: kind === 'servico' ? NFSE_SETTINGS : null,
});
const line = (kind: 'produto' | 'servico', totalCents: number): OrderItem => ({
  guruProductCode: 'X', vhsysProductId: 1, description: 'x', kind, quantity: 1, unitValueCents: totalCents, discountCents: 0, totalCents,
});
const policy = { ambiente: 'homologacao' as const, issueWhen: 'on_approval' as const, onRefundAfterInvoice: 'manual_cancellation' as const };
const base = { statusGroup: 'approved' as const, status: 'approved', policy, warrantyUntil: null, now: new Date('2026-03-11T00:00:00Z'), hasAddress: true };

describe('buildInvoices', () => {
  it('NF-e for produto lines and NFS-e for serviço lines; discount over all lines, freight over produto lines', () => {
    const plan = buildInvoices({ ...base, items: [line('produto', 10000), line('servico', 5000), line('produto', 5000)], billings: [billing('produto'), billing('servico'), billing('produto')], discountCents: 1001, freightCents: 1500 });
    // Discount 1001 over 10000:5000:5000 → 500.5 / 250.25 / 250.25 → 501, 250, 250. Freight 1500 over produto 10000:5000 → 1000, 500.
    expect(plan).toEqual({
      invoices: [
        { kind: 'nfe', itemIndexes: [0, 2], totalCents: 10000 - 501 + 1000 + 5000 - 250 + 500, discountCents: 751, freightCents: 1500, settings: NFE_SETTINGS },
        { kind: 'nfse', itemIndexes: [1], totalCents: 4750, discountCents: 250, freightCents: 0, settings: NFSE_SETTINGS },
      ],
      invoicesDueAt: null,
      nfeWithheldForAddress: false,
    });
    expect(plan.invoices.reduce((s, i) => s + i.totalCents, 0)).toBe(20000 - 1001 + 1500);
  });

  it('different NF-e settings make separate NF-e', () => {
    const other = { ...NFE_SETTINGS, cfop: '6102' };
    const plan = buildInvoices({ ...base, items: [line('produto', 100), line('produto', 200)], billings: [billing('produto'), billing('produto', true, other)], discountCents: 0, freightCents: 0 });
    expect(plan.invoices.map((i) => [i.kind, i.itemIndexes, i.totalCents])).toEqual([['nfe', [0], 100], ['nfe', [1], 200]]);
  });

  it('lines with issueInvoice off are not invoiced', () => {
    const plan = buildInvoices({ ...base, items: [line('servico', 100), line('servico', 200)], billings: [billing('servico', false), billing('servico')], discountCents: 30, freightCents: 0 });
    expect(plan.invoices).toEqual([{ kind: 'nfse', itemIndexes: [1], totalCents: 180, discountCents: 20, freightCents: 0, settings: NFSE_SETTINGS }]);
  });

  it('none for statuses other than the approved group', () => {
    for (const statusGroup of ['pending', 'canceled', 'refunded'] as const) {
      expect(buildInvoices({ ...base, statusGroup, items: [line('servico', 100)], billings: [billing('servico')], discountCents: 0, freightCents: 0 }).invoices).toEqual([]);
    }
  });

  it('after_warranty waits for warranty_until', () => {
    const afterWarranty = { ...policy, issueWhen: 'after_warranty' as const };
    const args = { ...base, policy: afterWarranty, warrantyUntil: '2026-03-17T14:03:00.000Z', items: [line('servico', 100)], billings: [billing('servico')], discountCents: 0, freightCents: 0 };
    expect(buildInvoices(args)).toEqual({ invoices: [], invoicesDueAt: '2026-03-17T14:03:00.000Z', nfeWithheldForAddress: false });
    expect(buildInvoices({ ...args, now: new Date('2026-03-17T14:03:00Z') }).invoices).toHaveLength(1);
    expect(buildInvoices({ ...args, warrantyUntil: null }).invoices).toHaveLength(1);
  });

  it('withholds the NF-e without an address', () => {
    const plan = buildInvoices({ ...base, hasAddress: false, items: [line('produto', 100), line('servico', 100)], billings: [billing('produto'), billing('servico')], discountCents: 0, freightCents: 0 });
    expect(plan.invoices.map((i) => i.kind)).toEqual(['nfse']);
    expect(plan.nfeWithheldForAddress).toBe(true);
  });
});
