import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sale_step.marker_search`: how far the marker search resolving a `started` step got when an
 * attempt's page budget ran out ({position: {offset, lastKey}, pagesRead, attempts}), so the next
 * attempt resumes it. Cleared whenever the step is started again.
 */
export class DispatcherStepMarkerSearch1780000000003 implements MigrationInterface {
  name = 'DispatcherStepMarkerSearch1780000000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "sale_step" ADD COLUMN IF NOT EXISTS "marker_search" jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "sale_step" DROP COLUMN IF EXISTS "marker_search"`);
  }
}
