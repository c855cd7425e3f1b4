import { randomUUID } from 'crypto';
import { trace } from '@opentelemetry/api';
import { DataSource, EntityManager } from 'typeorm';
import { DispatchResult, HEADERS, SALE_REPROCESS, SaleOrder, saleKey, SaleReprocessRequest } from '@gv/contracts';
import { enqueueOutbox } from '@gv/db';
import { inSpan, Logger } from '@gv/telemetry';
import { mayAccess } from '../security/service-tokens';
import { ServiceError, forbidden } from '../settings/errors';
import { validateAccountId } from '../settings/sections';
import type { Caller } from '../settings/settings-service';
import type { SettingsStore } from '../settings/settings-store';
import { applyResult, applySaleOrder, SaleHistoryState } from './sale-history-state';
import { SaleHistoryStore, StoredSale } from './sale-history-store';
import {
  decodeCursor, encodeCursor, filterFingerprint, GURU_TRANSACTION_ID, parseLimit, parseReprocessMax, parseSalesFilter, RawSalesFilter,
  SalesHistoryKeys,
} from './sales-query';
import { BulkReprocessReply, ReprocessReply, saleSummary, SaleSummary, TimelineEntry, timelineEntry } from './sales-view';
import { reprocessEvent, resultEvents, saleOrderEvent } from './timeline';

export interface SalesHistoryServiceDeps {
  dataSource: DataSource;
  store: SaleHistoryStore;
  /** The settings audit log, where reprocess requests are recorded (action `sale_reprocess`). */
  audit: Pick<SettingsStore, 'insertAudit'>;
  keys: SalesHistoryKeys;
  logger: Logger;
  /** `prefixedTopics(KAFKA_TOPIC_PREFIX).saleReprocess`. */
  reprocessTopic: string;
  /** Postgres NOTIFY channel the outbox publisher listens on. */
  outboxChannel: string;
  /** Called after a commit that wrote outbox rows (publishes sooner than the poll). */
  onCommitted: () => void;
  clock?: () => Date;
}

/** The audit action of a reprocess request (GET .../vhsys-integration/audit, gRPC ListAudit). */
export const REPROCESS_AUDIT_ACTION = 'sale_reprocess';

/**
 * The sales history: the read model kept from the pipeline (applySaleOrder / applyResult, one
 * transaction per message, idempotent and order-safe) and the admin operations on it (list,
 * detail, reprocess), with the same tenant rule as the settings.
 */
export class SalesHistoryService {
  private readonly now: () => Date;

  constructor(private readonly deps: SalesHistoryServiceDeps) {
    this.now = deps.clock ?? (() => new Date());
  }

  // ---- the read model ------------------------------------------------------------------------

  async applySaleOrder(order: SaleOrder): Promise<void> {
    const hash = this.deps.keys.documentHash(order.customer.document);
    await this.apply(order.accountId, order.guruTransactionId, new Date(order.occurredAt), (s) => applySaleOrder(s, order, hash), [saleOrderEvent(order)]);
  }

  async applyResult(result: DispatchResult): Promise<void> {
    await this.apply(result.accountId, result.guruTransactionId, new Date(result.occurredAt), (s) => applyResult(s, result), resultEvents(result));
  }

  private async apply(accountId: string, id: string, at: Date, merge: (s: SaleHistoryState) => SaleHistoryState, events: ReturnType<typeof resultEvents>): Promise<void> {
    await this.deps.dataSource.transaction(async (manager) => {
      const current = await this.deps.store.lock(manager, accountId, id, at);
      const next = merge(current);
      if (next !== current) await this.deps.store.save(manager, next);
      // Older messages still belong to the timeline (it is history); the dedupe key keeps redeliveries out.
      await this.deps.store.addTimeline(manager, accountId, id, events);
    });
  }

  // ---- reads ---------------------------------------------------------------------------------

  async list(caller: Caller, accountId: string, query: RawSalesFilter & { limit?: unknown; cursor?: unknown }): Promise<{ items: SaleSummary[]; nextCursor: string | null }> {
    return this.authorised('list', caller, accountId, async () => {
      const filter = parseSalesFilter(query, this.deps.keys);
      const limit = parseLimit(query.limit);
      const fingerprint = filterFingerprint(accountId, filter);
      const after = decodeCursor(query.cursor, fingerprint, this.deps.keys);
      const rows = await this.deps.store.list(accountId, filter, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const nextCursor = rows.length > limit && last
        ? encodeCursor({ lastEventAtMs: last.state.lastEventAt.getTime(), guruTransactionId: last.state.guruTransactionId }, fingerprint, this.deps.keys)
        : null;
      return { items: page.map(saleSummary), nextCursor };
    });
  }

  async get(caller: Caller, accountId: string, guruTransactionId: string): Promise<SaleSummary & { timeline: TimelineEntry[] }> {
    return this.authorised('get_sale', caller, accountId, async () => {
      validateTransactionId(guruTransactionId);
      const sale = await this.requireSale(accountId, guruTransactionId);
      const timeline = await this.deps.store.timeline(accountId, guruTransactionId);
      return { ...saleSummary(sale), timeline: timeline.map(timelineEntry) };
    });
  }

  // ---- reprocess -----------------------------------------------------------------------------

  /**
   * Asks the dispatcher to bring one sale to its desired state again: in one transaction, the
   * audit entry, the timeline entry and the outbox row of `vhsys.sale-reprocess.v1` (published
   * after commit). Each call is one request (its own requestId); the dispatcher resumes from its
   * ledger, so no call ever makes a second order or invoice.
   */
  async reprocess(caller: Caller, accountId: string, guruTransactionId: string): Promise<ReprocessReply> {
    return this.authorised('reprocess_sale', caller, accountId, async () => {
      validateTransactionId(guruTransactionId);
      const reply = await this.deps.dataSource.transaction(async (manager) => {
        const row = await this.deps.store.lockForReprocess(manager, accountId, guruTransactionId);
        if (!row) throw new ServiceError('not_found', 'no such sale in the sales history of this account');
        const refusal = refusalOf(row.orderRevision, row.outcome);
        if (refusal) throw new ServiceError('reprocess_refused', refusal);
        const request = await this.request(manager, caller, accountId, guruTransactionId);
        await manager.query('SELECT pg_notify($1, $2)', [this.deps.outboxChannel, accountId]);
        return request;
      });
      this.committed(caller, accountId, [reply]);
      return reply;
    });
  }

  /**
   * Reprocess of the sales a filter matches (newest first, at most `max`): one request per
   * reprocessable sale, the others reported as skipped with their reason; all in one transaction.
   */
  async reprocessMany(caller: Caller, accountId: string, body: unknown): Promise<BulkReprocessReply> {
    return this.authorised('reprocess_sales', caller, accountId, async () => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ServiceError('validation_failed', 'invalid reprocess request: the body must be a JSON object', [{ path: '', message: 'must be an object' }]);
      }
      const raw = body as Record<string, unknown>;
      const unknownFields = Object.keys(raw).filter((k) => !['outcome', 'from', 'to', 'guruTransactionId', 'buyerDocument', 'max'].includes(k));
      if (unknownFields.length > 0) {
        throw new ServiceError('validation_failed', 'invalid reprocess request: unknown fields', unknownFields.slice(0, 10).map((k) => ({ path: k.slice(0, 60), message: 'is not a field of this request' })));
      }
      const filter = parseSalesFilter(raw, this.deps.keys);
      const max = parseReprocessMax(raw.max);
      const reply = await this.deps.dataSource.transaction(async (manager) => {
        const matched = await this.deps.store.list(accountId, filter, null, max + 1, manager);
        const out: BulkReprocessReply = { requested: 0, skipped: 0, truncated: matched.length > max, requests: [], skippedSales: [] };
        for (const sale of matched.slice(0, max)) {
          const refusal = refusalOf(sale.state.orderRevision, sale.state.outcome);
          if (refusal) {
            out.skippedSales.push({ guruTransactionId: sale.state.guruTransactionId, reason: refusal });
            continue;
          }
          out.requests.push(await this.request(manager, caller, accountId, sale.state.guruTransactionId));
        }
        out.requested = out.requests.length;
        out.skipped = out.skippedSales.length;
        if (out.requested > 0) await manager.query('SELECT pg_notify($1, $2)', [this.deps.outboxChannel, accountId]);
        return out;
      });
      this.committed(caller, accountId, reply.requests);
      return reply;
    });
  }

  private async request(manager: EntityManager, caller: Caller, accountId: string, guruTransactionId: string): Promise<ReprocessReply> {
    const at = this.now();
    const request: SaleReprocessRequest = {
      accountId,
      guruTransactionId,
      requestId: randomUUID(),
      requestedBy: caller.principal.name.slice(0, 100),
      requestedAt: at.toISOString(),
    };
    const traceId = trace.getActiveSpan()?.spanContext().traceId ?? null;
    await this.deps.audit.insertAudit(manager, {
      accountId, at, actor: caller.principal.name, via: caller.via, action: REPROCESS_AUDIT_ACTION, version: 0, traceId,
      changes: [{ path: 'guruTransactionId', to: guruTransactionId }, { path: 'requestId', to: request.requestId }],
    });
    await enqueueOutbox(manager, {
      topic: this.deps.reprocessTopic,
      key: saleKey(accountId, guruTransactionId),
      value: request,
      contract: SALE_REPROCESS,
      headers: { [HEADERS.accountId]: accountId },
    });
    await this.deps.store.addTimeline(manager, accountId, guruTransactionId, [reprocessEvent(request, caller.via)]);
    return { requestId: request.requestId, guruTransactionId, requestedBy: request.requestedBy, requestedAt: request.requestedAt };
  }

  private committed(caller: Caller, accountId: string, requests: ReprocessReply[]): void {
    if (requests.length === 0) return;
    this.deps.logger.info(
      { accountId, actor: caller.principal.name, via: caller.via, requests: requests.length, requestIds: requests.slice(0, 20).map((r) => r.requestId) },
      'sale reprocess requested',
    );
    this.deps.onCommitted();
  }

  private async requireSale(accountId: string, guruTransactionId: string): Promise<StoredSale> {
    const sale = await this.deps.store.get(accountId, guruTransactionId);
    if (!sale) throw new ServiceError('not_found', 'no such sale in the sales history of this account');
    return sale;
  }

  private authorised<T>(action: string, caller: Caller, accountId: string, work: () => Promise<T>): Promise<T> {
    return inSpan(`config.sales.${action}`, { 'guru.account_id': accountId, 'config.via': caller.via, 'config.actor': caller.principal.name }, async () => {
      // Authorisation first: a token limited to other accounts learns nothing about this one.
      if (!mayAccess(caller.principal, accountId)) throw forbidden();
      validateAccountId(accountId);
      return work();
    });
  }
}

function validateTransactionId(id: string): void {
  if (!GURU_TRANSACTION_ID.test(id)) {
    throw new ServiceError('validation_failed', 'invalid guruTransactionId: must be 1-64 characters without control characters', [{ path: 'guruTransactionId', message: 'must be 1-64 characters without control characters' }]);
  }
}

/** Why a sale cannot be reprocessed, or null: the dispatcher must have received a sale order. */
export function refusalOf(orderRevision: number | null, outcome: string | null): string | null {
  if (orderRevision !== null) return null;
  if (outcome === 'needs_configuration') {
    return 'the dispatcher never received this sale: its products need Faturamento settings; saving them re-maps the sale by itself';
  }
  return `the dispatcher never received this sale (mapping decided ${outcome ?? 'nothing yet'}): there is nothing to reprocess`;
}
