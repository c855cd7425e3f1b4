import { decodeCursor, type CursorPosition } from './cursor';

/**
 * Reading and checking the query of `GET /api/v2/transactions` as Guru documents it (reference
 * §5.2): a date pair `<field>_ini` / `<field>_end` (YYYY-MM-DD) on ordered_at, confirmed_at or
 * cancelled_at, at most 180 days, required unless contact_id, invoice_id or subscription_id is
 * given. A refusal is a 422 naming the parameter, in Guru's `{"message", "errors"}` form.
 */

export const DATE_FIELDS = ['ordered_at', 'confirmed_at', 'cancelled_at'] as const;
export type DateField = (typeof DATE_FIELDS)[number];
export const MAX_RANGE_DAYS = 180;
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;
const MAX_LIST_VALUES = 50;
const MAX_VALUE_LENGTH = 191;

export interface DateRange {
  field: DateField;
  /** Brasília days, both included. */
  ini: string;
  end: string;
}

export interface ListQuery {
  ranges: DateRange[];
  contactId: string | null;
  invoiceId: string | null;
  subscriptionId: string | null;
  productId: string | null;
  statuses: string[] | null;
  paymentTypes: string[] | null;
  marketplaces: string[] | null;
  perPage: number;
  cursor: CursorPosition | null;
}

export class QueryRefusal extends Error {
  constructor(readonly parameter: string, message: string) {
    super(message);
  }
}

const DAY_MS = 86_400_000;

function dayNumber(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? null : ms / DAY_MS;
}

function single(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  if (value === null || value === '') return null;
  if (value.length > MAX_VALUE_LENGTH) throw new QueryRefusal(name, `The ${name} field must not be greater than ${MAX_VALUE_LENGTH} characters.`);
  return value;
}

/** `name[]=a&name[]=b`, or `name=a,b` (both read). */
function list(query: URLSearchParams, name: string): string[] | null {
  const values = [...query.getAll(`${name}[]`), ...query.getAll(name).flatMap((v) => v.split(','))].map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return null;
  if (values.length > MAX_LIST_VALUES) throw new QueryRefusal(name, `The ${name} field must not have more than ${MAX_LIST_VALUES} items.`);
  if (values.some((v) => v.length > MAX_VALUE_LENGTH)) throw new QueryRefusal(name, `Each ${name} value must not be greater than ${MAX_VALUE_LENGTH} characters.`);
  return values;
}

export function readListQuery(query: URLSearchParams): ListQuery {
  const ranges: DateRange[] = [];
  for (const field of DATE_FIELDS) {
    const iniName = `${field}_ini`;
    const endName = `${field}_end`;
    const ini = single(query, iniName);
    const end = single(query, endName);
    if (ini === null && end === null) continue;
    if (ini === null) throw new QueryRefusal(iniName, `The ${iniName} field is required when ${endName} is present.`);
    if (end === null) throw new QueryRefusal(endName, `The ${endName} field is required when ${iniName} is present.`);
    const iniDay = dayNumber(ini);
    const endDay = dayNumber(end);
    if (iniDay === null) throw new QueryRefusal(iniName, `The ${iniName} field must match the format Y-m-d.`);
    if (endDay === null) throw new QueryRefusal(endName, `The ${endName} field must match the format Y-m-d.`);
    if (endDay < iniDay) throw new QueryRefusal(endName, `The ${endName} field must be a date after or equal to ${iniName}.`);
    const days = endDay - iniDay + 1;
    if (days > MAX_RANGE_DAYS) {
      throw new QueryRefusal(endName, `The range from ${iniName} to ${endName} must not exceed ${MAX_RANGE_DAYS} days (got ${days}, both days included).`);
    }
    ranges.push({ field, ini, end });
  }
  const contactId = single(query, 'contact_id');
  const invoiceId = single(query, 'invoice_id');
  const subscriptionId = single(query, 'subscription_id');
  if (ranges.length === 0 && contactId === null && invoiceId === null && subscriptionId === null) {
    throw new QueryRefusal(
      'ordered_at_ini',
      'A date range is required: ordered_at_ini and ordered_at_end, confirmed_at_ini and confirmed_at_end, or cancelled_at_ini and cancelled_at_end (at most 180 days), unless contact_id, invoice_id or subscription_id is given.',
    );
  }
  const perPageText = query.get('per_page');
  let perPage = DEFAULT_PER_PAGE;
  if (perPageText !== null && perPageText !== '') {
    perPage = /^\d{1,4}$/.test(perPageText) ? Number(perPageText) : NaN;
    if (!(perPage >= 1 && perPage <= MAX_PER_PAGE)) throw new QueryRefusal('per_page', `The per_page field must be an integer between 1 and ${MAX_PER_PAGE}.`);
  }
  const cursorText = query.get('cursor');
  let cursor: CursorPosition | null = null;
  if (cursorText !== null && cursorText !== '') {
    cursor = decodeCursor(cursorText);
    if (cursor === null) throw new QueryRefusal('cursor', 'The cursor is invalid.');
  }
  return {
    ranges,
    contactId,
    invoiceId,
    subscriptionId,
    productId: single(query, 'product_id'),
    statuses: list(query, 'transaction_status'),
    paymentTypes: list(query, 'payment_types'),
    marketplaces: list(query, 'marketplaces'),
    perPage,
    cursor,
  };
}
