import type { CouponTerms } from './parse-amounts';

export interface DiscountAndFreight {
  /** Order discount (Vhsys desconto_pedido), centavos. */
  discountCents: number;
  /** Order freight (Vhsys frete_pedido), centavos. */
  freightCents: number;
  /** Where the discount came from. */
  source: 'discount_value' | 'coupon' | 'none';
}

/**
 * Half-up rounding of base × hundredthsOfPercent / 10000, in integers. Above 100 % the discount is
 * the whole base anyway (the caller caps it), and capping the percentage keeps the product exact:
 * base ≤ 100 lines × R$ 10 million = 10¹¹ centavos, × 10⁴ < 2⁵³ (docs/mapping.md#bounds).
 */
function percentOf(baseCents: number, hundredthsOfPercent: number): number {
  return Math.floor((baseCents * Math.min(hundredthsOfPercent, 10000) + 5000) / 10000);
}

/**
 * The coupon's discount when Guru did not send `payment.discount_value`: `percent` coupons take
 * incidence_value % of the base (half-up to the centavo), `value` coupons take incidence_value,
 * never more than the base. Base: products (incidence `products` or absent), freight (`shipping`),
 * products + freight (`total`). `final_value` is not used: its meaning is not documented.
 */
export function couponDiscountCents(coupon: CouponTerms, productsCents: number, shippingCents: number): number {
  if (coupon.incidenceValueCents === null || coupon.incidenceValueCents <= 0) return 0;
  const base = coupon.incidenceField === 'shipping' ? shippingCents : coupon.incidenceField === 'total' ? productsCents + shippingCents : productsCents;
  const discount = coupon.incidenceType === 'percent' ? percentOf(base, coupon.incidenceValueCents) : coupon.incidenceValueCents;
  return Math.min(discount, base);
}

/**
 * Discount and freight of the order:
 * - the discount is `payment.discount_value` when it is above 0, else the coupon's discount
 *   (couponDiscountCents), else 0;
 * - freight is `shipping.value` (0 when absent);
 * - a coupon whose incidence is `shipping` reduces the freight instead: the discount goes off the
 *   freight (down to 0) and only what exceeds the freight stays an order discount.
 */
export function resolveDiscountAndFreight(input: {
  productsCents: number;
  discountValueCents: number;
  shippingCents: number;
  coupon: CouponTerms | null;
}): DiscountAndFreight {
  const { productsCents, discountValueCents, shippingCents, coupon } = input;
  let discount = discountValueCents;
  let source: DiscountAndFreight['source'] = discount > 0 ? 'discount_value' : 'none';
  if (discount === 0 && coupon) {
    discount = couponDiscountCents(coupon, productsCents, shippingCents);
    if (discount > 0) source = 'coupon';
  }
  if (coupon?.incidenceField === 'shipping') {
    const offFreight = Math.min(discount, shippingCents);
    return { discountCents: discount - offFreight, freightCents: shippingCents - offFreight, source };
  }
  return { discountCents: discount, freightCents: shippingCents, source };
}
