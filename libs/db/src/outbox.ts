import { DataSource, EntityManager, IsNull } from 'typeorm';
import { currentTraceCarrier, errorFields, Logger, withTraceCarrier } from '@gv/telemetry';
import { OutboxMessage } from './outbox.entity';
import { PreparedStatements } from './prepared-statements';

/** What the relay needs from a publisher (KafkaPublisher satisfies it). */
export interface OutboxPublisher {
  publish(topic: string, messages: { key: string; value: unknown; contract?: string; headers?: Record<string, string> }[]): Promise<void>;
}

/** Adds a message to the outbox inside the caller's transaction. */
export async function enqueueOutbox(
  manager: EntityManager,
  message: { topic: string; key: string; value: unknown; contract?: string; headers?: Record<string, string> },
): Promise<void> {
  await manager.insert(OutboxMessage, {
    topic: message.topic,
    messageKey: message.key,
    payload: (message.value === null ? null : message.value) as never,
    contract: message.contract ?? null,
    headers: message.headers ?? {},
    traceCarrier: currentTraceCarrier(),
  });
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
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;
  private again = false;
  private lingerTimer: NodeJS.Timeout | null = null;

  private readonly sql: PreparedStatements;

  constructor(private readonly options: OutboxRelayOptions) {
    this.sql = new PreparedStatements(options.dataSource);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      await this.drain().catch(() => undefined);
      if (this.running) this.timer = setTimeout(tick, this.options.pollIntervalMs ?? 250);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    await this.draining;
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

  /** Rows committed but not yet published (the backlog metric). */
  async backlog(): Promise<number> {
    return this.options.dataSource.getRepository(OutboxMessage).count({ where: { publishedAt: IsNull() } });
  }

  private async drainLoop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    for (;;) {
      let published = 0;
      try {
        published = await this.options.dataSource.transaction(async (manager) => {
          // Claimed and marked in one statement; the row locks are held until the publish below
          // succeeds and the transaction commits (a failed publish rolls the mark back).
          const claimed = await this.sql.rows<RawOutboxRow>(
            `UPDATE "outbox" SET "published_at" = now()
             WHERE "id" IN (SELECT "id" FROM "outbox" WHERE "published_at" IS NULL ORDER BY "id" LIMIT $1 FOR UPDATE SKIP LOCKED)
             RETURNING "id", "topic", "message_key", "payload", "contract", "headers", "trace_carrier"`,
            [batchSize],
            manager.queryRunner,
          );
          const rows = claimed.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
          // All rows at once, in id order: the publisher coalesces them into one produce request
          // (per-key order kept), each inside the trace context that wrote it.
          await Promise.all(rows.map((row) =>
            withTraceCarrier(row.trace_carrier, () =>
              this.options.publisher.publish(row.topic, [
                { key: row.message_key, value: row.payload ?? null, contract: row.contract ?? undefined, headers: row.headers ?? {} },
              ]),
            )));
          return rows.length;
        });
      } catch (error) {
        this.options.logger.warn({ ...errorFields(error) }, 'outbox publish failed; will retry');
        throw error;
      }
      if (published < batchSize) return;
    }
  }
}
