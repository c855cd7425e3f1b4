import { MigrationInterface, QueryRunner } from 'typeorm';
import { kafkaInflightTableSql } from '@gv/db';

/** In-flight markers of the sales consumer's crash-loop breaker (docs/kafka.md#crash-loop-breaker). */
export class CreateKafkaInflight1764400000003 implements MigrationInterface {
  name = 'CreateKafkaInflight1764400000003';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    for (const sql of kafkaInflightTableSql(schema)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'mapping_service';
    await runner.query(`DROP TABLE "${schema}"."kafka_inflight"`);
  }
}
