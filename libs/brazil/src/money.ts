/**
 * Exact money: amounts are integer centavos (JS numbers kept within Number.MAX_SAFE_INTEGER).
 * Conversions go through decimal strings, never float arithmetic.
 */

export class MoneyFormatError extends Error {
  constructor(readonly input: unknown, reason: string) {
    super(`invalid money value ${JSON.stringify(input)}: ${reason}`);
    this.name = 'MoneyFormatError';
  }
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Expands a JS number to its plain decimal text (no exponent), exactly as JS prints it. */
function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyFormatError(value, 'not a finite number');
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent form (e.g. 1e-7 or 1e21): expand digit by digit.
  const [mantissa, expText] = text.toLowerCase().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const [intPart, fracPart = ''] = mantissa.replace('-', '').split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (negative ? '-' : '') + out;
}

/**
 * Parses reais (a JSON number such as 19.9, or a dot-decimal string such as "19.900000") into
 * centavos. Digits beyond the second decimal must be zeros unless `rounding` is 'half-up'
 * (used only for values that are documented as computed, e.g. Vhsys totals).
 */
export function toCents(value: number | string, rounding: 'exact' | 'half-up' = 'exact'): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(value, 'expected a dot-decimal number');
  const [, sign, intDigits, fracDigits = ''] = match;
  const frac2 = (fracDigits + '00').slice(0, 2);
  const rest = fracDigits.slice(2);
  let cents = Number(intDigits) * 100 + Number(frac2);
  if (rest && /[1-9]/.test(rest)) {
    if (rounding === 'exact') throw new MoneyFormatError(value, 'more than two decimal places');
    if (rest[0] >= '5') cents += 1;
  }
  if (!Number.isSafeInteger(cents)) throw new MoneyFormatError(value, 'out of range');
  return sign && cents !== 0 ? -cents : cents;
}

/** Centavos as the 2-decimal string Vhsys expects, e.g. 1990 → "19.90". */
export function centsToDecimalString(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new MoneyFormatError(cents, 'centavos must be a safe integer');
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/**
 * Splits `totalCents` into parts proportional to `weights`, exactly: every part is an integer,
 * the parts sum to the total, and leftover centavos go one each to the largest remainders
 * (ties to the earlier index). Used to spread interest and discounts over lines.
 */
export function allocateCents(totalCents: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) throw new MoneyFormatError(totalCents, 'total must be a non-negative integer');
  if (weights.length === 0) throw new Error('allocateCents needs at least one weight');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new Error('weights must be non-negative integers');
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) {
    // No basis for proportions: split evenly.
    return allocateCents(totalCents, weights.map(() => 1));
  }
  const big = BigInt;
  const parts = weights.map((w) => big(totalCents) * big(w) / big(weightSum));
  const remainders = weights.map((w, i) => ({ i, r: big(totalCents) * big(w) - parts[i] * big(weightSum) }));
  let leftover = totalCents - Number(parts.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const result = parts.map(Number);
  for (const { i } of remainders) {
    if (leftover <= 0) break;
    result[i] += 1;
    leftover -= 1;
  }
  return result;
}

/** Splits `totalCents` into `count` installments: equal parts, leftover centavos on the first ones. */
export function splitInstallments(totalCents: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new Error('installment count must be a positive integer');
  return allocateCents(totalCents, Array.from({ length: count }, () => 1));
}

/**
 * Like `toCents(value, 'exact')`, but tolerates the binary floating-point noise of a producer that
 * computed the amount with floats (JSON numbers such as 0.30000000000000004 or 19.899999999999999):
 * digits after the centavos that start with at least six zeros are dropped, and with at least six
 * nines round the centavos up. Any other third decimal (19.995) is still an error.
 */
export function toCentsTolerant(value: number | string): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(value, 'expected a dot-decimal number');
  const [, sign, intDigits, fracDigits = ''] = match;
  const rest = fracDigits.slice(2);
  if (!/[1-9]/.test(rest)) return toCents(text);
  const kept = `${intDigits}.${(fracDigits + '00').slice(0, 2)}`;
  let magnitude: number;
  if (/^0{6}/.test(rest)) magnitude = toCents(kept);
  else if (/^9{6}/.test(rest)) magnitude = toCents(kept) + 1;
  else throw new MoneyFormatError(value, 'more than two decimal places');
  return sign && magnitude !== 0 ? -magnitude : magnitude;
}
