import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit read model (audits/): one `audit_view` row per audit config-service asked for
 * (inserted with status `requested`, then kept from `vhsys.audit-results.v1`), one
 * `audit_view_finding` row per finding the dispatcher reported, upserted by id (never deleted).
 * The dispatcher owns the audit data; this is what the admin API shows.
 */
export class AuditView1790000000001 implements MigrationInterface {
  name = 'AuditView1790000000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`CREATE TABLE "${schema}"."audit_view" (
      "audit_id" uuid PRIMARY KEY,
      "account_id" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('requested', 'running', 'done', 'failed')),
      "period_from" timestamptz NOT NULL,
      "period_to" timestamptz NOT NULL,
      "requested_by" text NOT NULL,
      "requested_at" timestamptz NOT NULL,
      "started_at" timestamptz,
      "finished_at" timestamptz,
      "error" text,
      "sales_checked" integer NOT NULL DEFAULT 0,
      "sales_skipped" integer NOT NULL DEFAULT 0,
      "pedidos_listed" integer NOT NULL DEFAULT 0,
      "findings" integer NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "audit_view_recent" ON "${schema}"."audit_view" ("account_id", "requested_at" DESC, "audit_id" DESC)`);
    await runner.query(`CREATE TABLE "${schema}"."audit_view_finding" (
      "finding_id" uuid PRIMARY KEY,
      "audit_id" uuid NOT NULL REFERENCES "${schema}"."audit_view" ("audit_id") ON DELETE CASCADE,
      "account_id" text NOT NULL,
      "kind" text NOT NULL,
      "guru_transaction_id" text,
      "id_ped" bigint,
      "expected" jsonb,
      "found" jsonb,
      "resolution" text NOT NULL,
      "resolved_by" text,
      "resolved_at" timestamptz,
      "note" text,
      "requested" text,
      "refusal" text,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "audit_view_finding_audit" ON "${schema}"."audit_view_finding" ("audit_id", "kind", "finding_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`DROP TABLE IF EXISTS "${schema}"."audit_view_finding"`);
    await runner.query(`DROP TABLE IF EXISTS "${schema}"."audit_view"`);
  }
}
