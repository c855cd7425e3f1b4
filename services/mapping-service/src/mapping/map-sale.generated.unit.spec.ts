import fc from 'fast-check';
import { toCentsTolerant } from '@gv/brazil';
import { SaleOrderSchema, type SaleOrder } from '@gv/contracts';
import { buildIntegrationConfig, generateSale, generateStatusChange, GENERATED_PAYMENT_METHODS } from '@gv/guru-sale-generator';
import { mapSale, type MappingDecision } from './map-sale';
import { moneyInvariants } from './testing/golden-fixtures';

const NOW = new Date('2026-06-01T00:00:00Z');

function orderOf(decision: MappingDecision): SaleOrder {
  if (decision.kind !== 'order') throw new Error(`expected an order, got ${JSON.stringify(decision)}`);
  return decision.order;
}

describe('golden: generated 12x card sale with order bump, coupon and freight', () => {
  const event = generateSale({
    seed: 2024,
    method: 'credit_card',
    installments: 12,
    productCode: 'KIT-BICOS',
    quantity: 2,
    orderBumpCodes: ['PLANNER-2026'],
    coupon: { code: 'BEMVINDO10', type: 'percent', field: 'products', percent: 10 },
    freightCents: 2290,
    variants: 'canonical',
    orderedAt: '2026-01-31T15:00:00Z',
  });

  it('the generator is reproducible', () => {
    const t = event.transaction as Record<string, any>;
    expect(t.id).toBe('cbaa8a52-7bac-4177-a209-fe4e05686b1a');
    // Products 2 × 129,90 + 59,90 = 319,70; coupon 10% = 31,97; freight 22,90; principal 310,63;
    // 12 × 31,19 (2.99% a month) = 374,28, interest 63,65.
    expect(t.payment).toMatchObject({ total: 374.28, discount_value: 31.97, installments: { qty: 12, value: 31.19, interest: 63.65 } });
    expect(generateSale({ seed: 2024, method: 'credit_card', installments: 12, productCode: 'KIT-BICOS', quantity: 2, orderBumpCodes: ['PLANNER-2026'], coupon: { code: 'BEMVINDO10', type: 'percent', field: 'products', percent: 10 }, freightCents: 2290, variants: 'canonical', orderedAt: '2026-01-31T15:00:00Z' })).toEqual(event);
  });

  it('interest on: exact items, one NF-e, 12 parcelas from Jan 31 clamped to month ends', () => {
    const order = orderOf(mapSale({ event, config: buildIntegrationConfig(), now: NOW }));
    expect(order.customer).toMatchObject({ tipoPessoa: 'PF', document: '65471448367', phone: '21949181158' });
    expect(order.order.items.map((i) => [i.guruProductCode, i.quantity, i.unitValueCents, i.discountCents, i.totalCents])).toEqual([
      ['KIT-BICOS', 2, 15576, 0, 31152], // 25980 + 5172 interest
      ['PLANNER-2026', 1, 7183, 0, 7183], // 5990 + 1193 interest (largest remainder)
    ]);
    expect(order.order).toMatchObject({ itemsTotalCents: 38335, discountCents: 3197, freightCents: 2290, totalCents: 37428, interestCents: 6365 });
    expect(order.order.installments.map((p) => p.dueDate)).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30',
      '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31',
    ]);
    expect(new Set(order.order.installments.map((p) => p.valueCents))).toEqual(new Set([3119]));
    expect(order.invoices).toEqual([
      { kind: 'nfe', itemIndexes: [0, 1], totalCents: 37428, discountCents: 3197, freightCents: 2290, settings: { naturezaOperacao: 'Venda de mercadoria', cfop: '5102', serie: 1 } },
    ]);
  });

  it('interest off: product prices, 31063 in 12 parcelas (7 leftover centavos on the first)', () => {
    const order = orderOf(mapSale({ event, config: buildIntegrationConfig({ criarVendaComJuros: false }), now: NOW }));
    expect(order.order.items.map((i) => [i.quantity, i.unitValueCents, i.totalCents])).toEqual([[2, 12990, 25980], [1, 5990, 5990]]);
    expect(order.order).toMatchObject({ itemsTotalCents: 31970, discountCents: 3197, freightCents: 2290, totalCents: 31063, interestCents: 0 });
    expect(order.order.installments.map((p) => p.valueCents)).toEqual([2589, 2589, 2589, 2589, 2589, 2589, 2589, 2588, 2588, 2588, 2588, 2588]);
  });
});

describe('generated life cycle: pending → approved → refunded, delivered out of order and twice', () => {
  const config = buildIntegrationConfig();
  const pending = generateSale({ seed: 77, method: 'billet', status: 'billet_printed', orderedAt: '2026-03-02T10:00:00Z' });
  const approved = generateStatusChange(pending, 'approved', '2026-03-03T12:00:00Z');
  const refunded = generateStatusChange(approved, 'refunded', '2026-03-05T09:30:00Z');

  it('revisions follow Guru\'s order, whatever the delivery order', () => {
    const delivered = [refunded, pending, approved, approved].map((event) => orderOf(mapSale({ event, config, now: NOW })));
    const [r, p, a, again] = delivered;
    expect(p.revision).toBeLessThan(a.revision);
    expect(a.revision).toBeLessThan(r.revision);
    expect(again).toEqual(a);
    expect([p.order.status, a.order.status, r.order.status]).toEqual(['Em Aberto', 'Atendido', 'Cancelado']);
    expect([p.order.installments[0].paid, a.order.installments[0].paid]).toEqual([false, true]);
    expect(a.order.installments[0].dueDate).toBe('2026-03-03');
    expect(r.invoices).toEqual([]);
    expect(a.invoices.length).toBeGreaterThan(0);
  });
});

describe('property: every generated sale maps to an exact order', () => {
  const options = fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    method: fc.constantFrom(...GENERATED_PAYMENT_METHODS),
    installments: fc.integer({ min: 1, max: 12 }),
    juros: fc.boolean(),
    parcelas: fc.boolean(),
    buyer: fc.constantFrom('cpf' as const, 'cnpj' as const),
    status: fc.constantFrom('approved', 'completed', 'waiting_payment', 'billet_printed', 'expired', 'refunded', 'chargeback'),
  });

  it('items, discount and freight sum to the total; parcelas sum to the total; interest on → total = payment.total', () => {
    fc.assert(
      fc.property(options, (o) => {
        const event = generateSale({ seed: o.seed, method: o.method, installments: o.method === 'credit_card' ? o.installments : 1, buyer: o.buyer, status: o.status });
        const config = buildIntegrationConfig({ criarVendaComJuros: o.juros, enviarParcelas: o.parcelas });
        const decision = mapSale({ event, config, now: NOW });
        const order = orderOf(decision);
        expect(SaleOrderSchema.safeParse(order).success).toBe(true);
        expect(moneyInvariants(order)).toEqual([]);
        const payment = (event.transaction as Record<string, any>).payment;
        const paid = toCentsTolerant(payment.total);
        const interest = toCentsTolerant((payment.installments ?? payment.instalments).interest);
        expect(order.order.totalCents).toBe(o.juros ? paid : paid - interest);
        expect(order.order.interestCents).toBe(o.juros ? interest : 0);
        expect(order.order.installments.length).toBe(o.parcelas ? (o.method === 'credit_card' ? o.installments : 1) : 0);
        if (order.invoices.length > 0) expect(order.invoices.reduce((s, i) => s + i.totalCents, 0)).toBe(order.order.totalCents);
        expect(decision.kind === 'order' && decision.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
