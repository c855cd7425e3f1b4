import { createRng, DEFAULT_PRODUCTS, GENERATED_PAYMENT_METHODS, generateSale, type GeneratedPaymentMethod } from '@gv/guru-sale-generator';
import type { TransactionBody } from './guru-account';

/**
 * `POST /__admin/accounts/{accountId}/transactions/generate`: realistic Guru sales made by the
 * Guru sale generator (tools/guru-sale-generator), spread over [from, to).
 *
 * With `statuses`, `paymentMethods` and `productCodes` given, the i-th sale takes
 * statuses[i mod S], paymentMethods[⌊i / S⌋ mod P] and productCodes[⌊i / (S·P)⌋ mod C]: every
 * combination appears and the count of each value is known exactly. Left out, the generator draws.
 */
export interface GenerateTransactionsRequest {
  count: number;
  /** `dates.ordered_at` of the sales lies in [from, to): ISO 8601 instants with a time zone. */
  from: string;
  to: string;
  /** Same seed and request → same sales (default 1). */
  seed?: number;
  statuses?: string[];
  paymentMethods?: GeneratedPaymentMethod[];
  /** Guru product codes of the main product, from the generator's catalog (DEFAULT_PRODUCTS). */
  productCodes?: string[];
  /** The generator's documented variants ('random', default) or canonical field names only. */
  variants?: 'random' | 'canonical';
}

export const MAX_GENERATED_PER_REQUEST = 50_000;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: unknown, field: string): number {
  const ms = typeof value === 'string' && ZONED.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new Error(`${field} must be an ISO 8601 date-time with a time zone, e.g. 2026-01-01T00:00:00-03:00`);
  return ms;
}

function optionalList<T extends string>(value: unknown, field: string, allowed?: readonly string[]): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > 100) throw new Error(`${field} must be an array of 1 to 100 values`);
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v === '' || v.length > 64) throw new Error(`${field}[${i}] must be a string of 1 to 64 characters`);
    if (allowed && !allowed.includes(v)) throw new Error(`${field}[${i}]: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
  });
  return value as T[];
}

/** Builds the sales (webhook form) with the account's token as `api_token`. */
export function generateTransactions(request: GenerateTransactionsRequest, accountId: string, accountToken: string): TransactionBody[] {
  if (typeof request !== 'object' || request === null) throw new Error('the body must be a GenerateTransactionsRequest');
  const { count } = request;
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATED_PER_REQUEST) throw new Error(`count must be an integer from 1 to ${MAX_GENERATED_PER_REQUEST}`);
  const fromMs = instant(request.from, 'from');
  const toMs = instant(request.to, 'to');
  if (toMs <= fromMs) throw new Error('to must be after from');
  const seed = request.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw new Error('seed must be a non-negative integer');
  const statuses = optionalList<string>(request.statuses, 'statuses');
  const methods = optionalList<GeneratedPaymentMethod>(request.paymentMethods, 'paymentMethods', GENERATED_PAYMENT_METHODS);
  const codes = optionalList<string>(request.productCodes, 'productCodes', DEFAULT_PRODUCTS.filter((p) => !p.orderBump).map((p) => p.code));
  if (request.variants !== undefined && request.variants !== 'random' && request.variants !== 'canonical') throw new Error('variants must be random or canonical');

  const rng = createRng(seed);
  const slotMs = (toMs - fromMs) / count;
  const S = statuses?.length ?? 1;
  const P = methods?.length ?? 1;
  return Array.from({ length: count }, (_, i) => {
    // One sale per slot of the period, at a seeded second inside it, so sales are spread and ordered.
    const orderedAt = new Date(Math.floor((fromMs + (i + rng.next()) * slotMs) / 1000) * 1000);
    const at = orderedAt.getTime() < fromMs ? new Date(fromMs) : orderedAt;
    const sale = generateSale({
      seed: (seed * 1_000_003 + i) >>> 0,
      accountId,
      status: statuses?.[i % S],
      method: methods?.[Math.floor(i / S) % P],
      productCode: codes?.[Math.floor(i / (S * P)) % codes.length],
      orderedAt: at,
      variants: request.variants,
    });
    return { ...sale.transaction, api_token: accountToken };
  });
}
