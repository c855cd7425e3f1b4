import { Client } from 'pg';
import { advisoryLockKey } from '@gv/db';
import { checkIdentifier } from '../sql-identifier';
import type { DeadLetter } from './dead-letters';

export type ReplayState = 'claimed' | 'published';

export interface ReplayRecord {
  dlqTopic: string;
  dlqPartition: number;
  dlqOffset: string;
  dlqTimestamp: string;
  targetTopic: string;
  state: ReplayState;
  replays: number;
  claimedAt: Date;
  publishedAt: Date | null;
  replayedBy: string;
}

export type ClaimResult =
  | { claimed: true; previous: ReplayRecord | null }
  | { claimed: false; existing: ReplayRecord };

/**
 * What was replayed (by the ops command or the console's Operações), in PostgreSQL (`<schema>.replays`), so the same dead letter is
 * not replayed twice by accident. A dead letter is identified by topic, partition, offset AND its
 * broker timestamp, so a re-created dead-letter topic (offsets starting again at 0) is not mistaken
 * for the old one.
 *
 * A replay is claimed before it is published and marked published after the broker acknowledged
 * it; a failed publish removes the claim. A row left `claimed` (the command died in between) is
 * "in doubt": `dlq list` shows it and only `--force` replays it.
 */
export class ReplayJournal {
  private constructor(private readonly client: Client, private readonly schema: string) {}

  /** `applicationName`: who holds the connection (pg_stat_activity): the ops command or config-service. */
  static async open(databaseUrl: string, schema: string, applicationName = 'ops-cli'): Promise<ReplayJournal> {
    checkIdentifier('schema', schema);
    const client = new Client({ connectionString: databaseUrl, application_name: applicationName });
    client.on('error', () => undefined);
    await client.connect();
    const journal = new ReplayJournal(client, schema);
    try {
      await journal.ensureTable();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return journal;
  }

  private get table(): string {
    return `"${this.schema}"."replays"`;
  }

  private async ensureTable(): Promise<void> {
    await this.client.query('BEGIN');
    try {
      // Concurrent first runs must not race on CREATE SCHEMA.
      await this.client.query(`SELECT pg_advisory_xact_lock(${advisoryLockKey('$1')})`, [`${this.schema}.replays.ddl`]);
      await this.client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await this.client.query(`
        CREATE TABLE IF NOT EXISTS ${this.table} (
          "dlq_topic" text NOT NULL,
          "dlq_partition" integer NOT NULL,
          "dlq_offset" bigint NOT NULL,
          "dlq_timestamp" bigint NOT NULL,
          "target_topic" text NOT NULL,
          "message_key" text,
          "account_id" text,
          "reason" text,
          "state" text NOT NULL CHECK ("state" IN ('claimed', 'published')),
          "replays" integer NOT NULL DEFAULT 1,
          "claimed_at" timestamptz NOT NULL DEFAULT now(),
          "published_at" timestamptz,
          "replayed_by" text NOT NULL,
          PRIMARY KEY ("dlq_topic", "dlq_partition", "dlq_offset", "dlq_timestamp")
        )`);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Replay records of these dead letters, by `topic:partition:offset:timestamp`. */
  async lookup(letters: DeadLetter[]): Promise<Map<string, ReplayRecord>> {
    const out = new Map<string, ReplayRecord>();
    if (letters.length === 0) return out;
    const topics = [...new Set(letters.map((l) => l.dlqTopic))];
    const rows = await this.client.query(`SELECT * FROM ${this.table} WHERE "dlq_topic" = ANY($1::text[])`, [topics]);
    for (const row of rows.rows) {
      const record = toRecord(row);
      out.set(journalKey(record.dlqTopic, record.dlqPartition, record.dlqOffset, record.dlqTimestamp), record);
    }
    return out;
  }

  /** Claims the replay of `letter`; refuses when it was replayed (or is in doubt) unless `force`. */
  async claim(letter: DeadLetter, targetTopic: string, by: string, force: boolean): Promise<ClaimResult> {
    const id = [letter.dlqTopic, letter.partition, letter.offset, letter.timestamp];
    const inserted = await this.client.query(
      `INSERT INTO ${this.table} ("dlq_topic", "dlq_partition", "dlq_offset", "dlq_timestamp", "target_topic", "message_key", "account_id", "reason", "state", "replayed_by")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'claimed', $9)
       ON CONFLICT DO NOTHING RETURNING *`,
      [...id, targetTopic, letter.key, letter.accountId, letter.reason?.slice(0, 2000) ?? null, by],
    );
    if (inserted.rowCount === 1) return { claimed: true, previous: null };
    const existing = await this.client.query(
      `SELECT * FROM ${this.table} WHERE "dlq_topic" = $1 AND "dlq_partition" = $2 AND "dlq_offset" = $3 AND "dlq_timestamp" = $4`,
      id,
    );
    const previous = toRecord(existing.rows[0]);
    if (!force) return { claimed: false, existing: previous };
    await this.client.query(
      `UPDATE ${this.table} SET "state" = 'claimed', "target_topic" = $5, "replays" = "replays" + 1, "claimed_at" = now(), "replayed_by" = $6
       WHERE "dlq_topic" = $1 AND "dlq_partition" = $2 AND "dlq_offset" = $3 AND "dlq_timestamp" = $4`,
      [...id, targetTopic, by],
    );
    return { claimed: true, previous };
  }

  async markPublished(letter: DeadLetter): Promise<void> {
    await this.client.query(
      `UPDATE ${this.table} SET "state" = 'published', "published_at" = now()
       WHERE "dlq_topic" = $1 AND "dlq_partition" = $2 AND "dlq_offset" = $3 AND "dlq_timestamp" = $4`,
      [letter.dlqTopic, letter.partition, letter.offset, letter.timestamp],
    );
  }

  /** Undoes a claim whose publish failed (restores the previous record of a forced replay). */
  async release(letter: DeadLetter, previous: ReplayRecord | null): Promise<void> {
    const id = [letter.dlqTopic, letter.partition, letter.offset, letter.timestamp];
    if (!previous) {
      await this.client.query(
        `DELETE FROM ${this.table} WHERE "dlq_topic" = $1 AND "dlq_partition" = $2 AND "dlq_offset" = $3 AND "dlq_timestamp" = $4 AND "state" = 'claimed'`,
        id,
      );
      return;
    }
    await this.client.query(
      `UPDATE ${this.table} SET "state" = $5, "replays" = $6, "claimed_at" = $7, "published_at" = $8, "replayed_by" = $9, "target_topic" = $10
       WHERE "dlq_topic" = $1 AND "dlq_partition" = $2 AND "dlq_offset" = $3 AND "dlq_timestamp" = $4`,
      [...id, previous.state, previous.replays, previous.claimedAt, previous.publishedAt, previous.replayedBy, previous.targetTopic],
    );
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

export function journalKey(topic: string, partition: number, offset: string, timestamp: string): string {
  return `${topic}:${partition}:${offset}:${timestamp}`;
}

export function journalKeyOf(letter: DeadLetter): string {
  return journalKey(letter.dlqTopic, letter.partition, letter.offset, letter.timestamp);
}

function toRecord(row: Record<string, unknown>): ReplayRecord {
  return {
    dlqTopic: String(row.dlq_topic),
    dlqPartition: Number(row.dlq_partition),
    dlqOffset: String(row.dlq_offset),
    dlqTimestamp: String(row.dlq_timestamp),
    targetTopic: String(row.target_topic),
    state: row.state as ReplayState,
    replays: Number(row.replays),
    claimedAt: row.claimed_at as Date,
    publishedAt: (row.published_at as Date | null) ?? null,
    replayedBy: String(row.replayed_by),
  };
}
