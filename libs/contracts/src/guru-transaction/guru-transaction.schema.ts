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

/** Text: strings trimmed, numbers/booleans stringified; empty → null; objects/arrays → null. */
const text = field<string | null>((value) => {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return null;
});

const lowerText = field<string | null>((value) => {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim().toLowerCase();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
});

/** A required identifier: a non-empty string or a number. */
const requiredId = field<string>((value) => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return problem(value === undefined || value === null ? 'required' : 'expected a string');
  const trimmed = value.trim();
  if (trimmed === '') return problem('required (empty)');
  if (trimmed.length > 191) return problem('longer than 191 characters');
  return trimmed;
});

const requiredStatus = field<string>((value) => {
  if (typeof value !== 'string') return problem(value === undefined || value === null ? 'required' : 'expected a string');
  const trimmed = value.trim().toLowerCase();
  return trimmed === '' ? problem('required (empty)') : trimmed;
});

/** Integer: a number or a numeric string; empty → null. */
const integer = field<number | null>((value) => {
  if (isEmpty(value)) return null;
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return problem('expected an integer');
  if (!Number.isInteger(number)) return problem(`expected an integer, got ${number}`);
  return number;
});

/** Money as Guru sent it, format-checked: a finite number or a dot-decimal string; empty → null. */
const money = field<GuruMoney>((value) => {
  if (isEmpty(value)) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : problem('expected a finite number');
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return /^-?\d+(\.\d+)?$/.test(trimmed) ? trimmed : problem(`expected a dot-decimal number, got ${JSON.stringify(trimmed)}`);
  }
  return problem('expected a number');
});

const ISO_LIKE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Reads one of Guru's date forms as an ISO string in UTC; null for none. */
function readGuruDate(value: unknown): string | null | Problem {
  if (isEmpty(value)) return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value.trim()))) {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0) return null;
    return new Date(seconds * 1000).toISOString();
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
  return date.toISOString();
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
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
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
  const method = value.trim().toLowerCase();
  return PAYMENT_METHOD_ALIASES[method] ?? method;
});

const currency = field<string | null>((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : null));

export const GuruItemSchema = block({
  id: text,
  internal_id: text,
  name: text,
  type: lowerText,
  qty: integer,
  unit_value: money,
  total_value: money,
  marketplace_id: text,
  marketplace_name: text,
  offer: block({ id: text, name: text }),
});
export type GuruItem = z.infer<typeof GuruItemSchema>;

/** An array, or a PHP-style object keyed by index; anything else is an empty list. */
const itemList = z.preprocess((value) => {
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
    installments: block({ qty: integer, value: money, interest: money }),
    coupon: couponSchema,
    tax: block({ value: money, rate: money }),
    refund_reason: text,
    refuse_reason: text,
    credit_card: optionalBlock({ id: text, brand: lowerText, first_digits: text, last_digits: text }),
    billet: optionalBlock({ line: text, url: text, expiration_date: date }),
    pix: optionalBlock({ qrcode: block({ signature: text, url: text }), expiration_date: date }),
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
  checkout_url: text,
  is_order_bump: integer,
  last_transaction: optionalBlock({ id: text, url: text }),
  contact: GuruContactSchema,
  product: optionalBlock({
    id: text,
    internal_id: text,
    name: text,
    type: lowerText,
    qty: integer,
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
