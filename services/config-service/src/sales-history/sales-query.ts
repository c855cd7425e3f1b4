import { createHash, createHmac, timingSafeEqual } from 'crypto';
import { z } from 'zod';
import { DISPATCH_OUTCOMES, DispatchOutcome } from '@gv/contracts';
import { parseDocument } from '@gv/brazil';
import { ErrorDetail, ServiceError } from '../settings/errors';

/**
 * The sales history's query language, the same for HTTP (query string / JSON body) and gRPC:
 * filters, page size and cursor, validated and bounded before anything is looked up. Every
 * problem names its field; submitted values are never echoed (a buyer document is personal data).
 */

export const LIST_LIMIT_DEFAULT = 25;
export const LIST_LIMIT_MAX = 100;
/** Longest period a from/to pair may span. */
export const PERIOD_MAX_DAYS = 366;
/** Most sales one bulk reprocess may request (POST /sales/reprocess `max`). */
export const REPROCESS_MAX = 500;
export const REPROCESS_DEFAULT = 100;
/** A Guru transaction id as the history accepts it: 1-64 characters, no control characters (the reprocess contract's bound). */
export const GURU_TRANSACTION_ID = /^[^\x00-\x1f\x7f]{1,64}$/;
const CURSOR_MAX_LENGTH = 400;
/** Dates the filters accept (a typo like year 20260 is refused rather than matching nothing). */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export interface SalesFilter {
  outcomes: DispatchOutcome[] | null;
  /** Inclusive lower bound of the sale's last-event time. */
  from: Date | null;
  /** Exclusive upper bound. */
  to: Date | null;
  guruTransactionId: string | null;
  /** The keyed hash of the normalised buyer document (never the document). */
  buyerDocumentHash: Buffer | null;
}

/** The raw filter fields as a transport hands them over (query strings, JSON or gRPC strings; "" = absent). */
export interface RawSalesFilter {
  outcome?: unknown;
  from?: unknown;
  to?: unknown;
  guruTransactionId?: unknown;
  buyerDocument?: unknown;
}

/** Position after the last sale of a page: its last-event time (epoch ms) and id. */
export interface CursorPosition {
  lastEventAtMs: number;
  guruTransactionId: string;
}

const isoWithOffset = z.string().max(40).datetime({ offset: true });

const absent = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Keys derived from SALES_HISTORY_KEY: one for the buyer-document hash, one for cursor
 * signatures, so neither output can stand for the other.
 */
export class SalesHistoryKeys {
  private readonly documentKey: Buffer;
  private readonly cursorKey: Buffer;

  constructor(key: Buffer) {
    this.documentKey = createHmac('sha256', key).update('sales-history buyer document v1').digest();
    this.cursorKey = createHmac('sha256', key).update('sales-history cursor v1').digest();
  }

  /** HMAC-SHA256 of a normalised CPF/CNPJ: equal documents match, the hash reveals nothing without the key. */
  documentHash(normalisedDocument: string): Buffer {
    return createHmac('sha256', this.documentKey).update(normalisedDocument).digest();
  }

  cursorSignature(text: string): Buffer {
    return createHmac('sha256', this.cursorKey).update(text).digest();
  }
}

/** The validated filter, or a validation_failed error listing every bad field. */
export function parseSalesFilter(raw: RawSalesFilter, keys: SalesHistoryKeys): SalesFilter {
  const problems: ErrorDetail[] = [];
  const outcomes = parseOutcomes(raw.outcome, problems);
  const from = parseInstant('from', raw.from, problems);
  const to = parseInstant('to', raw.to, problems);
  if (from && to) {
    if (to.getTime() <= from.getTime()) problems.push({ path: 'to', message: 'must be later than from' });
    else if (to.getTime() - from.getTime() > PERIOD_MAX_DAYS * 86_400_000) problems.push({ path: 'to', message: `must be at most ${PERIOD_MAX_DAYS} days after from` });
  }
  let guruTransactionId: string | null = null;
  if (!absent(raw.guruTransactionId)) {
    if (typeof raw.guruTransactionId === 'string' && GURU_TRANSACTION_ID.test(raw.guruTransactionId)) guruTransactionId = raw.guruTransactionId;
    else problems.push({ path: 'guruTransactionId', message: 'must be 1-64 characters without control characters' });
  }
  let buyerDocumentHash: Buffer | null = null;
  if (!absent(raw.buyerDocument)) {
    const parsed = typeof raw.buyerDocument === 'string' ? parseDocument(raw.buyerDocument) : ({ ok: false, reason: 'must be a string' } as const);
    if (parsed.ok) buyerDocumentHash = keys.documentHash(parsed.document);
    else problems.push({ path: 'buyerDocument', message: `must be a valid CPF or CNPJ (${parsed.reason})` });
  }
  if (problems.length > 0) throw invalid('invalid sales filter', problems);
  return { outcomes, from, to, guruTransactionId, buyerDocumentHash };
}

function parseOutcomes(value: unknown, problems: ErrorDetail[]): DispatchOutcome[] | null {
  if (absent(value) || (Array.isArray(value) && value.length === 0)) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length > DISPATCH_OUTCOMES.length) {
    problems.push({ path: 'outcome', message: `must list at most ${DISPATCH_OUTCOMES.length} outcomes` });
    return null;
  }
  const parts = list.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));
  const known = new Set<string>(DISPATCH_OUTCOMES);
  if (parts.length > DISPATCH_OUTCOMES.length || parts.some((p) => typeof p !== 'string' || !known.has(p))) {
    problems.push({ path: 'outcome', message: `must be one or several of ${DISPATCH_OUTCOMES.join(', ')}` });
    return null;
  }
  return [...new Set(parts as DispatchOutcome[])].sort();
}

function parseInstant(path: 'from' | 'to', value: unknown, problems: ErrorDetail[]): Date | null {
  if (absent(value)) return null;
  if (!isoWithOffset.safeParse(value).success) {
    problems.push({ path, message: 'must be an ISO 8601 date-time with its offset, e.g. 2026-03-01T00:00:00-03:00' });
    return null;
  }
  const at = new Date(value as string);
  if (at.getTime() < EARLIEST || at.getTime() >= LATEST) {
    problems.push({ path, message: 'must be from the year 2000 to 2099' });
    return null;
  }
  return at;
}

/** The page size: 1..100, default 25. */
export function parseLimit(value: unknown): number {
  if (absent(value) || value === 0) return LIST_LIMIT_DEFAULT;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > LIST_LIMIT_MAX) throw invalid('invalid sales query', [{ path: 'limit', message: `must be an integer from 1 to ${LIST_LIMIT_MAX}` }]);
  return n;
}

/** The bulk reprocess bound: 1..500, default 100. */
export function parseReprocessMax(value: unknown): number {
  if (absent(value) || value === 0) return REPROCESS_DEFAULT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > REPROCESS_MAX) {
    throw invalid('invalid reprocess request', [{ path: 'max', message: `must be an integer from 1 to ${REPROCESS_MAX}` }]);
  }
  return value;
}

/** What a cursor is bound to: the account and the filter (a cursor of another query is refused). */
export function filterFingerprint(accountId: string, filter: SalesFilter): string {
  const canonical = JSON.stringify([
    accountId, filter.outcomes, filter.from?.getTime() ?? null, filter.to?.getTime() ?? null, filter.guruTransactionId,
    filter.buyerDocumentHash?.toString('hex') ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/** An opaque, signed cursor: `<base64url JSON>.<base64url HMAC>`. */
export function encodeCursor(position: CursorPosition, fingerprint: string, keys: SalesHistoryKeys): string {
  const body = Buffer.from(JSON.stringify({ t: position.lastEventAtMs, id: position.guruTransactionId, f: fingerprint })).toString('base64url');
  return `${body}.${keys.cursorSignature(body).toString('base64url')}`;
}

const CursorBodySchema = z.strictObject({
  t: z.number().int().min(EARLIEST).max(LATEST),
  id: z.string().regex(GURU_TRANSACTION_ID),
  f: z.string().max(64),
});

/** The position a cursor of this query stands for, or validation_failed (`cursor`) when it was altered, truncated or issued for another query. */
export function decodeCursor(cursor: unknown, fingerprint: string, keys: SalesHistoryKeys): CursorPosition | null {
  if (absent(cursor)) return null;
  const refuse = (message: string) => invalid('invalid sales query', [{ path: 'cursor', message }]);
  if (typeof cursor !== 'string' || cursor.length > CURSOR_MAX_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(cursor)) {
    throw refuse('is not a cursor returned by this API (nextCursor)');
  }
  const [body, signature] = cursor.split('.') as [string, string];
  // Compared as text: base64url has several spellings of the same last bits, and only ours is valid.
  const expected = Buffer.from(keys.cursorSignature(body).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse('is not a cursor returned by this API (signature mismatch)');
  let parsed: z.infer<typeof CursorBodySchema>;
  try {
    parsed = CursorBodySchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw refuse('is not a cursor returned by this API');
  }
  if (parsed.f !== fingerprint) throw refuse('belongs to another account or filter: send the same filters as the first page, or start again without a cursor');
  return { lastEventAtMs: parsed.t, guruTransactionId: parsed.id };
}

function invalid(message: string, details: ErrorDetail[]): ServiceError {
  return new ServiceError('validation_failed', `${message}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
}
