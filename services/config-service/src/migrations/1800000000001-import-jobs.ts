import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of past sales (imports/): one row per import with its request, its position (segment
 * index and Guru cursor), its counters, and the lease of the instance running it. At most one
 * active import per account: a partial unique index, so two concurrent starts cannot both win.
 */
export class ImportJobs1800000000001 implements MigrationInterface {
  name = 'ImportJobs1800000000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`CREATE TABLE "${schema}"."import_job" (
      "id" uuid PRIMARY KEY,
      "account_id" text NOT NULL,
      "period_from" text NOT NULL,
      "period_to" text NOT NULL,
      "product_ids" jsonb,
      "statuses" jsonb,
      "status" text NOT NULL CHECK ("status" IN ('queued', 'running', 'cancelling', 'cancelled', 'done', 'failed')),
      "segments" jsonb NOT NULL,
      "segment_index" integer NOT NULL DEFAULT 0,
      "guru_cursor" text,
      "total" integer,
      "produced" integer NOT NULL DEFAULT 0,
      "skipped" integer NOT NULL DEFAULT 0,
      "errors" integer NOT NULL DEFAULT 0,
      "consecutive_errors" integer NOT NULL DEFAULT 0,
      "last_error" text,
      "requested_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "started_at" timestamptz,
      "finished_at" timestamptz,
      "run_started_at" timestamptz,
      "done_at_run_start" integer NOT NULL DEFAULT 0,
      "lease_owner" text,
      "lease_expires_at" timestamptz,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE UNIQUE INDEX "import_job_one_active_per_account" ON "${schema}"."import_job" ("account_id")
      WHERE "status" IN ('queued', 'running', 'cancelling')`);
    await runner.query(`CREATE INDEX "import_job_claimable" ON "${schema}"."import_job" ("created_at") WHERE "status" IN ('queued', 'running', 'cancelling')`);
    await runner.query(`CREATE INDEX "import_job_account" ON "${schema}"."import_job" ("account_id", "created_at" DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'config_service';
    await runner.query(`DROP TABLE "${schema}"."import_job"`);
  }
}
