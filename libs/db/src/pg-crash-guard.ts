import { randomInt } from 'node:crypto';
import { Client, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import type { CrashGuard, InflightMessage, Takeover } from '@gv/kafka';
import { errorFields, Logger } from '@gv/telemetry';

/** First key of the liveness advisory locks (`pg_advisory_lock(LIVENESS_LOCK_CLASS, instanceId)`). */
export const LIVENESS_LOCK_CLASS = 0x4b464c54; // 'KFLT', below 2^31

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** DDL of the in-flight markers table, for each owning service's migration. */
export function kafkaInflightTableSql(schema: string): string[] {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return [
    `CREATE TABLE IF NOT EXISTS "${schema}"."kafka_inflight" (
      "group_id" text NOT NULL,
      "topic" text NOT NULL,
      "partition" integer NOT NULL,
      "offset" bigint NOT NULL,
      "instance_id" integer,
      "crashes" integer NOT NULL DEFAULT 0,
      "started_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("group_id", "topic", "partition", "offset")
    )`,
  ];
}

export interface PgCrashGuardOptions {
  /** postgres:// URL; the guard holds one connection of its own. */
  url: string;
  /** Schema holding `kafka_inflight` (the service's own). */
  schema: string;
  logger: Logger;
  applicationName?: string;
  /** Longest a finished marker waits for a write to ride on before it is removed alone (default 250 ms). */
  finishLingerMs?: number;
}

interface Marker {
  groupId: string;
  message: InflightMessage;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The crash-loop breaker's store (the `CrashGuard` of @gv/kafka) in PostgreSQL, so every instance
 * of a consumer group shares the crash counts.
 *
 * - One row per message in flight: `kafka_inflight(group_id, topic, partition, offset,
 *   instance_id, crashes)`. `instance_id` is the process that has it in flight (NULL: nobody);
 *   `crashes` how many processes died with it in flight.
 * - Liveness: each guard holds the session advisory lock (LIVENESS_LOCK_CLASS, instance_id) on its
 *   own connection. A process that dies loses its connection and so its lock (PostgreSQL sees the
 *   socket close at once), which is how a takeover tells a dead process's markers from those of a
 *   live member that merely lost the partition in a rebalance: only the former count as crashes.
 * - Cost: markers only need to survive the consumer process, not PostgreSQL, so the connection
 *   runs with `synchronous_commit=off` (no fsync wait). A handler waits for its own start marker
 *   (one plain upsert; starts queued while a write is in flight go together in the next one);
 *   finished markers are removed together a few times a second (finishLingerMs), so a message
 *   costs about one small statement.
 */
export class PgCrashGuard implements CrashGuard {
  /** This process's id in `kafka_inflight.instance_id` (random, changes only on a lock clash). */
  private instanceId = randomInt(1, 2 ** 31 - 1);
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private readonly starts = new Map<string, Marker>();
  private readonly finishes = new Map<string, Marker>();
  private startWaiters: Waiter[] = [];
  private finishWaiters: Waiter[] = [];
  /** Finished markers are written when due: after finishLingerMs, or at once when one is awaited. */
  private finishDue = false;
  private queryChain: Promise<void> = Promise.resolve();
  private writing: Promise<void> | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly table: string;

  constructor(private readonly options: PgCrashGuardOptions) {
    if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
    this.table = `"${options.schema}"."kafka_inflight"`;
  }

  get instance(): number {
    return this.instanceId;
  }

  async takeOver(groupId: string, topic: string, partition: number, firstOffset: string): Promise<Takeover> {
    const t = this.table;
    const { rows } = await this.query<{ offset: string; crashes: number; counted: boolean }>({
      name: `gv_inflight_takeover_${this.options.schema}`,
      text: `WITH stale AS (
          DELETE FROM ${t} WHERE "group_id" = $1 AND "topic" = $2 AND "partition" = $3 AND "offset" < $4
        ), gone AS (
          UPDATE ${t} AS m SET "crashes" = m."crashes" + 1, "instance_id" = NULL
          WHERE m."group_id" = $1 AND m."topic" = $2 AND m."partition" = $3 AND m."offset" >= $4
            AND m."instance_id" IS NOT NULL AND m."instance_id" <> $5
            AND NOT EXISTS (
              SELECT 1 FROM pg_locks l
              WHERE l."locktype" = 'advisory' AND l."granted" AND l."objsubid" = 2
                AND l."database" = (SELECT "oid" FROM pg_database WHERE "datname" = current_database())
                AND l."classid"::bigint = $6 AND l."objid"::bigint = m."instance_id")
          RETURNING m."offset", m."crashes"
        )
        SELECT "offset"::text AS "offset", "crashes", true AS "counted" FROM gone
        UNION ALL
        SELECT "offset"::text, "crashes", false FROM ${t}
        WHERE "group_id" = $1 AND "topic" = $2 AND "partition" = $3 AND "offset" >= $4 AND "crashes" >= 1
          AND ("instance_id" IS NULL OR "instance_id" = $5)`,
      values: [groupId, topic, partition, firstOffset, this.instanceId, LIVENESS_LOCK_CLASS],
    });
    const crashes = new Map<string, number>();
    const counted: string[] = [];
    for (const row of rows) {
      crashes.set(row.offset, row.crashes);
      if (row.counted) counted.push(row.offset);
    }
    return { crashes, counted };
  }

  started(groupId: string, message: InflightMessage): Promise<void> {
    const key = markerKey(groupId, message);
    // Finished and started again (a retry) before the finish was written: the start's upsert covers both.
    this.finishes.delete(key);
    this.starts.set(key, { groupId, message });
    return new Promise<void>((resolve, reject) => {
      this.startWaiters.push({ resolve, reject });
      void this.flush();
    });
  }

  finished(groupId: string, message: InflightMessage, now: boolean): Promise<void> {
    this.finishes.set(markerKey(groupId, message), { groupId, message });
    if (!now) {
      this.lingerFinishes();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.finishWaiters.push({ resolve, reject });
      this.finishDue = true;
      void this.flush();
    });
  }

  /** Writes what is queued (finished markers included), releases the liveness lock, closes. */
  async close(): Promise<void> {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.finishDue = true;
    await this.flush();
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private lingerFinishes(): void {
    if (this.lingerTimer || this.closed) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      this.finishDue = true;
      void this.flush();
    }, this.options.finishLingerMs ?? 250);
    this.lingerTimer.unref();
  }

  private hasWork(): boolean {
    return this.starts.size > 0 || (this.finishDue && (this.finishes.size > 0 || this.finishWaiters.length > 0));
  }

  /**
   * One statement at a time: every start queued meanwhile goes in the next one (a handler waits
   * for its own), finishes go together when due (a few times a second, or at once when awaited).
   * Never rejects: each caller gets its own statement's outcome.
   */
  private flush(): Promise<void> {
    if (this.writing) return this.writing;
    if (!this.hasWork()) return Promise.resolve();
    this.writing = (async () => {
      // Let every call of this turn of the event loop join the statement.
      await Promise.resolve();
      while (this.hasWork()) {
        if (this.starts.size > 0) {
          const starts = [...this.starts.values()];
          const waiters = this.startWaiters;
          this.starts.clear();
          this.startWaiters = [];
          await this.settle(waiters, () => this.writeStarts(starts));
        }
        if (this.finishDue && (this.finishes.size > 0 || this.finishWaiters.length > 0)) {
          const finishes = [...this.finishes.values()];
          const waiters = this.finishWaiters;
          this.finishes.clear();
          this.finishWaiters = [];
          this.finishDue = false;
          if (this.lingerTimer) clearTimeout(this.lingerTimer);
          this.lingerTimer = null;
          // A failed finish is dropped: the marker left behind is at worst a harmless suspect.
          await this.settle(waiters, () => (finishes.length > 0 ? this.writeFinishes(finishes) : Promise.resolve()));
        }
      }
    })().finally(() => {
      this.writing = null;
      // Queued between the loop's last check and here.
      if (this.hasWork()) void this.flush();
      else if (this.finishes.size > 0) this.lingerFinishes();
    });
    return this.writing;
  }

  private async settle(waiters: Waiter[], write: () => Promise<void>): Promise<void> {
    try {
      await write();
      for (const w of waiters) w.resolve();
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  }

  /** One row: a plain upsert (cheapest for PostgreSQL); several: one upsert over arrays. */
  private async writeStarts(starts: Marker[]): Promise<void> {
    const t = this.table;
    const onConflict = `ON CONFLICT ("group_id", "topic", "partition", "offset") DO UPDATE
      SET "instance_id" = EXCLUDED."instance_id", "crashes" = GREATEST(m."crashes", EXCLUDED."crashes"), "started_at" = EXCLUDED."started_at"`;
    const columns = `("group_id", "topic", "partition", "offset", "instance_id", "crashes", "started_at")`;
    if (starts.length === 1) {
      const [{ groupId, message }] = starts as [Marker];
      await this.query({
        name: `gv_inflight_start_${this.options.schema}`,
        text: `INSERT INTO ${t} AS m ${columns} VALUES ($1, $2, $3, $4, $5, $6, now()) ${onConflict}`,
        values: [groupId, message.topic, message.partition, message.offset, this.instanceId, message.crashes],
      });
      return;
    }
    await this.query({
      name: `gv_inflight_starts_${this.options.schema}`,
      text: `INSERT INTO ${t} AS m ${columns}
        SELECT s."g", s."tp", s."p", s."o", $1, s."c", now()
        FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[], $6::int[]) AS s("g", "tp", "p", "o", "c")
        ${onConflict}`,
      values: [
        this.instanceId,
        starts.map((s) => s.groupId), starts.map((s) => s.message.topic), starts.map((s) => s.message.partition),
        starts.map((s) => s.message.offset), starts.map((s) => s.message.crashes),
      ],
    });
  }

  /** Removes markers, only this process's or nobody's (never one another live process set since). */
  private async writeFinishes(finishes: Marker[]): Promise<void> {
    await this.query({
      name: `gv_inflight_finish_${this.options.schema}`,
      text: `DELETE FROM ${this.table} AS m
        USING unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS f("g", "tp", "p", "o")
        WHERE m."group_id" = f."g" AND m."topic" = f."tp" AND m."partition" = f."p" AND m."offset" = f."o"
          AND (m."instance_id" = $1 OR m."instance_id" IS NULL)`,
      values: [
        this.instanceId,
        finishes.map((f) => f.groupId), finishes.map((f) => f.message.topic), finishes.map((f) => f.message.partition), finishes.map((f) => f.message.offset),
      ],
    });
  }

  /** Runs one statement on the guard's connection, one at a time (a pg Client takes one query at once). */
  private query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>> {
    const run = this.queryChain.then(async () => (await this.connection()).query<R>(config));
    this.queryChain = run.then(() => undefined, () => undefined);
    return run;
  }

  /** The guard's connection, holding the liveness lock; opened again after a failure. */
  private connection(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('crash guard closed'));
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? 'kafka-crash-guard',
      // A marker only has to outlive the consumer process: no fsync wait on commit.
      options: '-c synchronous_commit=off -c statement_timeout=10000 -c plan_cache_mode=force_generic_plan',
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    client.on('error', (error) => {
      this.options.logger.warn({ ...errorFields(error) }, 'crash guard connection lost; reconnecting on next use');
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
    });
    await client.connect();
    try {
      // A clash with a live instance's id (one in 2^31) takes a new id.
      for (let tries = 0; ; tries += 1) {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [LIVENESS_LOCK_CLASS, this.instanceId]);
        if (rows[0]?.locked) break;
        if (tries >= 5) throw new Error('crash guard: no free instance id');
        this.instanceId = randomInt(1, 2 ** 31 - 1);
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    client.once('end', () => {
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return client;
  }
}

function markerKey(groupId: string, message: InflightMessage): string {
  return `${groupId}\u0000${message.topic}\u0000${message.partition}\u0000${message.offset}`;
}
