import { DataSource, EntityManager } from 'typeorm';
import type { DispatchOutcome, VhsysRefs } from '@gv/contracts';
import { emptySale, SaleHistoryState } from './sale-history-state';
import type { CursorPosition, SalesFilter } from './sales-query';
import { TIMELINE_MAX_ENTRIES, TimelineEvent } from './timeline';

interface SaleRow {
  account_id: string;
  guru_transaction_id: string;
  order_revision: string | null;
  guru_status: string | null;
  status_group: string | null;
  buyer_name: string | null;
  buyer_document_masked: string | null;
  buyer_document_hash: Buffer | null;
  total_cents: string | null;
  occurred_at: Date | null;
  result_revision: string | null;
  result_stage: 'mapping' | 'dispatch' | null;
  outcome: DispatchOutcome | null;
  reason: string | null;
  detail: string | null;
  product_codes: string[];
  vhsys: VhsysRefs | null;
  attempts: number;
  last_attempt_at: Date | null;
  last_error: string | null;
  result_at: Date | null;
  answered_request_id: string | null;
  last_event_at: Date;
  updated_at: Date;
}

/** A stored sale with the time the read model last changed it. */
export interface StoredSale {
  state: SaleHistoryState;
  updatedAt: Date;
}

/** A timeline entry as stored (its dedupe key stays in the table). */
export type StoredTimelineEntry = Omit<TimelineEvent, 'dedupeKey'>;

const SALE_COLUMNS = `account_id, guru_transaction_id, order_revision, guru_status, status_group, buyer_name, buyer_document_masked,
  buyer_document_hash, total_cents, occurred_at, result_revision, result_stage, outcome, reason, detail, product_codes, vhsys, attempts,
  last_attempt_at, last_error, result_at, answered_request_id, last_event_at, updated_at`;

/** SQL of the sales history tables (schema-qualified; values only as parameters). */
export class SaleHistoryStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  private t(table: string): string {
    return `"${this.schema}"."${table}"`;
  }

  /**
   * The sale's row, locked until the transaction ends (created empty first if new, so two
   * instances applying messages of one new sale at once serialise on it instead of one losing).
   */
  async lock(manager: EntityManager, accountId: string, guruTransactionId: string, at: Date): Promise<SaleHistoryState> {
    await manager.query(
      `INSERT INTO ${this.t('sale_history')} (account_id, guru_transaction_id, last_event_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [accountId, guruTransactionId, at],
    );
    const rows = (await manager.query(
      `SELECT ${SALE_COLUMNS} FROM ${this.t('sale_history')} WHERE account_id = $1 AND guru_transaction_id = $2 FOR UPDATE`,
      [accountId, guruTransactionId],
    )) as SaleRow[];
    return rows[0] ? fromRow(rows[0]).state : emptySale(accountId, guruTransactionId, at);
  }

  /** What a reprocess needs to know of a sale, locked (null: no such sale). */
  async lockForReprocess(manager: EntityManager, accountId: string, guruTransactionId: string): Promise<{ orderRevision: number | null; outcome: string | null } | null> {
    const rows = (await manager.query(
      `SELECT order_revision, outcome FROM ${this.t('sale_history')} WHERE account_id = $1 AND guru_transaction_id = $2 FOR UPDATE`,
      [accountId, guruTransactionId],
    )) as { order_revision: string | null; outcome: string | null }[];
    return rows[0] ? { orderRevision: rows[0].order_revision === null ? null : Number(rows[0].order_revision), outcome: rows[0].outcome } : null;
  }

  async save(manager: EntityManager, s: SaleHistoryState): Promise<void> {
    await manager.query(
      `UPDATE ${this.t('sale_history')} SET
         order_revision = $3, guru_status = $4, status_group = $5, buyer_name = $6, buyer_document_masked = $7, buyer_document_hash = $8,
         total_cents = $9, occurred_at = $10, result_revision = $11, result_stage = $12, outcome = $13, reason = $14, detail = $15,
         product_codes = $16, vhsys = $17, attempts = $18, last_attempt_at = $19, last_error = $20, result_at = $21,
         answered_request_id = $22, last_event_at = $23, updated_at = now()
       WHERE account_id = $1 AND guru_transaction_id = $2`,
      [
        s.accountId, s.guruTransactionId, s.orderRevision, s.guruStatus, s.statusGroup, s.buyerName, s.buyerDocumentMasked, s.buyerDocumentHash,
        s.totalCents, s.occurredAt, s.resultRevision, s.resultStage, s.outcome, s.reason, s.detail, JSON.stringify(s.productCodes),
        s.vhsys === null ? null : JSON.stringify(s.vhsys), s.attempts, s.lastAttemptAt, s.lastError, s.resultAt, s.answeredRequestId,
        s.lastEventAt,
      ],
    );
  }

  /** Adds the entries not yet recorded (by dedupe key), then drops the oldest beyond TIMELINE_MAX_ENTRIES. */
  async addTimeline(manager: EntityManager, accountId: string, guruTransactionId: string, events: TimelineEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [accountId, guruTransactionId];
    const tuples = events.map((e) => {
      const base = values.length;
      values.push(e.at, e.kind, e.title, e.detail, e.outcome, e.revision, e.dedupeKey);
      return `($1, $2, ${[1, 2, 3, 4, 5, 6, 7].map((i) => `$${base + i}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO ${this.t('sale_history_event')} (account_id, guru_transaction_id, at, kind, title, detail, outcome, revision, dedupe_key)
       VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
      values,
    );
    await manager.query(
      `DELETE FROM ${this.t('sale_history_event')} WHERE id IN (
         SELECT id FROM ${this.t('sale_history_event')} WHERE account_id = $1 AND guru_transaction_id = $2
         ORDER BY at DESC, id DESC OFFSET $3)`,
      [accountId, guruTransactionId, TIMELINE_MAX_ENTRIES],
    );
  }

  /** One page, newest first (last_event_at DESC, guru_transaction_id DESC), after `after` when given. */
  async list(accountId: string, filter: SalesFilter, after: CursorPosition | null, limit: number, manager?: EntityManager): Promise<StoredSale[]> {
    const { where, values } = whereClause(accountId, filter, after);
    values.push(limit);
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT ${SALE_COLUMNS} FROM ${this.t('sale_history')} WHERE ${where}
       ORDER BY last_event_at DESC, guru_transaction_id DESC LIMIT $${values.length}`,
      values,
    )) as SaleRow[];
    return rows.map(fromRow);
  }

  async get(accountId: string, guruTransactionId: string): Promise<StoredSale | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${SALE_COLUMNS} FROM ${this.t('sale_history')} WHERE account_id = $1 AND guru_transaction_id = $2`,
      [accountId, guruTransactionId],
    )) as SaleRow[];
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The sale's timeline, oldest first. */
  async timeline(accountId: string, guruTransactionId: string): Promise<StoredTimelineEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT at, kind, title, detail, outcome, revision FROM ${this.t('sale_history_event')}
       WHERE account_id = $1 AND guru_transaction_id = $2 ORDER BY at, id`,
      [accountId, guruTransactionId],
    )) as (Omit<StoredTimelineEntry, 'revision'> & { revision: string | null })[];
    return rows.map((r) => ({ ...r, revision: r.revision === null ? null : Number(r.revision) }));
  }
}

/** The list's WHERE: only the conditions asked for (each plan then uses the index that fits). */
function whereClause(accountId: string, filter: SalesFilter, after: CursorPosition | null): { where: string; values: unknown[] } {
  const values: unknown[] = [accountId];
  const conditions = ['account_id = $1'];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (filter.outcomes) conditions.push(filter.outcomes.length === 1 ? `outcome = ${param(filter.outcomes[0])}` : `outcome = ANY(${param(filter.outcomes)}::text[])`);
  if (filter.from) conditions.push(`last_event_at >= ${param(filter.from)}`);
  if (filter.to) conditions.push(`last_event_at < ${param(filter.to)}`);
  if (filter.guruTransactionId !== null) conditions.push(`guru_transaction_id = ${param(filter.guruTransactionId)}`);
  if (filter.buyerDocumentHash) conditions.push(`buyer_document_hash = ${param(filter.buyerDocumentHash)}`);
  if (after) conditions.push(`(last_event_at, guru_transaction_id) < (${param(new Date(after.lastEventAtMs))}, ${param(after.guruTransactionId)})`);
  return { where: conditions.join(' AND '), values };
}

function fromRow(r: SaleRow): StoredSale {
  return {
    state: {
      accountId: r.account_id,
      guruTransactionId: r.guru_transaction_id,
      orderRevision: r.order_revision === null ? null : Number(r.order_revision),
      guruStatus: r.guru_status,
      statusGroup: r.status_group,
      buyerName: r.buyer_name,
      buyerDocumentMasked: r.buyer_document_masked,
      buyerDocumentHash: r.buyer_document_hash,
      totalCents: r.total_cents === null ? null : Number(r.total_cents),
      occurredAt: r.occurred_at,
      resultRevision: r.result_revision === null ? null : Number(r.result_revision),
      resultStage: r.result_stage,
      outcome: r.outcome,
      reason: r.reason,
      detail: r.detail,
      productCodes: r.product_codes,
      vhsys: r.vhsys,
      attempts: r.attempts,
      lastAttemptAt: r.last_attempt_at,
      lastError: r.last_error,
      resultAt: r.result_at,
      answeredRequestId: r.answered_request_id,
      lastEventAt: r.last_event_at,
    },
    updatedAt: r.updated_at,
  };
}
