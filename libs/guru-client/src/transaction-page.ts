import { toWebhookForm } from './webhook-form';

/**
 * Reads Guru's cursor-paginated envelope (reference §5.1): `data[]`, `has_more_pages`,
 * `next_cursor`, `previous_cursor`, `per_page`, `on_first_page`, `on_last_page`, and `total_rows`
 * on the first page only. Throws (with the field) when the body is not that shape.
 */

export type GuruTransactionBody = Record<string, unknown>;

export interface GuruTransactionPage {
  /** The page's transactions in the webhook form (toWebhookForm), in Guru's order. */
  transactions: GuruTransactionBody[];
  hasMorePages: boolean;
  /** Pass to listTransactions for the next page; null on the last page. */
  nextCursor: string | null;
  previousCursor: string | null;
  perPage: number;
  onFirstPage: boolean;
  onLastPage: boolean;
  /** All matching rows: Guru sends it on the first page only (null on the others). */
  totalRows: number | null;
}

/** Cursors are opaque; one longer than this is not Guru's. */
export const MAX_CURSOR_LENGTH = 2048;

export class GuruShapeError extends Error {
  constructor(field: string, problem: string) {
    super(`unexpected Guru answer: ${field} ${problem}`);
    this.name = 'GuruShapeError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cursor(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value === '' || value.length > MAX_CURSOR_LENGTH) throw new GuruShapeError(field, `is not a cursor (a string of 1 to ${MAX_CURSOR_LENGTH} characters)`);
  return value;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new GuruShapeError(field, 'is not a boolean');
  return value;
}

/** A transaction needs at least its id to be of any use (the schema of libs/contracts checks the rest). */
export function readTransaction(value: unknown, field: string): GuruTransactionBody {
  if (!isObject(value)) throw new GuruShapeError(field, 'is not an object');
  if ((typeof value.id !== 'string' || value.id === '') && typeof value.id !== 'number') throw new GuruShapeError(`${field}.id`, 'is missing');
  return toWebhookForm(value);
}

export function readTransactionPage(body: unknown, askedPerPage: number): GuruTransactionPage {
  if (!isObject(body)) throw new GuruShapeError('body', 'is not an object');
  if (!Array.isArray(body.data)) throw new GuruShapeError('data', 'is not an array');
  if (body.data.length > askedPerPage) throw new GuruShapeError('data', `has ${body.data.length} rows, more than the ${askedPerPage} asked for`);
  const transactions = body.data.map((row, i) => readTransaction(row, `data[${i}]`));
  const hasMorePages = flag(body.has_more_pages, 'has_more_pages');
  const nextCursor = cursor(body.next_cursor, 'next_cursor');
  if (hasMorePages && nextCursor === null) throw new GuruShapeError('next_cursor', 'is missing although has_more_pages is true');
  const perPage = body.per_page;
  if (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1) throw new GuruShapeError('per_page', 'is not a positive integer');
  const totalRows = body.total_rows;
  if (totalRows !== undefined && totalRows !== null && (typeof totalRows !== 'number' || !Number.isInteger(totalRows) || totalRows < 0)) {
    throw new GuruShapeError('total_rows', 'is not a non-negative integer');
  }
  return {
    transactions,
    hasMorePages,
    nextCursor: hasMorePages ? nextCursor : null,
    previousCursor: cursor(body.previous_cursor, 'previous_cursor'),
    perPage,
    onFirstPage: flag(body.on_first_page, 'on_first_page'),
    onLastPage: flag(body.on_last_page, 'on_last_page'),
    totalRows: typeof totalRows === 'number' ? totalRows : null,
  };
}
