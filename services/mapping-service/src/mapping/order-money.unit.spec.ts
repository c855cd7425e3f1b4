import fc from 'fast-check';
import { splitInstallments } from '@gv/brazil';
import { computeOrderMoney, exactLine, type MoneyLine } from './order-money';

describe('exactLine', () => {
  it('keeps Guru\'s unit when it covers the total; the difference is the line discount', () => {
    expect(exactLine(3, 38970, 12990)).toEqual({ quantity: 3, unitValueCents: 12990, discountCents: 0, totalCents: 38970 });
    expect(exactLine(2, 15000, 10000)).toEqual({ quantity: 2, unitValueCents: 10000, discountCents: 5000, totalCents: 15000 });
  });

  it('otherwise rounds the unit up and discounts less than one centavo per unit', () => {
    expect(exactLine(3, 10000, null)).toEqual({ quantity: 3, unitValueCents: 3334, discountCents: 2, totalCents: 10000 });
    expect(exactLine(3, 45904, 12990)).toEqual({ quantity: 3, unitValueCents: 15302, discountCents: 2, totalCents: 45904 });
    expect(exactLine(7, 0, null)).toEqual({ quantity: 7, unitValueCents: 0, discountCents: 0, totalCents: 0 });
  });
});

describe('computeOrderMoney golden', () => {
  const lines: MoneyLine[] = [
    { quantity: 3, unitCents: 12990, lineCents: 38970 },
    { quantity: 1, unitCents: 4700, lineCents: 4700 },
  ];

  it('interest on: spread by price, largest remainder', () => {
    expect(computeOrderMoney({ lines, discountCents: 0, freightCents: 1590, paidCents: 53030, includeInterest: true })).toEqual({
      lines: [
        { quantity: 3, unitValueCents: 15302, discountCents: 2, totalCents: 45904 },
        { quantity: 1, unitValueCents: 5536, discountCents: 0, totalCents: 5536 },
      ],
      itemsTotalCents: 51440,
      discountCents: 0,
      freightCents: 1590,
      interestCents: 7770,
      totalCents: 53030,
      shortfallCents: 0,
      surplusLeftOutCents: 0,
    });
  });

  it('interest off: product prices, the interest is left out', () => {
    expect(computeOrderMoney({ lines, discountCents: 0, freightCents: 1590, paidCents: 53030, includeInterest: false })).toMatchObject({
      itemsTotalCents: 43670, totalCents: 45260, interestCents: 0, surplusLeftOutCents: 7770,
    });
  });

  it('a discount larger than the items comes off the freight', () => {
    // Items 1000, freight 2000, discount 1500 → paid 1500.
    expect(computeOrderMoney({ lines: [{ quantity: 1, unitCents: 1000, lineCents: 1000 }], discountCents: 1500, freightCents: 2000, paidCents: 1500, includeInterest: true })).toMatchObject({
      itemsTotalCents: 1000, discountCents: 1000, freightCents: 1500, totalCents: 1500,
    });
  });
});

describe('computeOrderMoney property: everything sums exactly', () => {
  const line = fc
    .record({ quantity: fc.integer({ min: 1, max: 12 }), unitCents: fc.integer({ min: 0, max: 500_000 }), lineDiscount: fc.integer({ min: 0, max: 5_000 }), keepUnit: fc.boolean() })
    .map(({ quantity, unitCents, lineDiscount, keepUnit }): MoneyLine => {
      const gross = quantity * unitCents;
      return { quantity, unitCents: keepUnit ? unitCents : null, lineCents: Math.max(0, gross - lineDiscount) };
    });

  it('for random prices, quantities, discounts, freight, interest, shortfalls and installment counts', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -20_000, max: 200_000 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        (lines, freight, discountShare, gapDraw, includeInterest, installments) => {
          const products = lines.reduce((s, l) => s + l.lineCents, 0);
          const discount = Math.floor((products + freight) * discountShare);
          const base = products - discount + freight;
          const paid = Math.max(1, base + gapDraw);
          const money = computeOrderMoney({ lines, discountCents: discount, freightCents: freight, paidCents: paid, includeInterest });

          for (const l of money.lines) {
            expect(l.quantity * l.unitValueCents - l.discountCents).toBe(l.totalCents);
            expect(l.unitValueCents).toBeGreaterThanOrEqual(0);
            expect(l.discountCents).toBeGreaterThanOrEqual(0);
          }
          expect(money.lines.reduce((s, l) => s + l.totalCents, 0)).toBe(money.itemsTotalCents);
          expect(money.itemsTotalCents - money.discountCents + money.freightCents).toBe(money.totalCents);
          expect(money.discountCents).toBeLessThanOrEqual(money.itemsTotalCents);
          expect(money.freightCents).toBeGreaterThanOrEqual(0);
          // With interest the order is what the buyer paid; without, the prices (never above what was paid).
          expect(money.totalCents).toBe(includeInterest ? paid : Math.min(paid, base));
          if (includeInterest) expect(money.itemsTotalCents).toBe(products + money.interestCents);
          const parcelas = splitInstallments(money.totalCents, installments);
          expect(parcelas.reduce((a, b) => a + b, 0)).toBe(money.totalCents);
        },
      ),
      { numRuns: 500 },
    );
  });
});
