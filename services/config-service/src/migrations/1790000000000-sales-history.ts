import { MigrationInterface, QueryRunner } from 'typeorm';
import { kafkaInflightTableSql } from '@gv/db';

/**
 * The sales history read model (sales-history/): one row per sale with its current state, its
 * timeline (bounded per sale), and the in-flight markers of its consumer's crash-loop breaker.
 * Revisions are bigint: mapping-service derives them from Guru's updated_at (milliseconds).
 * Personal data kept: the buyer's name and masked document, and a keyed hash of the document (the
 * filter); never the clear document, an address, an e-mail or a phone.
 */
export class SalesHistory1790000000000 implements MigrationInterface {
  name = 'SalesHistory1790000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`CREATE TABLE "${schema}"."sale_history" (
      "account_id" text NOT NULL,
      "guru_transaction_id" text NOT NULL,
      "order_revision" bigint,
      "guru_status" text,
      "status_group" text,
      "buyer_name" text,
      "buyer_document_masked" text,
      "buyer_document_hash" bytea,
      "total_cents" bigint,
      "occurred_at" timestamptz,
      "result_revision" bigint,
      "result_stage" text,
      "outcome" text,
      "reason" text,
      "detail" text,
      "product_codes" jsonb NOT NULL DEFAULT '[]'::jsonb,
      "vhsys" jsonb,
      "attempts" integer NOT NULL DEFAULT 0,
      "last_attempt_at" timestamptz,
      "last_error" text,
      "result_at" timestamptz,
      "answered_request_id" text,
      "last_event_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("account_id", "guru_transaction_id")
    )`);
    // The list: newest first by last event, ties by id (keyset pagination walks this index).
    await runner.query(`CREATE INDEX "sale_history_recent" ON "${schema}"."sale_history" ("account_id", "last_event_at" DESC, "guru_transaction_id" DESC)`);
    await runner.query(`CREATE INDEX "sale_history_by_outcome" ON "${schema}"."sale_history" ("account_id", "outcome", "last_event_at" DESC, "guru_transaction_id" DESC)`);
    await runner.query(`CREATE INDEX "sale_history_by_buyer" ON "${schema}"."sale_history" ("account_id", "buyer_document_hash") WHERE "buyer_document_hash" IS NOT NULL`);
    await runner.query(`CREATE TABLE "${schema}"."sale_history_event" (
      "id" bigserial PRIMARY KEY,
      "account_id" text NOT NULL,
      "guru_transaction_id" text NOT NULL,
      "at" timestamptz NOT NULL,
      "kind" text NOT NULL,
      "title" text NOT NULL,
      "detail" text,
      "outcome" text,
      "revision" bigint,
      "dedupe_key" text NOT NULL,
      CONSTRAINT "sale_history_event_once" UNIQUE ("account_id", "guru_transaction_id", "dedupe_key")
    )`);
    await runner.query(`CREATE INDEX "sale_history_event_by_sale" ON "${schema}"."sale_history_event" ("account_id", "guru_transaction_id", "at", "id")`);
    for (const sql of kafkaInflightTableSql(schema)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`DROP TABLE IF EXISTS "${schema}"."kafka_inflight"`);
    await runner.query(`DROP TABLE "${schema}"."sale_history_event"`);
    await runner.query(`DROP TABLE "${schema}"."sale_history"`);
  }
}
