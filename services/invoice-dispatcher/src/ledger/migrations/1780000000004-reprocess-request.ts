import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sale_ledger.reprocess_request_id`: the reprocess request (vhsys.sale-reprocess.v1) the sale's
 * next outcome answers. Set when a request is taken, cleared (only if still the same request) in the
 * transaction that enqueues the result carrying it, so an attempt that is retried, handed off or
 * finds the sale busy still answers the request when it finally concludes.
 */
export class DispatcherReprocessRequest1780000000004 implements MigrationInterface {
  name = 'DispatcherReprocessRequest1780000000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "sale_ledger" ADD COLUMN IF NOT EXISTS "reprocess_request_id" uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "sale_ledger" DROP COLUMN IF EXISTS "reprocess_request_id"`);
  }
}
