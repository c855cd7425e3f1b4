import { toBrasiliaDate } from '@gv/brazil';
import type { TransactionBody } from '../state/guru-account';
import { encodeCursor } from './cursor';
import type { DateField, ListQuery } from './list-query';
import { toRestForm } from './rest-form';

/**
 * The listing itself: filter, order, page. The order is stable: `dates.ordered_at` ascending, then
 * `id`, so cursors stay valid while transactions are added. Pages are cursor pages in Guru's
 * envelope; `total_rows` only on a request without a cursor (the first page).
 */

/** Guru's filter is `cancelled_at`; the body's date is `dates.canceled_at`. */
const BODY_DATE: Record<DateField, string> = { ordered_at: 'ordered_at', confirmed_at: 'confirmed_at', cancelled_at: 'canceled_at' };

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function str(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function dateMs(body: TransactionBody, key: string): number | null {
  const value = obj(body.dates)[key];
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function inList(value: unknown, wanted: string[] | null): boolean {
  if (wanted === null) return true;
  const text = str(value);
  return text !== null && wanted.includes(text.toLowerCase());
}

function matches(body: TransactionBody, query: ListQuery): boolean {
  for (const range of query.ranges) {
    const ms = dateMs(body, BODY_DATE[range.field]);
    if (ms === null) return false;
    const day = toBrasiliaDate(new Date(ms));
    if (day < range.ini || day > range.end) return false;
  }
  const payment = obj(body.payment);
  if (query.contactId !== null && str(obj(body.contact).id) !== query.contactId) return false;
  if (query.invoiceId !== null && str(obj(body.invoice).id) !== query.invoiceId) return false;
  if (query.subscriptionId !== null) {
    const subscription = obj(body.subscription);
    if (str(subscription.id) !== query.subscriptionId && str(subscription.subscription_code) !== query.subscriptionId) return false;
  }
  if (query.productId !== null) {
    const items = Array.isArray(body.items) ? body.items : [];
    const codes = [obj(body.product).id, ...items.map((item) => obj(item).id)].map(str);
    if (!codes.includes(query.productId)) return false;
  }
  if (!inList(body.status, lower(query.statuses))) return false;
  if (!inList(payment.method, lower(query.paymentTypes))) return false;
  return inList(payment.marketplace_name, lower(query.marketplaces));
}

function lower(values: string[] | null): string[] | null {
  return values === null ? null : values.map((v) => v.toLowerCase());
}

interface Row {
  orderedAtMs: number;
  id: string;
  body: TransactionBody;
}

function compare(a: { orderedAtMs: number; id: string }, b: { orderedAtMs: number; id: string }): number {
  if (a.orderedAtMs !== b.orderedAtMs) return a.orderedAtMs < b.orderedAtMs ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface TransactionListPage {
  data: TransactionBody[];
  has_more_pages: boolean;
  next_cursor: string | null;
  previous_cursor: string | null;
  per_page: number;
  on_first_page: boolean;
  on_last_page: boolean;
  total_rows?: number;
}

export function listTransactions(transactions: Iterable<TransactionBody>, query: ListQuery): TransactionListPage {
  const rows: Row[] = [];
  for (const body of transactions) {
    if (!matches(body, query)) continue;
    rows.push({ orderedAtMs: dateMs(body, 'ordered_at') ?? 0, id: String(body.id), body });
  }
  rows.sort(compare);

  const { cursor, perPage } = query;
  let start: number;
  let end: number;
  if (cursor === null) {
    start = 0;
    end = Math.min(rows.length, perPage);
  } else if (cursor.direction === 'next') {
    start = rows.findIndex((row) => compare(row, cursor) > 0);
    if (start === -1) start = rows.length;
    end = Math.min(rows.length, start + perPage);
  } else {
    end = rows.findIndex((row) => compare(row, cursor) >= 0);
    if (end === -1) end = rows.length;
    start = Math.max(0, end - perPage);
  }
  const page = rows.slice(start, end);
  const hasAfter = end < rows.length;
  const hasBefore = start > 0;
  const first = page[0];
  const last = page[page.length - 1];
  const result: TransactionListPage = {
    data: page.map((row) => toRestForm(row.body)),
    has_more_pages: hasAfter,
    next_cursor: hasAfter && last ? encodeCursor({ direction: 'next', orderedAtMs: last.orderedAtMs, id: last.id }) : null,
    previous_cursor: hasBefore && first ? encodeCursor({ direction: 'previous', orderedAtMs: first.orderedAtMs, id: first.id }) : null,
    per_page: perPage,
    on_first_page: !hasBefore,
    on_last_page: !hasAfter,
  };
  if (cursor === null) result.total_rows = rows.length;
  return result;
}
