import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateParkedSales1764400000000 implements MigrationInterface {
  name = 'CreateParkedSales1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    await runner.query(`CREATE TABLE "${schema}"."parked_sales" (
      "account_id" text NOT NULL,
      "guru_transaction_id" text NOT NULL,
      "revision" bigint NOT NULL,
      "event" jsonb NOT NULL,
      "missing_product_codes" text[] NOT NULL,
      "trace_carrier" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "parked_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL,
      PRIMARY KEY ("account_id", "guru_transaction_id")
    )`);
    await runner.query(`CREATE INDEX "parked_sales_by_account_age" ON "${schema}"."parked_sales" ("account_id", "parked_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    await runner.query(`DROP TABLE "${schema}"."parked_sales"`);
  }
}
