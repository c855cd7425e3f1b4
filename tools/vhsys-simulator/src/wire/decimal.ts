/**
 * Fixed-point decimals with six places held in a bigint ("micros"). The simulator needs more than
 * centavos: Vhsys multiplies quantities like "1.5000" by unit prices like "1.990000" and prints
 * totals with up to six decimals, so it cannot reuse the client's 2-decimal money helpers.
 */
export type Micros = bigint;

export const MICROS_PER_UNIT = 1_000_000n;
const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/** The decimal text a JSON value was sent as (numbers printed the way JS prints them). */
export function decimalText(value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const text = String(value);
    return /e/i.test(text) ? value.toFixed(10) : text;
  }
  if (typeof value === 'string') return value.trim();
  return null;
}

/** How many decimal places the value was sent with, trailing zeros included ("37.500" → 3). */
export function decimalPlaces(value: unknown): number | null {
  const text = decimalText(value);
  if (text === null) return null;
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  return (match[3] ?? '').length;
}

/** Parses a JSON number or dot-decimal string; digits past the sixth decimal are rounded half-up. */
export function parseDecimal(value: unknown): Micros | null {
  const text = decimalText(value);
  if (text === null) return null;
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  const [, sign, intDigits, fracDigits = ''] = match;
  let micros = BigInt(intDigits) * MICROS_PER_UNIT + BigInt((fracDigits + '000000').slice(0, 6));
  if (fracDigits.length > 6 && fracDigits[6] >= '5') micros += 1n;
  return sign ? -micros : micros;
}

/** Divides with half-up rounding away from zero. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

export function multiplyMicros(a: Micros, b: Micros): Micros {
  return divideHalfUp(a * b, MICROS_PER_UNIT);
}

/** Rounds to whole centavos, half-up (what Vhsys stores for line and order totals). */
export function roundToCents(value: Micros): Micros {
  return divideHalfUp(value, 10_000n) * 10_000n;
}

/** Prints with exactly `places` decimals (0–6), rounding half-up. */
export function formatDecimal(value: Micros, places: number): string {
  const unit = 10n ** BigInt(6 - places);
  const scaled = divideHalfUp(value, unit);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

export function centsToMicros(cents: number): Micros {
  return BigInt(cents) * 10_000n;
}
