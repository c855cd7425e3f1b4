import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message to publish once the transaction that wrote it commits (transactional outbox).
 * The table lives in the owning service's schema (see outboxTableSql).
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
