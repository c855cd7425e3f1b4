/**
 * Brazilian taxpayer documents: CPF (people, 11 digits) and CNPJ (companies, 14 characters).
 * Normalise (punctuation removed, letters upper-cased), validate the two check digits (mod 11),
 * format, and generate valid ones.
 *
 * The CNPJ may be alphanumeric (Receita Federal, in force since July 2026): its first 12
 * characters are [0-9A-Z], the last 2 (the check digits) are always digits, and every character
 * counts as its ASCII code − 48 in the usual mod-11 sums ('0'–'9' → 0–9, 'A' → 17, …, 'Z' → 42),
 * so a numeric CNPJ is computed exactly as before. Official example: 12.ABC.345/01DE-35.
 *
 * A known blind spot of that scheme (not of this code): two characters whose values differ by a
 * multiple of 11 ('0'/'F', 'A'/'L', …) weigh the same mod 11, so swapping one for the other keeps
 * the check digits. Both forms are valid documents; Receita is the only judge of which exists.
 */

export type DocumentKind = 'CPF' | 'CNPJ';
export type TipoPessoa = 'PF' | 'PJ';

/**
 * `document` is the normalised form (see normalizeDocument): 11 digits (CPF) or 12 [0-9A-Z] + 2
 * digits (CNPJ). It is the one form stored, compared and put on Kafka.
 */
export type ParsedDocument =
  | { ok: true; kind: DocumentKind; tipoPessoa: TipoPessoa; document: string }
  | { ok: false; reason: string };

/** Keeps the digits only: "012.345.678-90" → "01234567890". Not for documents (CNPJs may hold letters). */
export function onlyDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Punctuation a typed or masked document may carry: dots, dashes, slashes, whitespace. */
const PUNCTUATION = /[\s.\-\/]/g;

/** A typed document longer than this is not one (the longest mask, 18 characters, plus slack). */
export const DOCUMENT_MAX_LENGTH = 40;

/**
 * The comparable form of a CPF/CNPJ as typed: punctuation removed and ASCII letters upper-cased
 * ("12.abc.345/01de-35" → "12ABC34501DE35", "012.345.678-90" → "01234567890"). It does not
 * validate; any other character is kept so that validation can reject it. Only a–z are folded
 * (not `toUpperCase()`, which would turn "ß" into "SS").
 */
export function normalizeDocument(value: string): string {
  return value.replace(PUNCTUATION, '').replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

/** Mod 11 of Σ value × weight (value = ASCII code − 48), mapped to a check digit (remainder < 2 → 0, else 11 − remainder). */
function checkDigit(chars: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (chars.charCodeAt(i) - 48) * weights[i];
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

const CPF_W1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_W2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

const CPF_SHAPE = /^\d{11}$/;
/** 12 characters [0-9A-Z] (root and branch) and 2 check digits. */
const CNPJ_SHAPE = /^[0-9A-Z]{12}\d{2}$/;
const CNPJ_BASE_SHAPE = /^[0-9A-Z]{12}$/;

/** The same character repeated (000…, 111…): passes the check digits but is not a real document. */
function isRepeated(value: string): boolean {
  return /^(.)\1*$/.test(value);
}

/** The two check digits of a CNPJ's first 12 characters (normalised, [0-9A-Z]): "12ABC34501DE" → "35". */
export function cnpjCheckDigits(base: string): string {
  if (!CNPJ_BASE_SHAPE.test(base)) throw new Error('cnpjCheckDigits needs 12 characters [0-9A-Z]');
  const d1 = checkDigit(base, CNPJ_W1);
  const d2 = checkDigit(`${base}${d1}`, CNPJ_W2);
  return `${d1}${d2}`;
}

/**
 * Whether a normalised document has the shape of a CPF (11 digits) or a CNPJ (12 [0-9A-Z] + 2
 * digits), check digits not verified: what can be formatted.
 */
export function hasDocumentShape(document: string): boolean {
  return CPF_SHAPE.test(document) || CNPJ_SHAPE.test(document);
}

/** A valid CPF in normalised form (11 digits, no punctuation). */
export function isValidCpf(value: string): boolean {
  if (!CPF_SHAPE.test(value) || isRepeated(value)) return false;
  return checkDigit(value, CPF_W1) === Number(value[9]) && checkDigit(value, CPF_W2) === Number(value[10]);
}

/** A valid CNPJ, numeric or alphanumeric, in normalised form (upper case, no punctuation). */
export function isValidCnpj(value: string): boolean {
  if (!CNPJ_SHAPE.test(value) || isRepeated(value)) return false;
  return cnpjCheckDigits(value.slice(0, 12)) === value.slice(12);
}

/**
 * Parses a document as typed by a buyer: punctuation (`.` `/` `-`, whitespace) is removed and
 * letters upper-cased (normalizeDocument); then 11 characters must be a valid CPF (digits only) and
 * 14 a valid CNPJ (12 [0-9A-Z] + 2 check digits). Anything else (`*` of a redacted document, other
 * characters or lengths, wrong check digits) is rejected with a reason that never echoes the input.
 */
export function parseDocument(raw: string | null | undefined): ParsedDocument {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: 'missing' };
  if (text.length > DOCUMENT_MAX_LENGTH) return { ok: false, reason: `longer than ${DOCUMENT_MAX_LENGTH} characters` };
  const document = normalizeDocument(text);
  if (!/^[0-9A-Z]+$/.test(document)) {
    return { ok: false, reason: 'must contain only digits, letters (alphanumeric CNPJ) and punctuation (redacted documents are not accepted)' };
  }
  if (document.length === 11) {
    if (!CPF_SHAPE.test(document)) return { ok: false, reason: 'a CPF has digits only' };
    return isValidCpf(document)
      ? { ok: true, kind: 'CPF', tipoPessoa: 'PF', document }
      : { ok: false, reason: 'invalid CPF check digits' };
  }
  if (document.length === 14) {
    if (!CNPJ_SHAPE.test(document)) return { ok: false, reason: 'the CNPJ check digits (last two characters) must be digits' };
    return isValidCnpj(document)
      ? { ok: true, kind: 'CNPJ', tipoPessoa: 'PJ', document }
      : { ok: false, reason: 'invalid CNPJ check digits' };
  }
  return { ok: false, reason: `expected 11 (CPF) or 14 (CNPJ) characters, got ${document.length}` };
}

/** "01234567890" → "012.345.678-90". */
export function formatCpf(digits: string): string {
  if (!CPF_SHAPE.test(digits)) throw new Error('formatCpf needs 11 digits');
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/** "11222333000181" → "11.222.333/0001-81", "12ABC34501DE35" → "12.ABC.345/01DE-35" (same mask, 18 characters). */
export function formatCnpj(cnpj: string): string {
  if (!CNPJ_SHAPE.test(cnpj)) throw new Error('formatCnpj needs 12 characters [0-9A-Z] and 2 digits');
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
}

/** A normalised CPF or CNPJ in its usual punctuation (Vhsys `cnpj_cliente` takes the formatted form). */
export function formatDocument(document: string): string {
  return document.length === 11 ? formatCpf(document) : formatCnpj(document);
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
  return base + cnpjCheckDigits(base);
}

const CNPJ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A valid alphanumeric CNPJ drawn from `random`: 12 characters [0-9A-Z] with at least one letter
 * (an all-digit draw gets a letter at its first position), then the 2 check digits.
 */
export function generateAlphanumericCnpj(random: RandomSource): string {
  let base = '';
  for (let i = 0; i < 12; i++) base += CNPJ_ALPHABET[Math.floor(random() * CNPJ_ALPHABET.length) % CNPJ_ALPHABET.length];
  if (!/[A-Z]/.test(base)) base = CNPJ_ALPHABET[10 + Number(base[0])] + base.slice(1);
  return base + cnpjCheckDigits(base);
}

/**
 * A normalised CPF or CNPJ with its first and last characters hidden, for screens that must tell
 * buyers apart without showing their document: CPF "12345678909" → "***.456.789-**" (the middle
 * six digits, the usual LGPD masking), CNPJ "11222333000181" → "**.222.333/0001-**" and
 * "12ABC34501DE35" → "**.ABC.345/01DE-**" (root head and check digits hidden). Anything that does
 * not have a document's shape masks to "***" (never echoed).
 */
export function maskDocument(document: string): string {
  if (CPF_SHAPE.test(document)) return `***.${document.slice(3, 6)}.${document.slice(6, 9)}-**`;
  if (CNPJ_SHAPE.test(document)) return `**.${document.slice(2, 5)}.${document.slice(5, 8)}/${document.slice(8, 12)}-**`;
  return '***';
}
