import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxSetAside, dropOutboxSetAside } from '@gv/db';

/** Outbox rows the broker refuses for good are set aside with their reason (libs/db OutboxRelay). */
export class MappingOutboxSetAside1780000000000 implements MigrationInterface {
  name = 'MappingOutboxSetAside1780000000000';

  async up(runner: QueryRunner): Promise<void> {
    await addOutboxSetAside(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxSetAside(runner);
  }
}
