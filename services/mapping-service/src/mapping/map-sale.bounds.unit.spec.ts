import { mapSale, type MappingDecision } from './map-sale';
import { ACCOUNT_ID, SALE_ID, asCardSale, baseBody, eventOf, goldenConfig, item, type FixtureBody } from './testing/golden-fixtures';

/** Bounds on hostile Guru input (docs/mapping.md#bounds): refused naming the field and the bound, in well under a second. */
const NOW = new Date('2026-03-11T00:00:00Z');

function map(body: unknown, config = goldenConfig()): MappingDecision {
  return mapSale({ event: eventOf(body), config, now: NOW });
}

function loose(body: FixtureBody): Record<string, any> {
  return JSON.parse(JSON.stringify(body)) as Record<string, any>;
}

describe('mapSale bounds', () => {
  it('the poison sale: 100000000 installments with "Enviar parcelas" on is invalid, not an out-of-memory abort', () => {
    const body = asCardSale(baseBody(), 100000000, 497, 0, 0);
    const started = Date.now();
    const decision = map(body, goldenConfig({ enviarParcelas: true }));
    expect(decision).toEqual({
      kind: 'invalid',
      field: 'transaction.payment.installments.qty',
      reason: '100000000 is above the bound of 24 installments',
      accountId: ACCOUNT_ID,
      guruTransactionId: SALE_ID,
    });
    // Before the bound this call allocated 10⁸ parcelas (V8 aborted with out of memory).
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('24 installments, the ceiling, still map', () => {
    const decision = map(asCardSale(baseBody(), 24, 497, 20.71, 0), goldenConfig({ enviarParcelas: true }));
    expect(decision.kind === 'order' && decision.order.order.installments.length).toBe(24);
  });

  it('a line computed as qty × unit_value above R$ 10 million is invalid at its unit_value', () => {
    const body = loose(baseBody());
    body.items = [{ ...item('CURSO', 'Curso', 1, 497), qty: 10000, unit_value: 100000.01, total_value: null }];
    expect(map(body)).toMatchObject({
      kind: 'invalid',
      field: 'transaction.items.0.unit_value',
      reason: 'qty × unit_value is 100000010000 centavos, above the bound of 1000000000 centavos (R$ 10.000.000,00)',
    });
  });

  it('a percent coupon above 100 % takes the whole base, exactly', () => {
    const body = loose(baseBody());
    body.payment.discount_value = 0;
    body.payment.total = 0.01;
    body.payment.coupon = { coupon_code: 'ALL', incidence_type: 'percent', incidence_field: 'products', incidence_value: 9999999 };
    const decision = map(body);
    expect(decision.kind).toBe('order');
    if (decision.kind === 'order') expect(decision.order.order).toMatchObject({ discountCents: 49700, interestCents: 1, totalCents: 1 });
  });

  it('statuses named like Object.prototype members are unknown statuses, not a crash', () => {
    for (const status of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const body = loose(baseBody());
      body.status = status;
      expect(map(body)).toMatchObject({ kind: 'result', result: { outcome: 'ignored', reason: `status_ignored:${status.toLowerCase()}` } });
    }
    const body = loose(baseBody());
    body.payment.method = 'constructor';
    const decision = map(body);
    expect(decision.kind === 'order' && decision.order.order.observation).toContain('Pagamento: constructor em 1x');
  });

  it('Unix-seconds dates far out of range are invalid, not a RangeError', () => {
    const body = loose(baseBody());
    body.dates.confirmed_at = 1e20;
    expect(map(body)).toMatchObject({ kind: 'invalid', field: 'transaction.dates.confirmed_at', guruTransactionId: SALE_ID });
  });

  it('a long e-mail without a second "@" is unusable at once (no quadratic backtracking)', () => {
    const body = loose(baseBody());
    body.contact.email = `a@${'.'.repeat(1000)}`;
    const decision = map(body);
    expect(decision.kind === 'order' && decision.warnings.map((w) => w.code)).toContain('customer_email_unusable');
  });
});
