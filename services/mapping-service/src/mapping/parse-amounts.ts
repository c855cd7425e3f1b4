import { MoneyFormatError, toCentsTolerant } from '@gv/brazil';
import { GURU_BOUNDS, type GuruMoney } from '@gv/contracts';
import { invalid, type Invalid } from './mapping-decision';
import type { ParsedTransaction } from './parse-transaction';

export interface LineAmount {
  quantity: number;
  /** Guru's unit_value in centavos, when given. */
  unitCents: number | null;
  /** The line's price: Guru's total_value, else quantity × unit_value. */
  lineCents: number;
}

export interface CouponTerms {
  code: string | null;
  incidenceType: string | null;
  incidenceField: string | null;
  /** incidence_value × 100: centavos for `value` coupons, hundredths of a percent for `percent`. */
  incidenceValueCents: number | null;
}

export interface SaleAmounts {
  /** payment.total: what the buyer paid. */
  paidCents: number;
  lines: LineAmount[];
  productsCents: number;
  /** payment.discount_value (0 when absent). */
  discountValueCents: number;
  /** shipping.value (0 when absent). */
  shippingCents: number;
  coupon: CouponTerms | null;
  /** payment.installments.interest as Guru reported it (informational; null when absent or unusable). */
  reportedInterestCents: number | null;
}

type Cents = { ok: true; cents: number | null } | Invalid;

/** Guru money to centavos (float noise tolerated); negative or unparsable → Invalid naming `field`. */
function readCents(value: GuruMoney, field: string): Cents {
  if (value === null) return { ok: true, cents: null };
  try {
    const cents = toCentsTolerant(value);
    if (cents < 0) return invalid(field, `must not be negative, got ${value}`);
    return { ok: true, cents };
  } catch (error) {
    if (error instanceof MoneyFormatError) return invalid(field, `unparsable money ${JSON.stringify(value)}: more than two decimal places or not a number`);
    throw error;
  }
}

function readOptionalCents(value: GuruMoney): number | null {
  try {
    return value === null ? null : toCentsTolerant(value);
  } catch {
    return null;
  }
}

/** Step 4: every amount the mapping uses, in exact centavos. */
export function parseAmounts(sale: ParsedTransaction): { ok: true; value: SaleAmounts } | Invalid {
  const { payment, shipping } = sale.transaction;
  const total = readCents(payment.total, 'transaction.payment.total');
  if (!total.ok) return total;
  if (total.cents === null) return invalid('transaction.payment.total', 'required');

  const lines: LineAmount[] = [];
  for (const item of sale.items) {
    const unit = readCents(item.unitValue, `${item.path}.unit_value`);
    if (!unit.ok) return unit;
    const lineTotal = readCents(item.totalValue, `${item.path}.total_value`);
    if (!lineTotal.ok) return lineTotal;
    const lineCents = lineTotal.cents ?? (unit.cents === null ? null : unit.cents * item.quantity);
    if (lineCents === null) return invalid(`${item.path}.total_value`, 'missing both unit_value and total_value');
    // Each amount is bounded by the schema; a line computed as quantity × unit_value is bounded
    // here, so the sum of the lines stays an exact integer (docs/mapping.md#bounds).
    if (lineCents > GURU_BOUNDS.maxMoneyCents) {
      return invalid(`${item.path}.unit_value`, `qty × unit_value is ${lineCents} centavos, above the bound of ${GURU_BOUNDS.maxMoneyCents} centavos (R$ 10.000.000,00)`);
    }
    lines.push({ quantity: item.quantity, unitCents: unit.cents, lineCents });
  }

  const discount = readCents(payment.discount_value, 'transaction.payment.discount_value');
  if (!discount.ok) return discount;
  const freight = readCents(shipping.value, 'transaction.shipping.value');
  if (!freight.ok) return freight;

  const coupon = payment.coupon
    ? {
        code: payment.coupon.coupon_code,
        incidenceType: payment.coupon.incidence_type,
        incidenceField: payment.coupon.incidence_field,
        incidenceValueCents: readOptionalCents(payment.coupon.incidence_value),
      }
    : null;

  return {
    ok: true,
    value: {
      paidCents: total.cents,
      lines,
      productsCents: lines.reduce((sum, line) => sum + line.lineCents, 0),
      discountValueCents: discount.cents ?? 0,
      shippingCents: freight.cents ?? 0,
      coupon,
      reportedInterestCents: readOptionalCents(payment.installments.interest),
    },
  };
}
