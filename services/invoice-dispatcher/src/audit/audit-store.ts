import { randomUUID } from 'crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditFindingResolution } from '@gv/contracts';
import { PreparedStatements, returnedRows } from '@gv/db';
import { toLedgerRow } from '../ledger/ledger-store';
import type { LedgerRow } from '../ledger/ledger-types';
import type { FindingDraft, FindingKind } from './audit-findings';

type Row = Record<string, unknown>;

export type AuditRunStatus = 'running' | 'done' | 'failed';
export type FindingResolution = AuditFindingResolution;

export interface AuditRun {
  id: string;
  accountId: string;
  from: Date;
  to: Date;
  requestedBy: string;
  status: AuditRunStatus;
  salesChecked: number;
  salesSkipped: number;
  pedidosListed: number;
  findings: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface AuditFinding extends FindingDraft {
  id: string;
  runId: string;
  accountId: string;
  saleKey: string | null;
  guruTransactionId: string | null;
  resolution: FindingResolution;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  repairRequestId: string | null;
  repairNote: string | null;
}

function toRun(r: Row): AuditRun {
  return {
    id: String(r.id), accountId: String(r.account_id), from: r.period_from as Date, to: r.period_to as Date,
    requestedBy: String(r.requested_by), status: r.status as AuditRunStatus, salesChecked: Number(r.sales_checked),
    salesSkipped: Number(r.sales_skipped), pedidosListed: Number(r.pedidos_listed), findings: Number(r.findings),
    error: (r.error as string | null) ?? null, startedAt: r.started_at as Date, finishedAt: (r.finished_at as Date | null) ?? null,
  };
}

function toFinding(r: Row): AuditFinding {
  return {
    id: String(r.id), runId: String(r.run_id), accountId: String(r.account_id), saleKey: (r.sale_key as string | null) ?? null,
    guruTransactionId: (r.guru_transaction_id as string | null) ?? null, kind: r.kind as FindingKind,
    idPed: r.id_ped === null ? null : Number(r.id_ped), expected: (r.expected as Row | null) ?? null, found: (r.found as Row | null) ?? null,
    resolution: r.resolution as FindingResolution, resolvedBy: (r.resolved_by as string | null) ?? null,
    resolvedAt: (r.resolved_at as Date | null) ?? null, repairRequestId: (r.repair_request_id as string | null) ?? null,
    repairNote: (r.repair_note as string | null) ?? null,
  };
}

/** Where a page of the audit's ledger sales ends: its last sale's `desired.occurredAt` (as stored) and key. */
export interface SalesCursor {
  occurredAt: string;
  saleKey: string;
}

/**
 * The audit's ledger query. Its WHERE and ORDER BY use `"sale_occurred_at"("desired")`, the very
 * expression of the index sale_ledger_account_occurred (account_id, sale_occurred_at(desired),
 * sale_key), so the account equality, the keyset row comparison and the period's end are index
 * conditions and the order is the index's (no sort). A cursor's occurredAt is cast the way the
 * function casts it. Test: audit-ledger-index.integration.spec.ts.
 */
export const SALES_PAGE_SQL = `SELECT * FROM "sale_ledger"
  WHERE "account_id" = $1
    AND ("sale_occurred_at"("desired"), "sale_key") > ($2::timestamptz, $3::text)
    AND "sale_occurred_at"("desired") < $4::timestamptz
  ORDER BY "sale_occurred_at"("desired"), "sale_key" LIMIT $5`;

/** The audit's tables (audit_run, audit_finding) and the ledger reads and writes an audit makes. */
export class AuditStore {
  private readonly sql: PreparedStatements;

  constructor(private readonly dataSource: DataSource) {
    this.sql = new PreparedStatements(dataSource);
  }

  /**
   * Starts run `id` (a new uuid when not given). A run of that id already stored (left `running`
   * by a crash) is started over: its findings are dropped and its counts reset, in one transaction.
   */
  async startRun(accountId: string, from: Date, to: Date, requestedBy: string, id: string = randomUUID()): Promise<AuditRun> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM "audit_finding" WHERE "run_id" = $1`, [id]);
      const [row] = returnedRows(await manager.query(
        `INSERT INTO "audit_run" ("id", "account_id", "period_from", "period_to", "requested_by", "status") VALUES ($1, $2, $3, $4, $5, 'running')
         ON CONFLICT ("id") DO UPDATE SET "status" = 'running', "sales_checked" = 0, "sales_skipped" = 0, "pedidos_listed" = 0, "findings" = 0,
           "error" = NULL, "started_at" = now(), "finished_at" = NULL
         RETURNING *`,
        [id, accountId, from, to, requestedBy],
      )) as Row[];
      return toRun(row!);
    });
  }

  async addFindings(run: AuditRun, sale: { saleKey: string; guruTransactionId: string } | null, findings: FindingDraft[]): Promise<void> {
    for (const f of findings) {
      await this.sql.rows(
        `INSERT INTO "audit_finding" ("id", "run_id", "account_id", "sale_key", "guru_transaction_id", "kind", "id_ped", "expected", "found")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [randomUUID(), run.id, run.accountId, sale?.saleKey ?? null, sale?.guruTransactionId ?? null, f.kind, f.idPed,
          f.expected === null ? null : JSON.stringify(f.expected), f.found === null ? null : JSON.stringify(f.found)],
      );
    }
  }

  async finishRun(runId: string, counts: { salesChecked: number; salesSkipped: number; pedidosListed: number }, error: string | null): Promise<AuditRun> {
    const [row] = await this.sql.rows(
      `UPDATE "audit_run" SET "status" = $2, "sales_checked" = $3, "sales_skipped" = $4, "pedidos_listed" = $5, "error" = $6, "finished_at" = now(),
         "findings" = (SELECT count(*) FROM "audit_finding" WHERE "run_id" = $1)
       WHERE "id" = $1 RETURNING *`,
      [runId, error === null ? 'done' : 'failed', counts.salesChecked, counts.salesSkipped, counts.pedidosListed, error?.slice(0, 2000) ?? null],
    );
    return toRun(row!);
  }

  async run(runId: string): Promise<AuditRun | null> {
    const [row] = await this.sql.rows(`SELECT * FROM "audit_run" WHERE "id" = $1`, [runId]);
    return row ? toRun(row) : null;
  }

  async findings(runId: string): Promise<AuditFinding[]> {
    return (await this.sql.rows(`SELECT * FROM "audit_finding" WHERE "run_id" = $1 ORDER BY "sale_key" NULLS LAST, "kind", "id"`, [runId])).map(toFinding);
  }

  async finding(id: string): Promise<AuditFinding | null> {
    const [row] = await this.sql.rows(`SELECT * FROM "audit_finding" WHERE "id" = $1`, [id]);
    return row ? toFinding(row) : null;
  }

  /**
   * One page of the account's ledger sales whose sale occurred in [from, to), in (occurredAt,
   * sale key) order, after `after` (the last row of the previous page; null for the first). Each
   * page is one range of the index sale_ledger_account_occurred (migration 1780000000007), however
   * many sales the account has outside the period.
   */
  async salesPage(accountId: string, from: Date, to: Date, after: SalesCursor | null, limit: number): Promise<LedgerRow[]> {
    // The first page starts at (from, ''): every sale key is longer than '', so that is `>= from`.
    const rows = await this.sql.rows(SALES_PAGE_SQL, [accountId, after?.occurredAt ?? from.toISOString(), after?.saleKey ?? '', to, limit]);
    return rows.map(toLedgerRow);
  }

  /** The ledger's pedido per Guru marker of the account (for the markers given). */
  async pedidosByMarker(accountId: string, markers: string[]): Promise<Map<string, number | null>> {
    if (markers.length === 0) return new Map();
    const rows = await this.sql.rows(
      `SELECT "desired"->'order'->>'marker' AS "marker", "id_ped" FROM "sale_ledger" WHERE "account_id" = $1 AND "desired"->'order'->>'marker' = ANY($2::text[])`,
      [accountId, markers],
    );
    return new Map(rows.map((r) => [String(r.marker), r.id_ped === null ? null : Number(r.id_ped)]));
  }

  /** Records an operator's decision to accept the finding as it is (only while open). */
  async accept(id: string, by: string): Promise<AuditFinding | null> {
    const [row] = await this.sql.rows(
      `UPDATE "audit_finding" SET "resolution" = 'accepted', "resolved_by" = $2, "resolved_at" = now() WHERE "id" = $1 AND "resolution" = 'open' RETURNING *`,
      [id, by],
    );
    return row ? toFinding(row) : null;
  }

  /**
   * Takes the finding for repair (open → repairing) and applies `forget` to the sale's ledger in
   * the same transaction. Returns null when the finding was not open (repaired, accepted or being
   * repaired already): a second repair does nothing.
   */
  async beginRepair(id: string, by: string, forget: (manager: EntityManager, finding: AuditFinding) => Promise<string>): Promise<AuditFinding | null> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = returnedRows(await manager.query(
        `UPDATE "audit_finding" SET "resolution" = 'repairing', "resolved_by" = $2, "resolved_at" = now(), "repair_request_id" = $3
          WHERE "id" = $1 AND "resolution" = 'open' RETURNING *`,
        [id, by, randomUUID()],
      )) as Row[];
      if (!row) return null;
      const finding = toFinding(row);
      const note = await forget(manager, finding);
      await manager.query(`UPDATE "audit_finding" SET "repair_note" = $2 WHERE "id" = $1`, [id, note]);
      return { ...finding, repairNote: note };
    });
  }

  /** Records where a repair got: `repaired`, `repair_failed`, or still `repairing` (concluded later by settleRepairs). */
  async concludeRepair(id: string, outcome: 'repaired' | 'repair_failed' | 'repairing', note: string): Promise<AuditFinding> {
    const [row] = await this.sql.rows(
      `UPDATE "audit_finding" SET "resolution" = $2, "repair_note" = $3, "resolved_at" = now() WHERE "id" = $1 RETURNING *`,
      [id, outcome, note.slice(0, 2000)],
    );
    return toFinding(row!);
  }

  /**
   * Concludes a finding still `repairing` inside the caller's transaction (compare-and-set:
   * null when another instance concluded it first).
   */
  async concludeIfRepairing(manager: EntityManager, id: string, outcome: 'repaired' | 'repair_failed', note: string): Promise<AuditFinding | null> {
    const [row] = returnedRows(await manager.query(
      `UPDATE "audit_finding" SET "resolution" = $2, "repair_note" = $3, "resolved_at" = now() WHERE "id" = $1 AND "resolution" = 'repairing' RETURNING *`,
      [id, outcome, note.slice(0, 2000)],
    )) as Row[];
    return row ? toFinding(row) : null;
  }

  /** Findings in `repairing` (of one account, or of all), oldest first, at most `limit`. */
  async repairing(accountId: string | null, limit: number): Promise<AuditFinding[]> {
    const rows = await this.sql.rows(
      `SELECT * FROM "audit_finding" WHERE "resolution" = 'repairing' AND ($1::text IS NULL OR "account_id" = $1) ORDER BY "resolved_at", "id" LIMIT $2`,
      [accountId, limit],
    );
    return rows.map(toFinding);
  }
}
