import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ("Conferir com o Vhsys", docs/dispatcher.md#audit): one `audit_run` per audit of an
 * account and period (status, counts), one `audit_finding` per difference found, with the
 * operator's resolution (open → repairing → repaired, or accepted) and who decided it, when.
 */
export class DispatcherAudit1780000000005 implements MigrationInterface {
  name = 'DispatcherAudit1780000000005';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS "audit_run" (
        "id" uuid PRIMARY KEY,
        "account_id" text NOT NULL,
        "period_from" timestamptz NOT NULL,
        "period_to" timestamptz NOT NULL,
        "requested_by" text NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('running', 'done', 'failed')),
        "sales_checked" integer NOT NULL DEFAULT 0,
        "sales_skipped" integer NOT NULL DEFAULT 0,
        "pedidos_listed" integer NOT NULL DEFAULT 0,
        "findings" integer NOT NULL DEFAULT 0,
        "error" text,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz
      )`);
    await runner.query(`CREATE INDEX IF NOT EXISTS "audit_run_account" ON "audit_run" ("account_id", "started_at" DESC)`);
    await runner.query(`
      CREATE TABLE IF NOT EXISTS "audit_finding" (
        "id" uuid PRIMARY KEY,
        "run_id" uuid NOT NULL REFERENCES "audit_run" ("id") ON DELETE CASCADE,
        "account_id" text NOT NULL,
        "sale_key" text,
        "guru_transaction_id" text,
        "kind" text NOT NULL,
        "id_ped" bigint,
        "expected" jsonb,
        "found" jsonb,
        "resolution" text NOT NULL DEFAULT 'open' CHECK ("resolution" IN ('open', 'repairing', 'repaired', 'accepted')),
        "resolved_by" text,
        "resolved_at" timestamptz,
        "repair_request_id" uuid,
        "repair_note" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX IF NOT EXISTS "audit_finding_run" ON "audit_finding" ("run_id", "id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "audit_finding"`);
    await runner.query(`DROP TABLE IF EXISTS "audit_run"`);
  }
}
