import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxSetAside, dropOutboxSetAside } from '@gv/db';

/** Outbox rows the broker refuses for good are set aside with their reason (libs/db OutboxRelay). */
export class OutboxSetAside1780000000000 implements MigrationInterface {
  name = 'OutboxSetAside1780000000000';

  async up(runner: QueryRunner): Promise<void> {
    await addOutboxSetAside(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxSetAside(runner);
  }
}
