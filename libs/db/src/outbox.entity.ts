import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, QueryRunner } from 'typeorm';

/**
 * A message to publish once the transaction that wrote it commits (transactional outbox).
 * The table lives in the owning service's schema (see outboxTableSql, then outboxSetAsideSql for
 * `set_aside_at` / `set_aside_reason`, which only the relay's SQL reads and writes, so they are
 * not mapped here).
 */
@Entity({ name: 'outbox' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'message_key', type: 'text' })
  messageKey!: string;

  /** JSON value; null publishes a tombstone. */
  @Column({ type: 'jsonb', nullable: true })
  payload!: unknown;

  @Column({ type: 'text', nullable: true })
  contract!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  headers!: Record<string, string>;

  /** W3C trace context of the change, so the publish continues the request's trace. */
  @Column({ name: 'trace_carrier', type: 'jsonb', default: () => "'{}'::jsonb" })
  traceCarrier!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;
}

/** DDL for the outbox table, for use in each owning service's migration. */
export function outboxTableSql(schema: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS "${schema}"."outbox" (
      "id" bigserial PRIMARY KEY,
      "topic" text NOT NULL,
      "message_key" text NOT NULL,
      "payload" jsonb,
      "contract" text,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "trace_carrier" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz,
      "attempts" integer NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX IF NOT EXISTS "outbox_unpublished" ON "${schema}"."outbox" ("id") WHERE "published_at" IS NULL`,
  ];
}

/**
 * DDL that lets the relay set aside a row the broker refuses for good (OutboxRelay): when and why.
 * A set-aside row keeps `published_at` NULL and is skipped by the relay until an operator clears
 * `set_aside_at` (republish) or deletes it (docs/operations.md). Run it, after outboxTableSql, in
 * a migration of every service that owns an outbox; idempotent.
 */
export function outboxSetAsideSql(schema: string): string[] {
  return [
    `ALTER TABLE "${schema}"."outbox" ADD COLUMN IF NOT EXISTS "set_aside_at" timestamptz, ADD COLUMN IF NOT EXISTS "set_aside_reason" text`,
    // What the relay claims: unpublished and not set aside (replaces "outbox_unpublished").
    `CREATE INDEX IF NOT EXISTS "outbox_pending" ON "${schema}"."outbox" ("id") WHERE "published_at" IS NULL AND "set_aside_at" IS NULL`,
    `DROP INDEX IF EXISTS "${schema}"."outbox_unpublished"`,
    `CREATE INDEX IF NOT EXISTS "outbox_set_aside" ON "${schema}"."outbox" ("id") WHERE "set_aside_at" IS NOT NULL`,
  ];
}

/** Runs outboxSetAsideSql in the migration's schema: `up(runner) { await addOutboxSetAside(runner) }`. */
export async function addOutboxSetAside(runner: QueryRunner): Promise<void> {
  const schema = (runner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('addOutboxSetAside: the DataSource has no schema (openServiceDataSource sets it)');
  for (const sql of outboxSetAsideSql(schema)) await runner.query(sql);
}

/** Reverts addOutboxSetAside. */
export async function dropOutboxSetAside(runner: QueryRunner): Promise<void> {
  const schema = (runner.connection.options as { schema?: string }).schema!;
  await runner.query(`CREATE INDEX IF NOT EXISTS "outbox_unpublished" ON "${schema}"."outbox" ("id") WHERE "published_at" IS NULL`);
  await runner.query(`DROP INDEX IF EXISTS "${schema}"."outbox_pending"`);
  await runner.query(`DROP INDEX IF EXISTS "${schema}"."outbox_set_aside"`);
  await runner.query(`ALTER TABLE "${schema}"."outbox" DROP COLUMN IF EXISTS "set_aside_at", DROP COLUMN IF EXISTS "set_aside_reason"`);
}
