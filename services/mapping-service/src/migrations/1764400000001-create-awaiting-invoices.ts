import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAwaitingInvoices1764400000001 implements MigrationInterface {
  name = 'CreateAwaitingInvoices1764400000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    await runner.query(`CREATE TABLE "${schema}"."awaiting_invoices" (
      "account_id" text NOT NULL,
      "guru_transaction_id" text NOT NULL,
      "revision" bigint NOT NULL,
      "event" jsonb NOT NULL,
      "due_at" timestamptz NOT NULL,
      "trace_carrier" jsonb NOT NULL DEFAULT '{}'::jsonb,
      PRIMARY KEY ("account_id", "guru_transaction_id")
    )`);
    await runner.query(`CREATE INDEX "awaiting_invoices_due" ON "${schema}"."awaiting_invoices" ("due_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    await runner.query(`DROP TABLE "${schema}"."awaiting_invoices"`);
  }
}
