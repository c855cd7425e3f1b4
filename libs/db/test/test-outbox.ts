import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxSetAside, outboxTableSql } from '../src';

/** The outbox table as a service's migrations leave it: outboxTableSql, then the set-aside columns. */
export class TestOutbox1700000000000 implements MigrationInterface {
  name = 'TestOutbox1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    for (const sql of outboxTableSql(schema)) await runner.query(sql);
    await addOutboxSetAside(runner);
  }
  async down(): Promise<void> {}
}
