import { InvoicePolicySchema, NfseSettingsSchema, ProductBillingSchema, VHSYS_FORMAS_PAGAMENTO, VHSYS_ORDER_STATUSES } from '@gv/contracts';
import { settingsEnumerations } from './enumerations';

describe('settingsEnumerations (the console drop-downs)', () => {
  const lists = settingsEnumerations();

  it('offers exactly the Vhsys values the settings accept, in their order', () => {
    expect(lists.formasPagamento).toEqual([...VHSYS_FORMAS_PAGAMENTO]);
    expect(lists.orderStatuses).toEqual([...VHSYS_ORDER_STATUSES]);
    expect(lists.productKinds.map((k) => k.value)).toEqual(ProductBillingSchema.shape.kind.options);
    expect(lists.ambientes.map((a) => a.value)).toEqual(['producao', 'homologacao']);
  });

  it("names Guru's methods and statuses with the seed's wording", () => {
    expect(lists.guruPaymentMethods).toEqual([
      { value: 'billet', label: 'Boleto Bancário' }, { value: 'credit_card', label: 'Cartão de Crédito' },
      { value: 'paypal', label: 'Paypal' }, { value: 'pix', label: 'PIX' },
    ]);
    expect(lists.guruStatusGroups.map((g) => g.label)).toEqual(['Aprovada', 'Cancelada/Expirada', 'Pendente', 'Reembolsada']);
    expect(lists.guruStatuses).toHaveLength(24);
    expect(lists.guruStatuses.filter((s) => ['waiting_payment', 'approved', 'refunded'].includes(s.value))).toEqual([
      { value: 'waiting_payment', label: 'Ag. Pagamento' }, { value: 'approved', label: 'Aprovada' }, { value: 'refunded', label: 'Reembolsada' },
    ]);
  });

  it('offers every NFS-e natureza and regime the schema accepts, and no other', () => {
    const nfse = (over: Record<string, unknown>) => NfseSettingsSchema.safeParse({ serie: 1, naturezaOperacao: 1, codigoServico: '08.02', aliquotaIss: '2.00', regime: 1, ...over }).success;
    expect(lists.nfseNaturezas.map((n) => n.value)).toEqual([1, 2, 3, 4, 5]);
    for (const n of lists.nfseNaturezas) expect(nfse({ naturezaOperacao: n.value })).toBe(true);
    expect([nfse({ naturezaOperacao: 0 }), nfse({ naturezaOperacao: 6 })]).toEqual([false, false]);
    expect(lists.nfseRegimes.map((r) => r.value)).toEqual([1, 2]);
    for (const r of lists.nfseRegimes) expect(nfse({ regime: r.value })).toBe(true);
    expect(nfse({ regime: 3 })).toBe(false);
    for (const w of lists.issueWhen) expect(InvoicePolicySchema.shape.issueWhen.safeParse(w.value).success).toBe(true);
    for (const o of lists.onRefundAfterInvoice) expect(InvoicePolicySchema.shape.onRefundAfterInvoice.safeParse(o.value).success).toBe(true);
  });
});
