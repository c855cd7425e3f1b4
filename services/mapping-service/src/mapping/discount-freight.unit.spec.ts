import { couponDiscountCents, resolveDiscountAndFreight } from './discount-freight';

const coupon = (incidenceType: string, incidenceField: string, incidenceValueCents: number) => ({ code: 'C', incidenceType, incidenceField, incidenceValueCents });

describe('couponDiscountCents', () => {
  it('percent of products, half-up', () => {
    expect(couponDiscountCents(coupon('percent', 'products', 1000), 54400, 0)).toBe(5440);
    expect(couponDiscountCents(coupon('percent', 'products', 1500), 8990, 0)).toBe(1349); // 1348.5 → 1349
  });
  it('value, capped at its base', () => {
    expect(couponDiscountCents(coupon('value', 'products', 2000), 4700, 0)).toBe(2000);
    expect(couponDiscountCents(coupon('value', 'products', 9000), 4700, 0)).toBe(4700);
  });
  it('shipping and total bases', () => {
    expect(couponDiscountCents(coupon('percent', 'shipping', 10000), 8990, 2290)).toBe(2290);
    expect(couponDiscountCents(coupon('percent', 'total', 1000), 8990, 2290)).toBe(1128);
  });
});

describe('resolveDiscountAndFreight', () => {
  it('prefers payment.discount_value', () => {
    expect(resolveDiscountAndFreight({ productsCents: 54400, discountValueCents: 5000, shippingCents: 0, coupon: coupon('percent', 'products', 1000) })).toEqual({ discountCents: 5000, freightCents: 0, source: 'discount_value' });
  });
  it('falls back to the coupon', () => {
    expect(resolveDiscountAndFreight({ productsCents: 54400, discountValueCents: 0, shippingCents: 0, coupon: coupon('percent', 'products', 1000) })).toEqual({ discountCents: 5440, freightCents: 0, source: 'coupon' });
  });
  it('a shipping coupon reduces the freight, only the excess stays a discount', () => {
    expect(resolveDiscountAndFreight({ productsCents: 8990, discountValueCents: 2290, shippingCents: 2290, coupon: coupon('percent', 'shipping', 10000) })).toEqual({ discountCents: 0, freightCents: 0, source: 'discount_value' });
    expect(resolveDiscountAndFreight({ productsCents: 8990, discountValueCents: 3000, shippingCents: 2290, coupon: coupon('value', 'shipping', 3000) })).toEqual({ discountCents: 710, freightCents: 0, source: 'discount_value' });
  });
  it('no discount at all', () => {
    expect(resolveDiscountAndFreight({ productsCents: 100, discountValueCents: 0, shippingCents: 50, coupon: null })).toEqual({ discountCents: 0, freightCents: 50, source: 'none' });
  });
});
