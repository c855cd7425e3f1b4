import type { Counter, ObservableGauge } from '@opentelemetry/api';
import { DataSource, EntityManager } from 'typeorm';
import { currentTraceCarrier, errorFields, Logger, meter, observeCached, withTraceCarrier } from '@gv/telemetry';
import { advisoryLockKey } from './advisory-lock-key';
import { PreparedStatements } from './prepared-statements';

/** What the relay needs from a publisher (KafkaPublisher satisfies it). */
export interface OutboxPublisher {
  publish(topic: string, messages: { key: string; value: unknown; contract?: string; headers?: Record<string, string> }[]): Promise<void>;
  /**
   * Why the broker will never accept a message whose publish failed with `error` (too large,
   * unknown topic, invalid record…), and whether that holds for every message of the topic; null
   * when the failure may pass (connection, timeout).
   */
  permanentFailure(error: unknown): { reason: string; wholeTopic: boolean } | null;
}

/** A message owed to Kafka, as services hand it to the outbox. */
export interface OutboxEntry {
  topic: string;
  key: string;
  /** Serialised as JSON; `null` is a tombstone. */
  value: unknown;
  contract?: string;
  headers?: Record<string, string>;
}

const OUTBOX_COLUMNS = '"topic", "message_key", "payload", "contract", "headers", "trace_carrier"';

/**
 * The one way a message becomes an outbox row: an INSERT with its parameters numbered from
 * `first`, so a hot path can make it one part of a larger statement (one round trip), carrying
 * the current trace context for the relay to continue. Unqualified: every service's connections
 * have their schema on the search_path.
 */
export function outboxInsert(entry: OutboxEntry, first = 1): { text: string; values: unknown[] } {
  const params = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`).join(', ');
  return {
    text: `INSERT INTO "outbox" (${OUTBOX_COLUMNS}) VALUES (${params})`,
    values: [
      entry.topic,
      entry.key,
      entry.value === null || entry.value === undefined ? null : JSON.stringify(entry.value),
      entry.contract ?? null,
      JSON.stringify(entry.headers ?? {}),
      JSON.stringify(currentTraceCarrier()),
    ],
  };
}

/** Adds a message to the outbox inside the caller's transaction. */
export async function enqueueOutbox(manager: EntityManager, entry: OutboxEntry): Promise<void> {
  const { text, values } = outboxInsert(entry);
  await manager.query(text, values);
}

interface RawOutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  contract: string | null;
  headers: Record<string, string> | null;
  trace_carrier: Record<string, string> | null;
}

/**
 * The rows of a raw query: TypeORM's postgres driver answers UPDATE/DELETE … RETURNING with
 * `[rows, affectedCount]` and everything else with `rows`.
 */
export function returnedRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Longest reason kept on a set-aside row. */
const MAX_REASON_LENGTH = 1000;

let setAsideCounter: Counter | null = null;
let setAsideGauge: ObservableGauge | null = null;

/** The relay's instruments, created once per process (several relays share them; tests start many). */
function instruments(): { counter: Counter; gauge: ObservableGauge } {
  setAsideCounter ??= meter().createCounter('outbox_set_aside_total', {
    description: 'Outbox rows the broker refused for good (too large, unknown topic, invalid record…), set aside so later rows still publish; by topic and error',
  });
  setAsideGauge ??= meter().createObservableGauge('outbox_set_aside_rows', {
    description: 'Outbox rows set aside and not yet republished or discarded (see docs/operations.md)',
  });
  return { counter: setAsideCounter, gauge: setAsideGauge };
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  publisher: OutboxPublisher;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * How long `drainSoon` waits before a pass (default 0). Each pass costs three database round
   * trips and a produce request whatever it carries; waiting a little lets one pass carry the
   * results of every sale that finished meanwhile, for that much latency.
   */
  lingerMs?: number;
}

/**
 * Publishes committed outbox rows in id order, then marks them published, in one transaction
 * that holds row locks (FOR UPDATE SKIP LOCKED), so several instances never publish the same row
 * at once. A crash after the publish and before the mark publishes the row again: consumers of
 * outbox topics are idempotent (snapshots carry versions). Each row is published inside the trace
 * context that wrote it. The publisher must queue each `publish` call synchronously in call
 * order (KafkaPublisher does), since a drained batch is handed over without awaiting each row.
 *
 * A row the broker refuses for good (the publisher's `permanentFailure`: too large for the
 * topic, unknown topic, invalid record…) is set aside (`set_aside_at`, `set_aside_reason`;
 * columns of outboxSetAsideSql) instead of being retried forever in front of every later row.
 * A batch is one produce request and fails as a whole, so after a permanent failure the batch is
 * sent again one row at a time from its first failed row on, in id order (each key's last
 * message stays its newest row): the rows that fail alone are set aside, the others are
 * published. Any failure that may pass (connection, timeout) rolls the whole batch back and it is
 * retried as before. Set-aside rows are counted (`outbox_set_aside_total`, gauge
 * `outbox_set_aside_rows`) and logged at error level; docs/operations.md says how to republish them.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;
  private again = false;
  private lingerTimer: NodeJS.Timeout | null = null;

  private readonly sql: PreparedStatements;
  private readonly metrics = instruments();
  private detachGauge: (() => void) | null = null;

  constructor(private readonly options: OutboxRelayOptions) {
    this.sql = new PreparedStatements(options.dataSource);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.detachGauge = observeCached(this.metrics.gauge, () => this.setAsideCount(), { ttlMs: 5000 });
    const tick = async () => {
      if (!this.running) return;
      await this.drain().catch(() => undefined);
      if (this.running) this.timer = setTimeout(tick, this.options.pollIntervalMs ?? 250);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.detachGauge?.();
    this.detachGauge = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    // A pass that fails (the database connection terminated under it) is retried by the next
    // leader or poll; stopping must not reject with its error (a caller in an 'error' handler
    // would leave the rejection unhandled, which ends the process).
    await this.draining?.catch(() => undefined);
  }

  /**
   * Asks for a pass within `lingerMs` (called right after a commit, to cut latency); several
   * requests in that time share one pass. Never throws (the poll retries failures).
   */
  drainSoon(): void {
    const linger = this.options.lingerMs ?? 0;
    if (linger <= 0) {
      this.drain().catch(() => undefined);
      return;
    }
    if (this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      this.drain().catch(() => undefined);
    }, linger);
  }

  /** Publishes everything pending now. */
  async drain(): Promise<void> {
    if (this.draining) {
      // Rows committed after the running pass read the table: one more pass picks them up now
      // rather than at the next poll.
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        await this.drainLoop();
      } while (this.again);
    })().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Rows committed but not yet published, set-aside rows excepted (the backlog metric). */
  async backlog(): Promise<number> {
    const rows = await this.sql.rows<{ n: string }>(`SELECT count(*) AS "n" FROM "outbox" WHERE "published_at" IS NULL AND "set_aside_at" IS NULL`, []);
    return Number(rows[0]?.n ?? 0);
  }

  /** Rows set aside (refused for good by the broker) and not yet republished or discarded. */
  async setAsideCount(): Promise<number> {
    const rows = await this.sql.rows<{ n: string }>(`SELECT count(*) AS "n" FROM "outbox" WHERE "set_aside_at" IS NOT NULL`, []);
    return Number(rows[0]?.n ?? 0);
  }

  private async drainLoop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    for (;;) {
      let published = 0;
      try {
        published = await this.options.dataSource.transaction(async (manager) => {
          // One batch at a time across every instance sharing this outbox (a lock per schema, held
          // until commit): a batch claimed by another instance would otherwise be published while
          // this one's is, and a key's later message could reach the broker before its earlier one
          // (docs/kafka.md#result-order). A key's rows are committed one after the other, so in
          // id order; serialised batches publish them in that order.
          await this.sql.rows(`SELECT pg_advisory_xact_lock(${advisoryLockKey("current_schema() || '.outbox-relay-batch'")})`, [], manager.queryRunner);
          // Claimed and marked in one statement; the row locks are held until the publish below
          // succeeds and the transaction commits (a failed publish rolls the mark back).
          const claimed = await this.sql.rows<RawOutboxRow>(
            `UPDATE "outbox" SET "published_at" = now()
             WHERE "id" IN (SELECT "id" FROM "outbox" WHERE "published_at" IS NULL AND "set_aside_at" IS NULL ORDER BY "id" LIMIT $1 FOR UPDATE SKIP LOCKED)
             RETURNING "id", "topic", "message_key", "payload", "contract", "headers", "trace_carrier"`,
            [batchSize],
            manager.queryRunner,
          );
          const rows = claimed.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
          // All rows at once, in id order: the publisher coalesces them into one produce request
          // (per-key order kept), each inside the trace context that wrote it.
          const outcomes = await Promise.allSettled(rows.map((row) => this.send(row)));
          const firstFailed = outcomes.findIndex((o) => o.status === 'rejected');
          if (firstFailed === -1) return rows.length;
          const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
          const passing = errors.find((error) => this.options.publisher.permanentFailure(error) === null);
          if (passing !== undefined) throw passing;
          const setAside = await this.isolate(rows.slice(firstFailed));
          await this.sql.rows(
            `UPDATE "outbox" AS o SET "published_at" = NULL, "set_aside_at" = now(), "set_aside_reason" = s."reason"
             FROM unnest($1::bigint[], $2::text[]) AS s("id", "reason") WHERE o."id" = s."id"`,
            [setAside.map((s) => s.row.id), setAside.map((s) => s.reason)],
            manager.queryRunner,
          );
          for (const { row, reason } of setAside) {
            this.metrics.counter.add(1, { topic: row.topic, error: reason.split(':')[0]! });
            // Key and reason only: the value may be large, and is in the row for whoever looks.
            this.options.logger.error({ outboxId: row.id, topic: row.topic, key: row.message_key, reason }, 'outbox row refused by the broker for good; set aside (see docs/operations.md, "Set-aside outbox rows")');
          }
          return rows.length;
        });
      } catch (error) {
        this.options.logger.warn({ ...errorFields(error) }, 'outbox publish failed; will retry');
        throw error;
      }
      if (published < batchSize) return;
    }
  }

  /**
   * After a batch failed for good: sends `rows` again one at a time, in id order, and returns the
   * ones the broker refuses for good on their own, with the reason. A failure that may pass
   * throws (the whole batch is rolled back and retried).
   */
  private async isolate(rows: RawOutboxRow[]): Promise<{ row: RawOutboxRow; reason: string }[]> {
    const refused: { row: RawOutboxRow; reason: string }[] = [];
    // A topic that refuses everything (missing, not authorised) costs the client's retries per
    // send: its other rows of the batch are set aside with the same reason without trying.
    const refusingTopics = new Map<string, string>();
    for (const row of rows) {
      const topicReason = refusingTopics.get(row.topic);
      if (topicReason !== undefined) {
        refused.push({ row, reason: withSize(topicReason, row) });
        continue;
      }
      try {
        await this.send(row);
      } catch (error) {
        const failure = this.options.publisher.permanentFailure(error);
        if (failure === null) throw error;
        if (failure.wholeTopic) refusingTopics.set(row.topic, failure.reason);
        refused.push({ row, reason: withSize(failure.reason, row) });
      }
    }
    return refused;
  }

  private async send(row: RawOutboxRow): Promise<void> {
    await withTraceCarrier(row.trace_carrier, () =>
      this.options.publisher.publish(row.topic, [
        { key: row.message_key, value: row.payload ?? null, contract: row.contract ?? undefined, headers: row.headers ?? {} },
      ]),
    );
  }
}

/** The set-aside reason with the size of the value, cut to what the column keeps. */
function withSize(reason: string, row: RawOutboxRow): string {
  const bytes = row.payload === null || row.payload === undefined ? 0 : Buffer.byteLength(JSON.stringify(row.payload));
  return `${reason} (value ${bytes} bytes)`.slice(0, MAX_REASON_LENGTH);
}
