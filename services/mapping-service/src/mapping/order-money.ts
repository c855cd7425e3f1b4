import { allocateCents } from '@gv/brazil';

export interface MoneyLine {
  quantity: number;
  /** Guru's unit value, kept on the order when it still fits the line total. */
  unitCents: number | null;
  /** The line's price before interest. */
  lineCents: number;
}

/** An order line exact to the centavo: quantity × unitValueCents − discountCents = totalCents. */
export interface ExactLine {
  quantity: number;
  unitValueCents: number;
  discountCents: number;
  totalCents: number;
}

export interface OrderMoney {
  lines: ExactLine[];
  itemsTotalCents: number;
  discountCents: number;
  freightCents: number;
  /** Interest spread into the lines (0 unless includeInterest). */
  interestCents: number;
  /** itemsTotalCents − discountCents + freightCents. */
  totalCents: number;
  /** What the buyer paid below items − discount + freight, added to the discount. */
  shortfallCents: number;
  /** What the buyer paid above items − discount + freight and the order leaves out (includeInterest off). */
  surplusLeftOutCents: number;
}

/**
 * The unit value and line discount for a line total:
 * - Guru's unit value is kept when quantity × unit ≥ total; the difference is the line discount;
 * - otherwise unit = ⌈total / quantity⌉ and the line discount = quantity × unit − total, which is
 *   less than `quantity` centavos (e.g. 3 × R$ 33.34 − R$ 0.02 = R$ 100.00).
 */
export function exactLine(quantity: number, totalCents: number, preferredUnitCents: number | null): ExactLine {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new Error('quantity must be a positive integer');
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) throw new Error('line total must be non-negative centavos');
  if (preferredUnitCents !== null && preferredUnitCents * quantity >= totalCents) {
    return { quantity, unitValueCents: preferredUnitCents, discountCents: preferredUnitCents * quantity - totalCents, totalCents };
  }
  const unit = Math.ceil(totalCents / quantity);
  return { quantity, unitValueCents: unit, discountCents: unit * quantity - totalCents, totalCents };
}

/**
 * The order's money, exact to the centavo.
 *
 * base = Σ lines − discount + freight (the product prices); gap = paid − base.
 * - gap > 0 is installment interest (payment.total is trusted over payment.installments.interest).
 *   With includeInterest it is spread over the lines in proportion to their prices (largest
 *   remainder, ties to the earlier line), so the order total equals what the buyer paid; without
 *   it the order carries the product prices and the gap is left out.
 * - gap < 0 (the buyer paid less than the prices say) is added to the discount, in both modes, so
 *   the order never claims more than was paid.
 * - The order discount never exceeds the items total: any excess comes off the freight instead.
 *
 * Precondition: discountCents ≤ Σ lines + freightCents (checked by the caller, which reports it).
 */
export function computeOrderMoney(input: {
  lines: MoneyLine[];
  discountCents: number;
  freightCents: number;
  paidCents: number;
  includeInterest: boolean;
}): OrderMoney {
  const { lines, paidCents, includeInterest } = input;
  if (lines.length === 0) throw new Error('an order needs at least one line');
  const productsCents = lines.reduce((sum, line) => sum + line.lineCents, 0);
  const base = productsCents - input.discountCents + input.freightCents;
  if (base < 0) throw new Error('discount exceeds products + freight');
  const gap = paidCents - base;
  const shortfallCents = gap < 0 ? -gap : 0;
  const interestCents = includeInterest && gap > 0 ? gap : 0;
  const surplusLeftOutCents = !includeInterest && gap > 0 ? gap : 0;

  const shares = allocateCents(interestCents, lines.map((line) => line.lineCents));
  const exact = lines.map((line, i) => exactLine(line.quantity, line.lineCents + shares[i], line.unitCents));
  const itemsTotalCents = exact.reduce((sum, line) => sum + line.totalCents, 0);

  let discountCents = input.discountCents + shortfallCents;
  let freightCents = input.freightCents;
  if (discountCents > itemsTotalCents) {
    freightCents -= discountCents - itemsTotalCents;
    discountCents = itemsTotalCents;
  }
  return {
    lines: exact,
    itemsTotalCents,
    discountCents,
    freightCents,
    interestCents,
    totalCents: itemsTotalCents - discountCents + freightCents,
    shortfallCents,
    surplusLeftOutCents,
  };
}
