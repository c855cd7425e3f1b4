import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@gv/db';

/**
 * The dispatcher's ledger: one row per sale (desired state + what exists in Vhsys), one row per
 * (sale, step) journaling each Vhsys write (`started` before the call, `done`/`failed` after it),
 * per-account pause state, and the transactional outbox the results are published from.
 */
export class DispatcherLedger1767312000000 implements MigrationInterface {
  name = 'DispatcherLedger1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'invoice_dispatcher';
    const s = `"${schema}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}."sale_ledger" (
        "sale_key" text PRIMARY KEY,
        "account_id" text NOT NULL,
        "guru_transaction_id" text NOT NULL,
        "desired_revision" bigint NOT NULL,
        "desired" jsonb NOT NULL,
        "desired_received_at" timestamptz NOT NULL DEFAULT now(),
        "status" text NOT NULL CHECK ("status" IN ('pending', 'retrying', 'parked', 'reconciled', 'failed')),
        "reconciled_revision" bigint,
        "attempts" integer NOT NULL DEFAULT 0,
        "retry_generation" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz,
        "wake_at" timestamptz,
        "last_error_kind" text,
        "last_error" text,
        "trace_carrier" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "id_cliente" bigint,
        "id_ped" bigint,
        "id_pedido" bigint,
        "order_created_revision" bigint,
        "last_change_revision" bigint,
        "applied_header_hash" text,
        "applied_items_hash" text,
        "applied_installments_hash" text,
        "applied_status" text,
        "applied_situacao" integer,
        "nfe_id_venda" bigint,
        "nfe_emitted" boolean NOT NULL DEFAULT false,
        "nfe_chave" text,
        "nfe_protocolo" text,
        "nfe_danfe_url" text,
        "nfse_id_servico" bigint,
        "nfse_emitted" boolean NOT NULL DEFAULT false,
        "nfse_numero" text,
        "manual_cancellation_revision" bigint,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "sale_ledger_account_status" ON ${s}."sale_ledger" ("account_id", "status")`);
    await queryRunner.query(`CREATE INDEX "sale_ledger_wake_at" ON ${s}."sale_ledger" ("wake_at") WHERE "wake_at" IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE ${s}."sale_step" (
        "sale_key" text NOT NULL REFERENCES ${s}."sale_ledger" ("sale_key") ON DELETE CASCADE,
        "step" text NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('started', 'done', 'failed')),
        "revision" bigint NOT NULL,
        "runs" integer NOT NULL DEFAULT 0,
        "started_at" timestamptz,
        "finished_at" timestamptz,
        "result" jsonb,
        "error" text,
        PRIMARY KEY ("sale_key", "step")
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}."vhsys_account" (
        "account_id" text PRIMARY KEY,
        "paused" boolean NOT NULL DEFAULT false,
        "paused_reason" text,
        "paused_at" timestamptz,
        "paused_credentials_version" integer,
        "latest_credentials_version" integer NOT NULL DEFAULT 0,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    for (const sql of outboxTableSql(schema)) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'invoice_dispatcher';
    const s = `"${schema}"`;
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."outbox"`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."sale_step"`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."vhsys_account"`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}."sale_ledger"`);
  }
}
