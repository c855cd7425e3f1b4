import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@gv/db';

/**
 * The transactional outbox: a parked sale's release and an awaiting sale's re-map commit the
 * SaleOrder (or result) they owe together with their row change; the OutboxRelay publishes it.
 */
export class CreateOutbox1764400000002 implements MigrationInterface {
  name = 'CreateOutbox1764400000002';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    for (const sql of outboxTableSql(schema)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    await runner.query(`DROP TABLE IF EXISTS "${schema}"."outbox"`);
  }
}
