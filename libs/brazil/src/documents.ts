/**
 * Brazilian taxpayer documents: CPF (people, 11 digits) and CNPJ (companies, 14 digits).
 * Normalise to digits, validate the two check digits (mod 11), format, and generate valid ones.
 *
 * Only numeric CNPJs are handled. The alphanumeric CNPJ (letters in the first 12 positions,
 * issued by the Receita Federal from July 2026) is not accepted yet.
 */

export type DocumentKind = 'CPF' | 'CNPJ';
export type TipoPessoa = 'PF' | 'PJ';

export type ParsedDocument =
  | { ok: true; kind: DocumentKind; tipoPessoa: TipoPessoa; digits: string }
  | { ok: false; reason: string };

/** Keeps the digits only: "012.345.678-90" → "01234567890". */
export function onlyDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Punctuation a typed or masked document may carry: dots, dashes, slashes, spaces. */
const PUNCTUATION = /[\s.\-\/]/g;

/** Sum of digit × weight, mod 11, mapped to a check digit (remainder < 2 → 0, else 11 − remainder). */
function checkDigit(digits: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i];
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

const CPF_W1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_W2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/** Same digit repeated (000…, 111…): passes the check digits but is not a real document. */
function isRepeated(digits: string): boolean {
  return /^(\d)\1*$/.test(digits);
}

export function isValidCpf(value: string): boolean {
  if (!/^\d{11}$/.test(value) || isRepeated(value)) return false;
  return checkDigit(value, CPF_W1) === Number(value[9]) && checkDigit(value, CPF_W2) === Number(value[10]);
}

export function isValidCnpj(value: string): boolean {
  if (!/^\d{14}$/.test(value) || isRepeated(value)) return false;
  return checkDigit(value, CNPJ_W1) === Number(value[12]) && checkDigit(value, CNPJ_W2) === Number(value[13]);
}

/**
 * Parses a document as typed by a buyer: punctuation is removed, then 11 digits must be a valid CPF
 * and 14 digits a valid CNPJ. Anything else (letters, `*` of a redacted document, other lengths,
 * wrong check digits) is rejected with a reason.
 */
export function parseDocument(raw: string | null | undefined): ParsedDocument {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: 'missing' };
  const compact = text.replace(PUNCTUATION, '');
  if (!/^\d+$/.test(compact)) return { ok: false, reason: 'must contain only digits and punctuation (redacted or alphanumeric documents are not accepted)' };
  if (compact.length === 11) {
    return isValidCpf(compact)
      ? { ok: true, kind: 'CPF', tipoPessoa: 'PF', digits: compact }
      : { ok: false, reason: 'invalid CPF check digits' };
  }
  if (compact.length === 14) {
    return isValidCnpj(compact)
      ? { ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', digits: compact }
      : { ok: false, reason: 'invalid CNPJ check digits' };
  }
  return { ok: false, reason: `expected 11 (CPF) or 14 (CNPJ) digits, got ${compact.length}` };
}

/** "01234567890" → "012.345.678-90". */
export function formatCpf(digits: string): string {
  if (!/^\d{11}$/.test(digits)) throw new Error('formatCpf needs 11 digits');
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/** "11222333000181" → "11.222.333/0001-81". */
export function formatCnpj(digits: string): string {
  if (!/^\d{14}$/.test(digits)) throw new Error('formatCnpj needs 14 digits');
  return `${digits.slice(0, 2)}.${digits.slice(2, 5)}.${digits.slice(5, 8)}/${digits.slice(8, 12)}-${digits.slice(12)}`;
}

/** CPF or CNPJ digits in their usual punctuation (Vhsys `cnpj_cliente` takes the formatted form). */
export function formatDocument(digits: string): string {
  return digits.length === 11 ? formatCpf(digits) : formatCnpj(digits);
}

/** A source of numbers in [0, 1), e.g. Math.random or a seeded generator. */
export type RandomSource = () => number;

function randomDigits(random: RandomSource, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(Math.floor(random() * 10) % 10);
  return out;
}

/** A valid CPF (11 digits) drawn from `random`. */
export function generateCpf(random: RandomSource): string {
  let base = randomDigits(random, 9);
  if (isRepeated(base)) base = base.slice(0, 8) + String((Number(base[8]) + 1) % 10);
  const d1 = checkDigit(base, CPF_W1);
  const d2 = checkDigit(base + d1, CPF_W2);
  return `${base}${d1}${d2}`;
}

/** A valid CNPJ (14 digits, head office branch 0001) drawn from `random`. */
export function generateCnpj(random: RandomSource): string {
  const base = randomDigits(random, 8) + '0001';
  const d1 = checkDigit(base, CNPJ_W1);
  const d2 = checkDigit(base + d1, CNPJ_W2);
  return `${base}${d1}${d2}`;
}
