import { z } from 'zod';
import { IMPORT_STATUSES } from './import-progress';

/** The OpenAPI shapes of the imports' routes (the service validates bodies itself: import-request.ts). */
export const ImportBodySchema = z.object({
  from: z.string().describe('Brasília midnight, ISO 8601 with offset, e.g. 2025-01-01T00:00:00-03:00 (included)'),
  to: z.string().describe('Brasília midnight (excluded); at most 1096 days after from'),
  productIds: z.array(z.string()).optional().describe('Guru product codes, 1 to 20 (absent: every product)'),
  statuses: z.array(z.string()).optional().describe('Guru statuses, 1 to 24 (absent: every status)'),
});

export const ImportPreviewSchema = z.object({
  sales: z.number().int(),
  wouldCreateOrders: z.number().int(),
  alreadyInHistory: z.number().int(),
  wouldBeIgnored: z.number().int().describe('the pipeline would answer ignored: integration off, or a status, type, currency, country or zero value it ignores'),
  needProductSettings: z.number().int(),
  unreadable: z.number().int(),
  totalCents: z.number().int(),
  windows: z.number().int(),
  estimated: z.boolean(),
  sampledSales: z.number().int(),
});

export const StartImportReplySchema = z.object({ importId: z.string().uuid() });

export const ImportProgressSchema = z.object({
  importId: z.string().uuid(),
  accountId: z.string(),
  status: z.enum(IMPORT_STATUSES),
  from: z.string(),
  to: z.string(),
  productIds: z.array(z.string()).nullable(),
  statuses: z.array(z.string()).nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  produced: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  lastError: z.string().nullable(),
  ratePerSecond: z.number().nullable(),
  etaSeconds: z.number().int().nullable(),
  window: z.object({ index: z.number().int(), count: z.number().int() }),
  requestedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const ImportListSchema = z.object({ items: z.array(ImportProgressSchema) });
