import { z } from 'zod';
import { issuesOf } from '../validation';

/**
 * Lenient parsing of Guru's transaction ("venda") webhook body, the `transaction` of a
 * GuruTransactionEvent. It accepts the documented variants and returns one canonical shape with
 * Guru's own field names (so error paths name the field as Guru's docs do):
 *
 * - `payment.instalments` → `payment.installments`; `payment.creditcard` → `payment.credit_card`;
 * - missing, `null`, `""` and `[]` all mean "no value" (`null`, or an empty block);
 * - text fields may arrive as numbers, integers as numeric strings, ids as numbers;
 * - `payment.method` may be `null`, `"creditcard"` or `"boleto"` (→ `credit_card`, `billet`);
 * - `status`, `type`, `webhook_type`, `payment.method` and `payment.currency` are trimmed and
 *   case-folded (currency to upper case, the others to lower case);
 * - `items` may be an object keyed by index (PHP-style array) instead of an array;
 * - dates may be ISO strings (with `Z`, an offset, or none = UTC), `YYYY-MM-DD HH:MM:SS`, or Unix
 *   seconds (the REST API form); `0000-00-00…` means none; all come out as ISO strings in UTC;
 * - `last_transaction` is `[]` when empty and an object otherwise.
 *
 * Money stays as Guru sent it (a number or a dot-decimal string, `null` when absent): turning it
 * into exact centavos is the mapping's job (`@gv/brazil` toCentsTolerant), which reports the field.
 * Only `id` and `status` are required here; what else a usable sale needs is decided by the mapping.
 */

/** Guru money as received: a JSON number or a dot-decimal string; null when absent. */
export type GuruMoney = number | string | null;

/**
 * Bounds on every dimension of a Guru sale that the mapping allocates or computes in proportion to
 * (docs/mapping.md#bounds says why each): a value beyond one is refused with the field and the
 * bound before anything proportional to it is built.
 */
export const GURU_BOUNDS = {
  /** Raw `guru.transactions.v1` value, checked before JSON.parse (a real sale is 3-10 KB). */
  maxBytes: 256 * 1024,
  /** Nesting of objects/arrays in the raw value (a real sale has 5: event.transaction.payment.pix.qrcode). */
  maxDepth: 16,
  /** Order lines (`items`, a product plus its order bumps). */
  maxItems: 100,
  /** `payment.installments.qty`: Guru sells up to 12× on cards; twice that leaves room for other plans. */
  maxInstallments: 24,
  /** `items[].qty` / `product.qty`. */
  maxQuantity: 10_000,
  /** `id` (the transaction id), as config-service's product codes and the ledger's columns. */
  maxIdLength: 191,
  /** `items[].id` / `product.id`: config-service accepts product codes of 1-191 characters. */
  maxProductCodeLength: 191,
  /** Enumerated words: status, type, webhook_type, payment method, currency, coupon kinds. */
  maxWordLength: 64,
  /** Any other text (names, e-mail, address parts, descriptions, document, phone). */
  maxTextLength: 1024,
  /** URLs and payment codes (checkout / boleto / PIX URLs, PIX copy-and-paste code, boleto line). */
  maxUrlLength: 8192,
  /** Characters of a money or integer field given as a string. */
  maxNumberTextLength: 32,
  /** Any amount, and any line (quantity × unit value): R$ 10.000.000,00, in centavos. */
  maxMoneyCents: 1_000_000_000,
  /** Dates: no Guru sale before 2000 nor after 2100 (ISO instants, inclusive start, exclusive end). */
  earliestDate: '2000-01-01T00:00:00.000Z',
  latestDate: '2100-01-01T00:00:00.000Z',
} as const;

const EARLIEST_MS = Date.parse(GURU_BOUNDS.earliestDate);
const LATEST_MS = Date.parse(GURU_BOUNDS.latestDate);

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a field reader returns to report an issue at its field. */
class Problem {
  constructor(readonly message: string) {}
}
const problem = (message: string) => new Problem(message);

/** A custom field: `read` returns the value, or a Problem to report an issue at this field. */
function field<T>(read: (value: unknown) => T | Problem) {
  return z.unknown().optional().transform((value, ctx): T => {
    const result = read(value);
    if (result instanceof Problem) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result;
  });
}

/** The problem of a string longer than `max` characters (null when it fits). */
function tooLong(value: string, max: number): Problem | null {
  return value.length > max ? problem(`${value.length} characters, above the bound of ${max}`) : null;
}

/** Text of at most `max` characters: strings trimmed, numbers/booleans stringified; empty → null; objects/arrays → null. */
function boundedText(max: number) {
  return field<string | null>((value) => {
    if (typeof value === 'string') return tooLong(value, max) ?? (value.trim() === '' ? null : value.trim());
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'boolean') return value ? '1' : '0';
    return null;
  });
}

const text = boundedText(GURU_BOUNDS.maxTextLength);
const longText = boundedText(GURU_BOUNDS.maxUrlLength);
const productCode = boundedText(GURU_BOUNDS.maxProductCodeLength);

const lowerText = field<string | null>((value) => {
  if (typeof value === 'string') return tooLong(value, GURU_BOUNDS.maxWordLength) ?? (value.trim() === '' ? null : value.trim().toLowerCase());
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
});

/** A required identifier: a non-empty string or a number. */
const requiredId = field<string>((value) => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return problem(value === undefined || value === null ? 'required' : 'expected a string');
  const trimmed = value.trim();
  if (trimmed === '') return problem('required (empty)');
  if (trimmed.length > GURU_BOUNDS.maxIdLength) return problem(`longer than ${GURU_BOUNDS.maxIdLength} characters`);
  return trimmed;
});

const requiredStatus = field<string>((value) => {
  if (typeof value !== 'string') return problem(value === undefined || value === null ? 'required' : 'expected a string');
  const long = tooLong(value, GURU_BOUNDS.maxWordLength);
  if (long) return long;
  const trimmed = value.trim().toLowerCase();
  return trimmed === '' ? problem('required (empty)') : trimmed;
});

/** Integer up to `max` (what it counts in `unit`): a number or a numeric string; empty → null. */
function integer(max: number, unit: string) {
  return field<number | null>((value) => {
    if (isEmpty(value)) return null;
    if (typeof value === 'string') {
      const long = tooLong(value, GURU_BOUNDS.maxNumberTextLength);
      if (long) return long;
    }
    const number = typeof value === 'string' ? Number(value.trim()) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) return problem('expected an integer');
    if (!Number.isInteger(number)) return problem(`expected an integer, got ${number}`);
    if (number > max) return problem(`${number} is above the bound of ${max} ${unit}`);
    return number;
  });
}

const MAX_REAIS = GURU_BOUNDS.maxMoneyCents / 100;

/**
 * Money as Guru sent it, format-checked: a finite number or a dot-decimal string of at most 32
 * characters whose magnitude is at most R$ 10.000.000,00; empty → null. (The bound keeps every
 * amount, line and sum of the mapping an exact integer of centavos, docs/mapping.md#bounds.)
 */
const money = field<GuruMoney>((value) => {
  if (isEmpty(value)) return null;
  let magnitude: number;
  let read: GuruMoney;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return problem('expected a finite number');
    magnitude = Math.abs(value);
    read = value;
  } else if (typeof value === 'string') {
    const long = tooLong(value, GURU_BOUNDS.maxNumberTextLength);
    if (long) return long;
    const trimmed = value.trim();
    if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return problem(`expected a dot-decimal number, got ${JSON.stringify(trimmed)}`);
    magnitude = Math.abs(Number(trimmed));
    read = trimmed;
  } else {
    return problem('expected a number');
  }
  if (magnitude > MAX_REAIS) return problem(`${read} is above the bound of ${MAX_REAIS} (R$ 10.000.000,00)`);
  return read;
});

const ISO_LIKE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An instant as ISO text, or the problem of one outside GURU_BOUNDS' date window. */
function withinWindow(ms: number, shown: string): string | Problem {
  if (!(ms >= EARLIEST_MS && ms < LATEST_MS)) {
    return problem(`${shown} is outside the plausible window ${GURU_BOUNDS.earliestDate} to ${GURU_BOUNDS.latestDate}`);
  }
  return new Date(ms).toISOString();
}

/** Reads one of Guru's date forms as an ISO string in UTC; null for none. */
function readGuruDate(value: unknown): string | null | Problem {
  if (isEmpty(value)) return null;
  if (typeof value === 'string') {
    const long = tooLong(value, GURU_BOUNDS.maxNumberTextLength * 2);
    if (long) return long;
  }
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value.trim()))) {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0) return null;
    return withinWindow(seconds * 1000, String(value));
  }
  if (typeof value !== 'string') return problem('expected an ISO date');
  const trimmed = value.trim();
  if (/^0000-00-00/.test(trimmed)) return null;
  const match = ISO_LIKE.exec(trimmed);
  if (!match) return problem(`unparsable date ${JSON.stringify(trimmed)}`);
  const [, day, time, zone] = match;
  let offset = 'Z';
  if (zone && zone.toUpperCase() !== 'Z') offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(time ? `${day}T${time}${offset}` : `${day}T00:00:00${offset}`);
  if (Number.isNaN(date.getTime())) return problem(`unparsable date ${JSON.stringify(trimmed)}`);
  return withinWindow(date.getTime(), JSON.stringify(trimmed));
}

const date = field<string | null>(readGuruDate);

/**
 * A document (CPF/CNPJ) as typed, trimmed (letters of an alphanumeric CNPJ keep their case here;
 * the mapping normalises). A JSON number can only be a numeric document: it gets its lost leading
 * zeros back (to 11, or 14 when longer).
 */
const documentText = field<string | null>((value) => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
    const digits = String(value);
    return digits.length <= 11 ? digits.padStart(11, '0') : digits.padStart(14, '0');
  }
  if (typeof value === 'string') return tooLong(value, GURU_BOUNDS.maxWordLength) ?? (value.trim() === '' ? null : value.trim());
  return null;
});

/** An object block: anything that is not an object (null, "", []) reads as `{}`. */
function block<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess((value) => (isPlainObject(value) ? value : {}), z.object(shape));
}

/** An optional object block: null when absent or when none of its fields has a value. */
function optionalBlock<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(
    (value) => (isPlainObject(value) && Object.values(value).some((v) => !isEmpty(v) && !(isPlainObject(v) && Object.keys(v).length === 0)) ? value : null),
    z.object(shape).nullable(),
  );
}

const PAYMENT_METHOD_ALIASES: Record<string, string> = { creditcard: 'credit_card', 'credit card': 'credit_card', boleto: 'billet' };

const paymentMethod = field<string | null>((value) => {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const long = tooLong(value, GURU_BOUNDS.maxWordLength);
  if (long) return long;
  const method = value.trim().toLowerCase();
  return Object.hasOwn(PAYMENT_METHOD_ALIASES, method) ? PAYMENT_METHOD_ALIASES[method]! : method;
});

const currency = field<string | null>((value) => {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return tooLong(value, GURU_BOUNDS.maxWordLength) ?? value.trim().toUpperCase();
});

const quantity = integer(GURU_BOUNDS.maxQuantity, 'units');

export const GuruItemSchema = block({
  id: productCode,
  internal_id: text,
  name: text,
  type: lowerText,
  qty: quantity,
  unit_value: money,
  total_value: money,
  marketplace_id: text,
  marketplace_name: text,
  offer: block({ id: text, name: text }),
});
export type GuruItem = z.infer<typeof GuruItemSchema>;

/** How many entries `value` has, counting no further than `limit` + 1. */
function countUpTo(value: Record<string, unknown>, limit: number): number {
  let count = 0;
  for (const key in value) {
    if (Object.hasOwn(value, key)) count += 1;
    if (count > limit) break;
  }
  return count;
}

/**
 * An array, or a PHP-style object keyed by index; anything else is an empty list. More than
 * GURU_BOUNDS.maxItems entries is refused before any entry is read.
 */
const itemList = z.preprocess((value, ctx) => {
  const count = Array.isArray(value) ? value.length : isPlainObject(value) ? countUpTo(value, GURU_BOUNDS.maxItems) : 0;
  if (count > GURU_BOUNDS.maxItems) {
    const shown = Array.isArray(value) ? `${count} items` : `more than ${GURU_BOUNDS.maxItems} items`;
    ctx.addIssue({ code: 'custom', message: `${shown}, above the bound of ${GURU_BOUNDS.maxItems}` });
    return [];
  }
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) return Object.values(value);
  return [];
}, z.array(GuruItemSchema));

export const GuruContactSchema = block({
  id: text,
  name: text,
  email: text,
  doc: documentText,
  company_name: text,
  phone_local_code: text,
  phone_number: text,
  address: text,
  address_number: text,
  address_comp: text,
  address_district: text,
  address_city: text,
  address_state: text,
  address_state_full_name: text,
  address_country: text,
  address_zip_code: text,
});
export type GuruContact = z.infer<typeof GuruContactSchema>;

const couponSchema = optionalBlock({
  id: text,
  coupon_code: text,
  incidence_type: lowerText,
  incidence_field: lowerText,
  incidence_value: money,
  final_value: money,
});

export const GuruPaymentSchema = z.preprocess(
  (value) => {
    const payment: Record<string, unknown> = isPlainObject(value) ? { ...value } : {};
    if (isEmpty(payment.installments) && !isEmpty(payment.instalments)) payment.installments = payment.instalments;
    if (isEmpty(payment.credit_card) && !isEmpty(payment.creditcard)) payment.credit_card = payment.creditcard;
    return payment;
  },
  z.object({
    method: paymentMethod,
    currency,
    presentment_currency: currency,
    total: money,
    gross: money,
    net: money,
    discount_value: money,
    affiliate_value: money,
    marketplace_value: money,
    marketplace_id: text,
    marketplace_name: lowerText,
    installments: block({ qty: integer(GURU_BOUNDS.maxInstallments, 'installments'), value: money, interest: money }),
    coupon: couponSchema,
    tax: block({ value: money, rate: money }),
    refund_reason: longText,
    refuse_reason: longText,
    credit_card: optionalBlock({ id: text, brand: lowerText, first_digits: text, last_digits: text }),
    billet: optionalBlock({ line: longText, url: longText, expiration_date: date }),
    pix: optionalBlock({ qrcode: block({ signature: longText, url: longText }), expiration_date: date }),
  }),
);
export type GuruPayment = z.infer<typeof GuruPaymentSchema>;

export const GuruDatesSchema = block({
  created_at: date,
  ordered_at: date,
  updated_at: date,
  confirmed_at: date,
  canceled_at: date,
  expires_at: date,
  unavailable_until: date,
  warranty_until: date,
});
export type GuruDates = z.infer<typeof GuruDatesSchema>;

export const GuruTransactionSchema = z.object({
  id: requiredId,
  status: requiredStatus,
  /** "Tipo da venda": `producer` for the seller's own sale. */
  type: lowerText,
  webhook_type: lowerText,
  checkout_url: longText,
  /** A flag the mapping does not read: only a safe integer. */
  is_order_bump: integer(Number.MAX_SAFE_INTEGER, ''),
  last_transaction: optionalBlock({ id: text, url: longText }),
  contact: GuruContactSchema,
  product: optionalBlock({
    id: productCode,
    internal_id: text,
    name: text,
    type: lowerText,
    qty: quantity,
    unit_value: money,
    total_value: money,
    marketplace_id: text,
    marketplace_name: text,
    offer: block({ id: text, name: text }),
  }),
  items: itemList,
  payment: GuruPaymentSchema,
  shipping: block({ name: text, value: money }),
  dates: GuruDatesSchema,
});
export type GuruTransaction = z.infer<typeof GuruTransactionSchema>;

export type GuruTransactionParse =
  | { ok: true; transaction: GuruTransaction }
  | { ok: false; field: string; reason: string };

/**
 * Parses a transaction body; on failure names the first offending field as a dotted path under
 * `pathPrefix` (the body's place in the event: `transaction.id`, `transaction.items.1.qty`).
 */
export function parseGuruTransaction(body: unknown, pathPrefix = 'transaction'): GuruTransactionParse {
  if (!isPlainObject(body)) return { ok: false, field: pathPrefix, reason: 'expected a JSON object' };
  const result = GuruTransactionSchema.safeParse(body);
  if (result.success) return { ok: true, transaction: result.data };
  const [first] = issuesOf(result.error);
  const path = first?.path ? `${pathPrefix}.${first.path}` : pathPrefix;
  return { ok: false, field: path, reason: first?.message ?? 'invalid' };
}
