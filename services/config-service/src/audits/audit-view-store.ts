import type { DataSource, EntityManager } from 'typeorm';
import type { AuditResult } from '@gv/contracts';

export interface AuditViewRow {
  audit_id: string;
  account_id: string;
  status: 'requested' | 'running' | 'done' | 'failed';
  period_from: Date;
  period_to: Date;
  requested_by: string;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  sales_checked: number;
  sales_skipped: number;
  pedidos_listed: number;
  findings: number;
}

export interface AuditFindingRow {
  finding_id: string;
  audit_id: string;
  kind: string;
  guru_transaction_id: string | null;
  id_ped: string | null;
  expected: Record<string, unknown> | null;
  found: Record<string, unknown> | null;
  resolution: string;
  resolved_by: string | null;
  resolved_at: Date | null;
  note: string | null;
  requested: 'repair' | 'accept' | null;
  refusal: string | null;
}

/** SQL of the audit read model (schema-qualified; values only as parameters). */
export class AuditViewStore {
  constructor(private readonly dataSource: DataSource, private readonly schema: string) {}

  private t(table: string): string {
    return `"${this.schema}"."${table}"`;
  }

  async insertRequested(manager: EntityManager, a: { auditId: string; accountId: string; from: Date; to: Date; requestedBy: string; requestedAt: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('audit_view')} (audit_id, account_id, status, period_from, period_to, requested_by, requested_at) VALUES ($1, $2, 'requested', $3, $4, $5, $6)`,
      [a.auditId, a.accountId, a.from, a.to, a.requestedBy, a.requestedAt],
    );
  }

  /**
   * Applies one answer of the dispatcher: the run's status and counts (a run config-service did
   * not ask for, e.g. after a restore, is inserted), and each finding it carries upserted by id.
   * A finding's pending request is cleared by the answer; a refusal is kept on its finding.
   */
  async apply(result: AuditResult): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO ${this.t('audit_view')} (audit_id, account_id, status, period_from, period_to, requested_by, requested_at, started_at, finished_at,
           error, sales_checked, sales_skipped, pedidos_listed, findings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (audit_id) DO UPDATE SET status = EXCLUDED.status, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
           error = EXCLUDED.error, sales_checked = EXCLUDED.sales_checked, sales_skipped = EXCLUDED.sales_skipped,
           pedidos_listed = EXCLUDED.pedidos_listed, findings = EXCLUDED.findings, updated_at = now()
         WHERE ${this.t('audit_view')}.account_id = EXCLUDED.account_id`,
        [result.auditId, result.accountId, result.status, result.from, result.to, result.requestedBy, result.startedAt, result.finishedAt,
          result.error, result.counts.salesChecked, result.counts.salesSkipped, result.counts.pedidosListed, result.counts.findings],
      );
      for (const f of result.findings) {
        const refusal = result.refused?.findingId === f.findingId ? `${result.refused.kind} refused: ${result.refused.reason}` : null;
        await manager.query(
          `INSERT INTO ${this.t('audit_view_finding')} (finding_id, audit_id, account_id, kind, guru_transaction_id, id_ped, expected, found, resolution,
             resolved_by, resolved_at, note, refusal)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
            WHERE EXISTS (SELECT 1 FROM ${this.t('audit_view')} WHERE audit_id = $2 AND account_id = $3)
           ON CONFLICT (finding_id) DO UPDATE SET resolution = EXCLUDED.resolution, resolved_by = EXCLUDED.resolved_by, resolved_at = EXCLUDED.resolved_at,
             note = EXCLUDED.note, refusal = EXCLUDED.refusal, requested = NULL, updated_at = now()
           WHERE ${this.t('audit_view_finding')}.account_id = EXCLUDED.account_id`,
          [f.findingId, result.auditId, result.accountId, f.kind, f.guruTransactionId, f.idPed,
            f.expected === null ? null : JSON.stringify(f.expected), f.found === null ? null : JSON.stringify(f.found),
            f.resolution, f.resolvedBy, f.resolvedAt, f.note, refusal],
        );
      }
    });
  }

  /** Whether an audit of the account requested since `since` is still requested or running (locked until the transaction ends). */
  async lockPending(manager: EntityManager, accountId: string, since: Date): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM ${this.t('audit_view')} WHERE account_id = $1 AND status IN ('requested', 'running') AND requested_at > $2 FOR UPDATE`,
      [accountId, since],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The account's audits, newest first, at most `limit`. */
  async list(accountId: string, limit: number): Promise<AuditViewRow[]> {
    return (await this.dataSource.query(
      `SELECT * FROM ${this.t('audit_view')} WHERE account_id = $1 ORDER BY requested_at DESC, audit_id DESC LIMIT $2`,
      [accountId, limit],
    )) as AuditViewRow[];
  }

  async get(accountId: string, auditId: string): Promise<AuditViewRow | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${this.t('audit_view')} WHERE account_id = $1 AND audit_id = $2`, [accountId, auditId])) as AuditViewRow[];
    return rows[0] ?? null;
  }

  /** The audit's findings (at most `limit`, by kind then id) and how many there are. */
  async findings(auditId: string, limit: number): Promise<{ rows: AuditFindingRow[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM ${this.t('audit_view_finding')} WHERE audit_id = $1 ORDER BY kind, finding_id LIMIT $2`,
      [auditId, limit],
    )) as AuditFindingRow[];
    const [count] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.t('audit_view_finding')} WHERE audit_id = $1`, [auditId])) as { n: number }[];
    return { rows, total: count?.n ?? 0 };
  }

  /** The finding, locked until the transaction ends (null: not a finding of this account's audit). */
  async lockFinding(manager: EntityManager, accountId: string, auditId: string, findingId: string): Promise<AuditFindingRow | null> {
    const rows = (await manager.query(
      `SELECT * FROM ${this.t('audit_view_finding')} WHERE finding_id = $1 AND audit_id = $2 AND account_id = $3 FOR UPDATE`,
      [findingId, auditId, accountId],
    )) as AuditFindingRow[];
    return rows[0] ?? null;
  }

  async markRequested(manager: EntityManager, findingId: string, kind: 'repair' | 'accept'): Promise<void> {
    await manager.query(`UPDATE ${this.t('audit_view_finding')} SET requested = $2, refusal = NULL, updated_at = now() WHERE finding_id = $1`, [findingId, kind]);
  }
}
