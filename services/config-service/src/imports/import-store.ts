import { DataSource } from 'typeorm';
import type { ImportRequest, ImportSegment } from './import-request';
import type { ImportStatus } from './import-progress';

interface JobRow {
  id: string;
  account_id: string;
  period_from: string;
  period_to: string;
  product_ids: string[] | null;
  statuses: string[] | null;
  status: ImportStatus;
  segments: ImportSegment[];
  segment_index: number;
  guru_cursor: string | null;
  total: number | null;
  produced: number;
  skipped: number;
  errors: number;
  consecutive_errors: number;
  last_error: string | null;
  requested_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  run_started_at: Date | null;
  done_at_run_start: number;
  lease_owner: string | null;
  lease_expires_at: Date | null;
}

export interface ImportJob {
  id: string;
  accountId: string;
  request: ImportRequest;
  status: ImportStatus;
  segments: ImportSegment[];
  segmentIndex: number;
  guruCursor: string | null;
  total: number | null;
  produced: number;
  skipped: number;
  errors: number;
  consecutiveErrors: number;
  lastError: string | null;
  requestedBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  runStartedAt: Date | null;
  doneAtRunStart: number;
  leaseOwner: string | null;
}

/** Where a page leaves the import, stored in the same statement as its counters. */
export interface PageCommit {
  segmentIndex: number;
  guruCursor: string | null;
  produced: number;
  skipped: number;
}

/** A unique violation of the one-active-import-per-account index. */
export class ImportAlreadyActive extends Error {}

/** SQL of import_job (schema-qualified; values only as parameters). */
export class ImportStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  private get table(): string {
    return `"${this.schema}"."import_job"`;
  }

  async insert(job: { id: string; accountId: string; request: ImportRequest; segments: ImportSegment[]; requestedBy: string }): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO ${this.table} (id, account_id, period_from, period_to, product_ids, statuses, status, segments, requested_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8)`,
        [job.id, job.accountId, job.request.from, job.request.to, json(job.request.productIds), json(job.request.statuses), JSON.stringify(job.segments), job.requestedBy],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ImportAlreadyActive();
      throw error;
    }
  }

  async get(accountId: string, id: string): Promise<ImportJob | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${this.table} WHERE account_id = $1 AND id = $2`, [accountId, id])) as JobRow[];
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async active(accountId: string): Promise<ImportJob | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${this.table} WHERE account_id = $1 AND status IN ('queued', 'running', 'cancelling')`, [accountId])) as JobRow[];
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The account's imports, newest first. */
  async list(accountId: string, limit: number): Promise<ImportJob[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${this.table} WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2`, [accountId, limit])) as JobRow[];
    return rows.map(fromRow);
  }

  /** Sets the status a cancel leads to (queued → cancelled, running → cancelling); null: no such import. */
  async cancel(accountId: string, id: string): Promise<ImportJob | null> {
    const rows = (await this.dataSource.query(
      `UPDATE ${this.table} SET
         status = CASE status WHEN 'queued' THEN 'cancelled' WHEN 'running' THEN 'cancelling' ELSE status END,
         finished_at = CASE status WHEN 'queued' THEN now() ELSE finished_at END,
         updated_at = now()
       WHERE account_id = $1 AND id = $2 RETURNING *`,
      [accountId, id],
    )) as [JobRow[], number];
    const row = rows[0]?.[0];
    return row ? fromRow(row) : null;
  }

  /**
   * Takes the oldest active import whose lease is free or expired (another instance crashed or
   * stopped), for `leaseMs`. SKIP LOCKED: two instances claiming at once take different imports.
   */
  async claim(owner: string, leaseMs: number): Promise<ImportJob | null> {
    const rows = (await this.dataSource.query(
      `UPDATE ${this.table} j SET lease_owner = $1, lease_expires_at = now() + $2 * interval '1 millisecond',
         status = CASE j.status WHEN 'queued' THEN 'running' ELSE j.status END,
         started_at = coalesce(j.started_at, now()), run_started_at = now(), done_at_run_start = j.produced + j.skipped, updated_at = now()
       WHERE j.id = (SELECT id FROM ${this.table} WHERE status IN ('queued', 'running', 'cancelling')
                       AND (lease_expires_at IS NULL OR lease_expires_at < now())
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING j.*`,
      [owner, leaseMs],
    )) as [JobRow[], number];
    const row = rows[0]?.[0];
    return row ? fromRow(row) : null;
  }

  /** Extends the lease; returns the status, or null when this instance no longer holds the import. */
  async renew(id: string, owner: string, leaseMs: number): Promise<ImportStatus | null> {
    const rows = (await this.dataSource.query(
      `UPDATE ${this.table} SET lease_expires_at = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_owner = $2 RETURNING status`,
      [id, owner, leaseMs],
    )) as [{ status: ImportStatus }[], number];
    return rows[0]?.[0]?.status ?? null;
  }

  /**
   * Of these sale ids of the account, those the pipeline has answered: the sales history (this
   * service's read model of the pipeline's results) holds an outcome for them. The import's
   * PipelineWindow paces itself by it.
   */
  async answered(accountId: string, ids: string[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT guru_transaction_id FROM "${this.schema}"."sale_history" WHERE account_id = $1 AND guru_transaction_id = ANY($2::text[]) AND outcome IS NOT NULL`,
      [accountId, ids],
    )) as { guru_transaction_id: string }[];
    return new Set(rows.map((r) => r.guru_transaction_id));
  }

  async setTotal(id: string, owner: string, total: number): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.table} SET total = $3, updated_at = now() WHERE id = $1 AND lease_owner = $2`, [id, owner, total]);
  }

  /**
   * Stores a page's position and counters and renews the lease, in one statement, after the
   * page's sales were produced. Returns the status (a cancel may have arrived), or null when the
   * lease was lost (another instance took over: this one stops).
   */
  async commitPage(id: string, owner: string, leaseMs: number, page: PageCommit): Promise<ImportStatus | null> {
    const rows = (await this.dataSource.query(
      `UPDATE ${this.table} SET segment_index = $3, guru_cursor = $4, produced = produced + $5, skipped = skipped + $6,
         consecutive_errors = 0, lease_expires_at = now() + $7 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND lease_owner = $2 RETURNING status`,
      [id, owner, page.segmentIndex, page.guruCursor, page.produced, page.skipped, leaseMs],
    )) as [{ status: ImportStatus }[], number];
    return rows[0]?.[0]?.status ?? null;
  }

  async recordError(id: string, owner: string, message: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE ${this.table} SET errors = errors + 1, consecutive_errors = consecutive_errors + 1, last_error = $3, updated_at = now()
       WHERE id = $1 AND lease_owner = $2 RETURNING consecutive_errors`,
      [id, owner, message.slice(0, 500)],
    )) as [{ consecutive_errors: number }[], number];
    return rows[0]?.[0]?.consecutive_errors ?? 0;
  }

  /** Ends the import (done, cancelled, failed) and frees its lease. */
  async finish(id: string, owner: string, status: 'done' | 'cancelled' | 'failed'): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET status = $3, finished_at = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
       WHERE id = $1 AND lease_owner = $2`,
      [id, owner, status],
    );
  }

  /** Frees the lease at shutdown so another instance resumes at once instead of after expiry. */
  async release(id: string, owner: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.table} SET lease_expires_at = NULL, lease_owner = NULL WHERE id = $1 AND lease_owner = $2`, [id, owner]);
  }
}

function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function fromRow(r: JobRow): ImportJob {
  return {
    id: r.id,
    accountId: r.account_id,
    request: { from: r.period_from, to: r.period_to, productIds: r.product_ids, statuses: r.statuses },
    status: r.status,
    segments: r.segments,
    segmentIndex: r.segment_index,
    guruCursor: r.guru_cursor,
    total: r.total,
    produced: r.produced,
    skipped: r.skipped,
    errors: r.errors,
    consecutiveErrors: r.consecutive_errors,
    lastError: r.last_error,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    runStartedAt: r.run_started_at,
    doneAtRunStart: r.done_at_run_start,
    leaseOwner: r.lease_owner,
  };
}
