import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@gv/db';

/** Integration settings, per-product billing, the audit log and the transactional outbox. */
export class CreateConfigTables1765100000000 implements MigrationInterface {
  name = 'CreateConfigTables1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'config_service';
    await runner.query(`CREATE TABLE "${schema}"."integration" (
      "account_id" text PRIMARY KEY,
      "version" integer NOT NULL,
      "deleted_at" timestamptz,
      "active" boolean NOT NULL DEFAULT false,
      "criar_venda_com_juros" boolean NOT NULL DEFAULT false,
      "enviar_parcelas" boolean NOT NULL DEFAULT false,
      "access_token_sealed" text,
      "secret_access_token_sealed" text,
      "credentials_key_id" text,
      "access_token_last4" text,
      "secret_access_token_last4" text,
      "credentials_set_at" timestamptz,
      "credentials_version" integer NOT NULL DEFAULT 0,
      "payment_methods" jsonb NOT NULL,
      "status_map" jsonb NOT NULL,
      "invoice_policy" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL,
      CONSTRAINT "integration_tokens_together" CHECK (("access_token_sealed" IS NULL) = ("secret_access_token_sealed" IS NULL))
    )`);
    await runner.query(`CREATE TABLE "${schema}"."product_billing" (
      "account_id" text NOT NULL REFERENCES "${schema}"."integration" ("account_id") ON DELETE CASCADE,
      "guru_product_code" text NOT NULL,
      "settings" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL,
      PRIMARY KEY ("account_id", "guru_product_code")
    )`);
    await runner.query(`CREATE TABLE "${schema}"."audit_log" (
      "id" bigserial PRIMARY KEY,
      "account_id" text NOT NULL,
      "at" timestamptz NOT NULL DEFAULT now(),
      "actor" text NOT NULL,
      "via" text NOT NULL,
      "action" text NOT NULL,
      "version" integer NOT NULL,
      "changes" jsonb NOT NULL,
      "trace_id" text
    )`);
    await runner.query(`CREATE INDEX "audit_log_by_account" ON "${schema}"."audit_log" ("account_id", "id" DESC)`);
    for (const sql of outboxTableSql(schema)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'config_service';
    await runner.query(`DROP TABLE "${schema}"."outbox"`);
    await runner.query(`DROP TABLE "${schema}"."audit_log"`);
    await runner.query(`DROP TABLE "${schema}"."product_billing"`);
    await runner.query(`DROP TABLE "${schema}"."integration"`);
  }
}
