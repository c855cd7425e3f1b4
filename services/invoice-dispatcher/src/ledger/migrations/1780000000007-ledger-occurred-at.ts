import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit reads an account's ledger sales whose sale occurred in a period, a page at a time
 * (AuditStore.salesPage). `occurredAt` lives inside the `desired` JSON, so without an index every
 * sale of the account was read and its JSON parsed, however short the period. This index serves
 * that query as one range scan per page: `("account_id", "sale_occurred_at"("desired"), "sale_key")`,
 * the query's equality, range and keyset order (docs/dispatcher.md#audit, "The ledger query").
 *
 * `sale_occurred_at` is the expression both sides use, so they match:
 * - IMMUTABLE although a text → timestamptz cast is only STABLE: the cast depends on the session's
 *   TimeZone only for a text without an offset and on DateStyle only for non-ISO text, and the
 *   SaleOrder contract admits ISO-8601 with an offset only (`occurredAt`: datetime with offset),
 *   the sole writer of `desired` being the contract-checked recordDesired;
 * - total: a text PostgreSQL cannot read (e.g. year 0000, which the contract's pattern admits) is
 *   NULL rather than an error, so no sale can ever fail to be stored for the index's sake; such a
 *   sale is in no audit period (before, it failed the audit that met it);
 * - PARALLEL UNSAFE: its EXCEPTION block is a subtransaction, which a parallel worker cannot start;
 *   marked safe, the index build on a ledger of more than 8 MB (parallel by default) failed with
 *   "cannot start subtransactions during a parallel operation" and the dispatcher would not start.
 * A plain CREATE INDEX (the migration's transaction) holds writes to the ledger while it builds:
 * seconds per million sales.
 */
export class DispatcherLedgerOccurredAt1780000000007 implements MigrationInterface {
  name = 'DispatcherLedgerOccurredAt1780000000007';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION "sale_occurred_at"("desired" jsonb) RETURNS timestamptz
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL UNSAFE AS $$
      BEGIN
        RETURN ("desired"->>'occurredAt')::timestamptz;
      EXCEPTION WHEN data_exception THEN
        RETURN NULL;
      END $$`);
    await runner.query(`CREATE INDEX IF NOT EXISTS "sale_ledger_account_occurred" ON "sale_ledger" ("account_id", "sale_occurred_at"("desired"), "sale_key")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS "sale_ledger_account_occurred"`);
    await runner.query(`DROP FUNCTION IF EXISTS "sale_occurred_at"(jsonb)`);
  }
}
