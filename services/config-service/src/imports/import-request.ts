import { GURU_MAX_PERIOD_DAYS, GuruFilterError, GuruPeriod, parsePeriod, splitPeriod } from '@gv/guru-client';
import { ServiceError } from '../settings/errors';

/**
 * The body of a preview or an import: a period of whole Brasília days (Guru filters days) and
 * optional filters. Everything is bounded before any call to Guru.
 */
export interface ImportRequest {
  from: string;
  to: string;
  /** Guru product codes (one Guru listing per product: Guru filters one product per request). */
  productIds: string[] | null;
  /** Guru statuses (`approved`, `refunded`, …), sent as Guru's `transaction_status[]`. */
  statuses: string[] | null;
}

/** One Guru listing of an import: a window of at most 180 days, for one product or all. */
export interface ImportSegment extends GuruPeriod {
  productId: string | null;
}

/** The longest period an import covers (three years of 365 days plus a leap day). */
export const IMPORT_MAX_PERIOD_DAYS = 1096;
export const IMPORT_MAX_PRODUCTS = 20;
export const IMPORT_MAX_STATUSES = 24;
const DAY_MS = 86_400_000;
const BRASILIA_OFFSET_MS = -3 * 3_600_000;
const PRODUCT_CODE = /^[\x21-\x7e]{1,64}$/;
const STATUS = /^[a-z_]{1,32}$/;

function invalid(field: string, message: string): ServiceError {
  return new ServiceError('validation_failed', `${field}: ${message}`, [{ path: field, message }]);
}

function optionalList(value: unknown, field: string, max: number, pattern: RegExp, rule: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > max) throw invalid(field, `must be an array of 1 to ${max} values (leave it out to not filter)`);
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (typeof item !== 'string' || !pattern.test(item)) throw invalid(`${field}[${i}]`, rule);
    seen.add(item);
  });
  return [...seen];
}

/** Reads and bounds a request body; errors name the field (`from`, `productIds[2]`, …). */
export function parseImportRequest(body: unknown): ImportRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ServiceError('invalid_request', 'the body must be a JSON object { from, to, productIds?, statuses? }');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['from', 'to', 'productIds', 'statuses'].includes(key)) throw invalid(key, 'unknown field (expected from, to, productIds, statuses)');
  }
  let days: number;
  try {
    const { from, to } = parsePeriod({ from: b.from as string, to: b.to as string }, 'period');
    days = (to.epochMs - from.epochMs) / DAY_MS;
    // Guru filters whole Brasília days: anything else would silently widen the period.
    for (const [field, instant] of [['from', from.epochMs], ['to', to.epochMs]] as const) {
      if ((instant + BRASILIA_OFFSET_MS) % DAY_MS !== 0) throw invalid(field, 'must be a Brasília midnight (00:00 at UTC-03:00): Guru filters whole days');
    }
  } catch (error) {
    if (error instanceof GuruFilterError) throw invalid(error.field.replace(/^period\.?/, '') || 'period', error.message.slice(error.field.length + 2));
    throw error;
  }
  if (days > IMPORT_MAX_PERIOD_DAYS) throw invalid('to', `the period is ${Math.ceil(days)} days, above the limit of ${IMPORT_MAX_PERIOD_DAYS}`);
  return {
    from: b.from as string,
    to: b.to as string,
    productIds: optionalList(b.productIds, 'productIds', IMPORT_MAX_PRODUCTS, PRODUCT_CODE, 'must be a Guru product code (1-64 printable characters, no spaces)'),
    statuses: optionalList(b.statuses, 'statuses', IMPORT_MAX_STATUSES, STATUS, 'must be a Guru status (lower-case letters and _, e.g. approved)'),
  };
}

/**
 * The Guru listings an import walks, in order: the period split into windows of at most 180 days
 * (Guru's limit), and within each window one listing per product filter (or one for all). Pure.
 */
export function importSegments(request: Pick<ImportRequest, 'from' | 'to' | 'productIds'>): ImportSegment[] {
  const products = request.productIds ?? [null];
  return splitPeriod(request.from, request.to, GURU_MAX_PERIOD_DAYS).flatMap((window) => products.map((productId) => ({ ...window, productId })));
}
