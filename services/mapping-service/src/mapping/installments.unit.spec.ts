import { buildInstallments, formaPagamentoFor } from './installments';

describe('buildInstallments', () => {
  it('none when "Enviar parcelas" is off', () => {
    expect(buildInstallments({ enabled: false, count: 3, totalCents: 10000, firstDueAt: '2026-01-31T12:00:00Z', formaPagamento: 'Boleto', statusGroup: 'approved' })).toEqual([]);
  });

  it('monthly from the confirmation date in Brasília, clamped; leftover centavos first', () => {
    expect(buildInstallments({ enabled: true, count: 3, totalCents: 10000, firstDueAt: '2026-02-01T02:00:00Z', formaPagamento: 'Cartão de Crédito', statusGroup: 'approved' })).toEqual([
      { number: 1, dueDate: '2026-01-31', valueCents: 3334, formaPagamento: 'Cartão de Crédito', paid: true },
      { number: 2, dueDate: '2026-02-28', valueCents: 3333, formaPagamento: 'Cartão de Crédito', paid: true },
      { number: 3, dueDate: '2026-03-31', valueCents: 3333, formaPagamento: 'Cartão de Crédito', paid: true },
    ]);
  });

  it('unpaid unless the payment was confirmed', () => {
    const paid = (statusGroup: 'approved' | 'pending' | 'canceled' | 'refunded') =>
      buildInstallments({ enabled: true, count: 1, totalCents: 1, firstDueAt: '2026-03-10T12:00:00Z', formaPagamento: null, statusGroup })[0].paid;
    expect([paid('approved'), paid('refunded'), paid('pending'), paid('canceled')]).toEqual([true, true, false, false]);
  });
});

describe('formaPagamentoFor', () => {
  const methods = { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: null, pix: 'PIX' } as const;
  it('uses the account mapping for the four methods, null otherwise', () => {
    expect(formaPagamentoFor('billet', methods)).toBe('Boleto');
    expect(formaPagamentoFor('paypal', methods)).toBeNull();
    expect(formaPagamentoFor('nupay', methods)).toBeNull();
    expect(formaPagamentoFor(null, methods)).toBeNull();
  });
});
