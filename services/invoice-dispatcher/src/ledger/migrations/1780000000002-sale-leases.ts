import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-sale (and per-customer) leases, replacing the session advisory locks: a lease is a row with
 * its holder, a fencing token and an expiry on the database's clock, so it holds no connection
 * while Vhsys is called and survives the death of any one connection (SaleLeases).
 *
 * Logged, unlike vhsys_rate: a lease that vanished in a crash while its holder's Vhsys write was in
 * flight would let another instance start the same write. Tokens come from one sequence, so a
 * later holder of a name always has a larger token than every earlier one.
 */
export class DispatcherSaleLeases1780000000002 implements MigrationInterface {
  name = 'DispatcherSaleLeases1780000000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE IF NOT EXISTS "sale_lease_token"`);
    await runner.query(`CREATE TABLE IF NOT EXISTS "sale_lease" (
      "name" text PRIMARY KEY,
      "holder" text NOT NULL,
      "token" bigint NOT NULL,
      "expires_at" timestamptz NOT NULL
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "sale_lease"`);
    await runner.query(`DROP SEQUENCE IF EXISTS "sale_lease_token"`);
  }
}
