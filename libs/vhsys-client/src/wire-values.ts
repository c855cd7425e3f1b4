import { formatDocument, hasDocumentShape, normalizeDocument, toCents } from '@gv/brazil';

/**
 * Reading Vhsys field values. Numbers arrive as dot-decimal strings with varying precision
 * ("282.40", "63.300000"), ids as ints (sometimes '' or 0 for "none"), flags as "Sim"/"Nao" or 0/1,
 * dates as YYYY-MM-DD and timestamps as Brasília "YYYY-MM-DD HH:MM:SS", empty ones as zeros.
 */

export class VhsysShapeError extends Error {
  constructor(readonly field: string, reason: string) {
    super(`unexpected value in Vhsys field ${field}: ${reason}`);
    this.name = 'VhsysShapeError';
  }
}

type Row = Record<string, unknown>;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** An id or count; blank and 0 mean "none" for ids, hence null. */
export function readId(row: Row, field: string): number | null {
  const value = row[field];
  if (isBlank(value) || value === false) return null;
  const id = Number(value);
  if (!Number.isSafeInteger(id)) throw new VhsysShapeError(field, 'not an integer');
  return id === 0 ? null : id;
}

export function readRequiredId(row: Row, field: string): number {
  const id = readId(row, field);
  if (id === null) throw new VhsysShapeError(field, 'missing');
  return id;
}

export function readInt(row: Row, field: string, fallback = 0): number {
  const value = row[field];
  if (isBlank(value)) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new VhsysShapeError(field, 'not a number');
  return Math.trunc(n);
}

export function readText(row: Row, field: string): string {
  const value = row[field];
  return isBlank(value) ? '' : String(value);
}

export function readNullableText(row: Row, field: string): string | null {
  const text = readText(row, field);
  return text === '' ? null : text;
}

/** Money entered by people or by us: digits past the second decimal must be zeros. */
export function readCents(row: Row, field: string): number {
  const value = row[field];
  if (isBlank(value)) return 0;
  if (typeof value !== 'string' && typeof value !== 'number') throw new VhsysShapeError(field, 'not a decimal');
  try {
    return toCents(value, 'exact');
  } catch (error) {
    throw new VhsysShapeError(field, error instanceof Error ? error.message : String(error));
  }
}

/** Money Vhsys computes (totals printed with up to 6 decimals): rounded half-up to centavos. */
export function readComputedCents(row: Row, field: string): number {
  const value = row[field];
  if (isBlank(value)) return 0;
  if (typeof value !== 'string' && typeof value !== 'number') throw new VhsysShapeError(field, 'not a decimal');
  try {
    return toCents(value, 'half-up');
  } catch (error) {
    throw new VhsysShapeError(field, error instanceof Error ? error.message : String(error));
  }
}

/** Quantities ("3.0000"): a JS number is exact enough for the small quantities orders carry. */
export function readQuantity(row: Row, field: string): number {
  const value = row[field];
  if (isBlank(value)) return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new VhsysShapeError(field, 'not a number');
  return n;
}

/** "YYYY-MM-DD"; "0000-00-00" and blanks are null. */
export function readDate(row: Row, field: string): string | null {
  const text = readText(row, field).slice(0, 10);
  if (text === '' || text.startsWith('0000')) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new VhsysShapeError(field, 'not YYYY-MM-DD');
  return text;
}

/** Brasília "YYYY-MM-DD HH:MM:SS" as sent; zeros and blanks are null. */
export function readTimestamp(row: Row, field: string): string | null {
  const text = readText(row, field);
  if (text === '' || text.startsWith('0000')) return null;
  if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(text)) throw new VhsysShapeError(field, 'not a timestamp');
  return text;
}

/** "Sim"/"Nao" (no tilde) → boolean. */
export function readSimNao(row: Row, field: string): boolean {
  return readText(row, field).toLowerCase() === 'sim';
}

/** 0/1 (int or string) → boolean. */
export function readFlag(row: Row, field: string): boolean {
  return readText(row, field) === '1';
}

/** Brasília has a fixed UTC−03:00 offset (no daylight saving since 2019). */
const BRASILIA_OFFSET_MS = 3 * 60 * 60 * 1000;

/** An instant as Vhsys's Brasília wall-clock "YYYY-MM-DD HH:MM:SS" (for `data_modificacao`). */
export function toBrasiliaTimestamp(instant: Date): string {
  return new Date(instant.getTime() - BRASILIA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * `/situacoes` sends UTF-8 text that was decoded as Latin-1 and encoded again ("Em separaÃ§Ã£o").
 * Undo it only when the result is valid UTF-8, so correct text is never damaged.
 */
export function repairDoubleEncoding(text: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(text)) return text;
  if (/[^\u0000-\u00ff]/.test(text)) return text;
  const repaired = Buffer.from(text, 'latin1').toString('utf8');
  return repaired.includes('\ufffd') ? text : repaired;
}

/** Digits only (CEP, phones; never documents: a CNPJ may hold letters). */
export function onlyDigits(text: string): string {
  return text.replace(/\D/g, '');
}

/**
 * CPF 000.000.000-00 or CNPJ 00.000.000/0000-00 (alphanumeric too: 12.ABC.345/01DE-35), as the
 * spec examples send them; the input may be typed in any case and mask. Text of neither shape
 * comes back normalised (no punctuation, upper case).
 */
export function formatDocumento(documento: string): string {
  const normalized = normalizeDocument(documento);
  return hasDocumentShape(normalized) ? formatDocument(normalized) : normalized;
}

/** CEP as in the spec example: "00.000-000" (10 characters, the documented maximum). */
export function formatCep(digits: string): string {
  const d = onlyDigits(digits);
  return d.length === 8 ? `${d.slice(0, 2)}.${d.slice(2, 5)}-${d.slice(5)}` : d;
}

/** "(41) 99999-8888" / "(41) 3333-4444" from digits with area code. */
export function formatPhone(digits: string): string {
  const d = onlyDigits(digits);
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return d;
}

/** Quantities go as dot-decimal strings with at least two places ("3.00"), like the spec examples. */
export function formatQuantity(quantity: number): string {
  if (!Number.isFinite(quantity) || quantity <= 0) throw new RangeError('quantity must be a positive number');
  return Number.isInteger(quantity) ? quantity.toFixed(2) : String(quantity);
}
