import { DataSource, EntityManager, IsNull } from 'typeorm';
import { currentTraceCarrier, errorFields, Logger, withTraceCarrier } from '@gv/telemetry';
import { OutboxMessage } from './outbox.entity';

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

export interface OutboxRelayOptions {
  dataSource: DataSource;
  publisher: OutboxPublisher;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes committed outbox rows in id order, then marks them published, in one transaction
 * that holds row locks (FOR UPDATE SKIP LOCKED), so several instances never publish the same row
 * at once. A crash after the publish and before the mark publishes the row again: consumers of
 * outbox topics are idempotent (snapshots carry versions). Each row is published inside the trace
 * context that wrote it.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;

  constructor(private readonly options: OutboxRelayOptions) {}

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
    await this.draining;
  }

  /** Publishes everything pending now (also called right after a commit to cut latency). */
  async drain(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = this.drainLoop().finally(() => {
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
          const rows = await manager
            .getRepository(OutboxMessage)
            .createQueryBuilder('o')
            .where('o.published_at IS NULL')
            .orderBy('o.id', 'ASC')
            .limit(batchSize)
            .setLock('pessimistic_write')
            .setOnLocked('skip_locked')
            .getMany();
          for (const row of rows) {
            await withTraceCarrier(row.traceCarrier, () =>
              this.options.publisher.publish(row.topic, [
                { key: row.messageKey, value: row.payload ?? null, contract: row.contract ?? undefined, headers: row.headers },
              ]),
            );
          }
          if (rows.length > 0) {
            await manager
              .createQueryBuilder()
              .update(OutboxMessage)
              .set({ publishedAt: () => 'now()' })
              .whereInIds(rows.map((r) => r.id))
              .execute();
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
}
