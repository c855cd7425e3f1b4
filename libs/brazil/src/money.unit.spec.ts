import fc from 'fast-check';
import { allocateCents, centsToDecimalString, MoneyFormatError, splitInstallments, toCents, toCentsTolerant } from './money';

describe('toCents (existing behaviour)', () => {
  it('parses reais exactly', () => {
    expect(toCents(19.9)).toBe(1990);
    expect(toCents('19.900000')).toBe(1990);
    expect(toCents(0.1)).toBe(10);
    expect(toCents('1.005', 'half-up')).toBe(101);
    expect(() => toCents('1.005')).toThrow(MoneyFormatError);
    expect(centsToDecimalString(1990)).toBe('19.90');
    expect(centsToDecimalString(-5)).toBe('-0.05');
  });
});

describe('toCentsTolerant', () => {
  it.each([
    [0.30000000000000004, 30],
    [0.1 + 0.2, 30],
    ['19.899999999999999', 1990],
    [497.00000000000006, 49700],
    ['497.000000', 49700],
    [129.9 * 3, 38970],
    [-0.30000000000000004, -30],
    [1e-9, 0],
    ['0', 0],
  ])('%s → %s', (input, expected) => {
    expect(toCentsTolerant(input)).toBe(expected);
  });

  it.each(['19.995', '12.345', 'abc', '', '1,50', '0.0000001'])('rejects %s', (input) => {
    expect(() => toCentsTolerant(input)).toThrow(MoneyFormatError);
  });

  it('agrees with float arithmetic on sums of 2-decimal values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 10 }), (cents) => {
        const floatSum = cents.reduce((sum, c) => sum + c / 100, 0);
        expect(toCentsTolerant(floatSum)).toBe(cents.reduce((a, b) => a + b, 0));
      }),
    );
  });
});

describe('allocateCents and splitInstallments (property)', () => {
  it('allocation sums exactly and stays within one centavo of the exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateCents(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const weightSum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((part, i) => {
          expect(Number.isInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
          if (weightSum > 0) expect(Math.abs(part - (total * weights[i]) / weightSum)).toBeLessThan(1);
        });
      }),
    );
  });

  it('installments sum exactly, differ by at most one centavo, larger ones first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 24 }), (total, count) => {
        const parts = splitInstallments(total, count);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        for (let i = 1; i < parts.length; i++) expect(parts[i]).toBeLessThanOrEqual(parts[i - 1]);
      }),
    );
  });

  it('documented example: R$ 100,00 in 3x', () => {
    expect(splitInstallments(10000, 3)).toEqual([3334, 3333, 3333]);
  });
});
