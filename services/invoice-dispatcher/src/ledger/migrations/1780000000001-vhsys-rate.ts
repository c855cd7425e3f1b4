import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each Vhsys account's request schedule, shared by every dispatcher instance (AccountRateLimiter):
 * the theoretical arrival time of its next request (GCRA), in epoch milliseconds of the database's
 * clock. One row per account that has made a request; an idle account's row is simply in the past.
 *
 * UNLOGGED: every Vhsys call updates it, and a logged table would make each of those updates a
 * commit waiting for a WAL flush (measured: +10 commits and about +40 % database CPU per sale).
 * Nothing here needs to survive a database crash: after one the table is empty, and the accounts
 * start again from a full burst.
 */
export class DispatcherVhsysRate1780000000001 implements MigrationInterface {
  name = 'DispatcherVhsysRate1780000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE UNLOGGED TABLE IF NOT EXISTS "vhsys_rate" ("account_id" text PRIMARY KEY, "tat_ms" double precision NOT NULL)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "vhsys_rate"`);
  }
}
