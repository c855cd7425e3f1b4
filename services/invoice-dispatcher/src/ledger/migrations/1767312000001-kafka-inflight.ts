import { MigrationInterface, QueryRunner } from 'typeorm';
import { kafkaInflightTableSql } from '@gv/db';

/** In-flight markers of both consumers' crash-loop breaker (docs/kafka.md#crash-loop-breaker). */
export class DispatcherKafkaInflight1767312000001 implements MigrationInterface {
  name = 'DispatcherKafkaInflight1767312000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'invoice_dispatcher';
    for (const sql of kafkaInflightTableSql(schema)) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'invoice_dispatcher';
    await queryRunner.query(`DROP TABLE "${schema}"."kafka_inflight"`);
  }
}
