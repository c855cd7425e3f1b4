import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A repair can end `repair_failed` (the sale's re-dispatch gave up, or the sale left the ledger),
 * so a finding never stays `repairing` once its re-dispatch concluded (docs/operations.md#auditing-vhsys-against-the-ledger).
 * The index serves the settle pass (findings still `repairing`).
 */
export class DispatcherAuditRepairFailed1780000000006 implements MigrationInterface {
  name = 'DispatcherAuditRepairFailed1780000000006';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "audit_finding" DROP CONSTRAINT IF EXISTS "audit_finding_resolution_check"`);
    await runner.query(`ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_resolution_check"
      CHECK ("resolution" IN ('open', 'repairing', 'repaired', 'repair_failed', 'accepted'))`);
    await runner.query(`CREATE INDEX IF NOT EXISTS "audit_finding_repairing" ON "audit_finding" ("resolved_at") WHERE "resolution" = 'repairing'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS "audit_finding_repairing"`);
    await runner.query(`UPDATE "audit_finding" SET "resolution" = 'repairing' WHERE "resolution" = 'repair_failed'`);
    await runner.query(`ALTER TABLE "audit_finding" DROP CONSTRAINT IF EXISTS "audit_finding_resolution_check"`);
    await runner.query(`ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_resolution_check" CHECK ("resolution" IN ('open', 'repairing', 'repaired', 'accepted'))`);
  }
}
