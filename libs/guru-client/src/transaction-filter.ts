import { GuruFilterError, GuruPeriod, periodToGuruDays } from './period';

/**
 * The filter of `GET /api/v2/transactions`, checked before anything is sent: Guru requires a date
 * range (one of ordered_at, confirmed_at, cancelled_at; at most 180 days) unless the listing is by
 * contact, invoice or subscription.
 */

/** The date a period applies to. Guru spells the cancellation filter `cancelled_at`. */
export const GURU_DATE_FIELDS = ['ordered_at', 'confirmed_at', 'cancelled_at'] as const;
export type GuruDateField = (typeof GURU_DATE_FIELDS)[number];

/** Page sizes the client asks for (`per_page`); see docs/guru-api.md#assumptions. */
export const GURU_MAX_PAGE_SIZE = 100;
export const GURU_DEFAULT_PAGE_SIZE = 50;

/** Values per list filter and characters per value: enough for any real use, bounded all the same. */
const MAX_LIST_VALUES = 50;
const MAX_VALUE_LENGTH = 191;

export interface GuruTransactionFilter {
  /** The date range, in whole Brasília days (see period.ts). Required unless an id filter below is set. */
  period?: GuruPeriod & { field: GuruDateField };
  contactId?: string;
  invoiceId?: string;
  subscriptionId?: string;
  /** Guru product code (`product.id` / `items[].id`). */
  productId?: string;
  /** Guru statuses (`approved`, `refunded`, …): `transaction_status[]`. */
  transactionStatus?: string[];
  /** Payment methods (`credit_card`, `pix`, …): `payment_types[]`. */
  paymentTypes?: string[];
  /** Processors (`pagarme2`, `paypal`, …): `marketplaces[]`. */
  marketplaces?: string[];
  /** Rows per page, 1–100 (default 50). */
  pageSize?: number;
}

/** Query parameters in the order they are sent; list filters repeat `name[]`. */
export type GuruQuery = Array<[string, string]>;

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new GuruFilterError(field, 'expected a non-empty string');
  if (value.length > MAX_VALUE_LENGTH) throw new GuruFilterError(field, `${value.length} characters, above ${MAX_VALUE_LENGTH}`);
  return value.trim();
}

function list(values: unknown, field: string): string[] {
  if (!Array.isArray(values)) throw new GuruFilterError(field, 'expected an array of strings');
  if (values.length === 0) throw new GuruFilterError(field, 'empty: leave it out to not filter');
  if (values.length > MAX_LIST_VALUES) throw new GuruFilterError(field, `${values.length} values, above ${MAX_LIST_VALUES}`);
  return values.map((value, i) => text(value, `${field}[${i}]`));
}

/**
 * Checks the filter and builds the query string parameters (without `cursor`). Throws
 * GuruFilterError naming the field: a missing or too long period, a time without a zone, a
 * period not on Brasília midnights, an empty list, a page size out of 1–100.
 */
export function buildTransactionQuery(filter: GuruTransactionFilter): GuruQuery {
  if (typeof filter !== 'object' || filter === null) throw new GuruFilterError('filter', 'expected an object');
  const query: GuruQuery = [];
  const hasIdFilter = filter.contactId !== undefined || filter.invoiceId !== undefined || filter.subscriptionId !== undefined;
  if (filter.period !== undefined) {
    if (!(GURU_DATE_FIELDS as readonly string[]).includes(filter.period.field)) {
      throw new GuruFilterError('period.field', `expected one of ${GURU_DATE_FIELDS.join(', ')}, got ${JSON.stringify(filter.period.field)}`);
    }
    const { ini, end } = periodToGuruDays(filter.period);
    query.push([`${filter.period.field}_ini`, ini], [`${filter.period.field}_end`, end]);
  } else if (!hasIdFilter) {
    throw new GuruFilterError('period', 'required (Guru lists transactions by a date range of at most 180 days) unless contactId, invoiceId or subscriptionId is given');
  }
  if (filter.contactId !== undefined) query.push(['contact_id', text(filter.contactId, 'contactId')]);
  if (filter.invoiceId !== undefined) query.push(['invoice_id', text(filter.invoiceId, 'invoiceId')]);
  if (filter.subscriptionId !== undefined) query.push(['subscription_id', text(filter.subscriptionId, 'subscriptionId')]);
  if (filter.productId !== undefined) query.push(['product_id', text(filter.productId, 'productId')]);
  for (const [field, param] of [['transactionStatus', 'transaction_status'], ['paymentTypes', 'payment_types'], ['marketplaces', 'marketplaces']] as const) {
    if (filter[field] === undefined) continue;
    for (const value of list(filter[field], field)) query.push([`${param}[]`, value]);
  }
  const pageSize = filter.pageSize ?? GURU_DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > GURU_MAX_PAGE_SIZE) {
    throw new GuruFilterError('pageSize', `expected an integer from 1 to ${GURU_MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  query.push(['per_page', String(pageSize)]);
  return query;
}

/** `?a=1&b%5B%5D=x` from ordered pairs. */
export function encodeQuery(query: GuruQuery): string {
  if (query.length === 0) return '';
  return `?${query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`;
}
