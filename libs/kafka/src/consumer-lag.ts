import type { Admin, Kafka } from 'kafkajs';
import type { ObservableResult } from '@opentelemetry/api';
import type { Logger } from '@gv/telemetry';
import { recordLagRefreshFailure, registerLagSource } from './consumer-metrics';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** End offset (high watermark). */
  end: bigint;
  /** Committed offset of the group, or null when the group never committed on this partition. */
  committed: bigint | null;
  lag: bigint;
}

/**
 * Lag of one topic's partitions: end offset minus the group's committed offset. A partition the
 * group never committed on lags by everything still retained (end − low watermark), which is what
 * a `fromBeginning` consumer has left to read.
 */
export function computeLag(
  topic: string,
  topicOffsets: { partition: number; high: string; low: string }[],
  committedOffsets: { partition: number; offset: string }[],
): PartitionLag[] {
  const committed = new Map(committedOffsets.map((p) => [p.partition, p.offset]));
  return topicOffsets
    .map((p) => {
      const end = BigInt(p.high);
      const low = BigInt(p.low);
      const raw = committed.get(p.partition);
      const c = raw === undefined || raw === '' || BigInt(raw) < 0n ? null : BigInt(raw);
      const from = c === null ? low : c < low ? low : c;
      const lag = end > from ? end - from : 0n;
      return { topic, partition: p.partition, end, committed: c, lag };
    })
    .sort((a, b) => a.partition - b.partition);
}

export interface ConsumerLagMonitorOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Refresh period (default 5000 ms). */
  intervalMs?: number;
  /** `group` label of the gauge (default groupId; throwaway per-instance groups pass a stable name). */
  metricsGroup?: string;
}

/**
 * Periodically compares each topic's end offsets (admin.fetchTopicOffsets) with the group's
 * committed offsets (admin.fetchOffsets) and reports `kafka_consumer_lag{group,topic,partition}`.
 * When a refresh fails (broker unreachable) the failure is logged (warn, once per streak) and the
 * monitor tries again next period. Note that the OpenTelemetry SDK keeps exporting the last value
 * of a series that is no longer observed (cumulative temporality), so during a broker outage the
 * gauge shows the last lag read; `kafka_consumer_lag_refresh_failures_total` tells them apart.
 */
export class ConsumerLagMonitor {
  private admin: Admin | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unregister: (() => void) | null = null;
  private latest: PartitionLag[] = [];
  private refreshing: Promise<void> | null = null;
  private stopped = false;
  private failing = false;

  constructor(private readonly options: ConsumerLagMonitorOptions) {}

  /** The last lag read (tests, health). */
  get current(): readonly PartitionLag[] {
    return this.latest;
  }

  /** Total lag over all partitions, or null before the first successful refresh. */
  get total(): bigint | null {
    return this.latest.length === 0 ? null : this.latest.reduce((sum, p) => sum + p.lag, 0n);
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const group = this.options.metricsGroup ?? this.options.groupId;
    this.unregister = registerLagSource({
      observe: (result: ObservableResult) => {
        for (const p of this.latest) result.observe(Number(p.lag), { group, topic: p.topic, partition: String(p.partition) });
      },
    });
    const tick = () => {
      void this.refresh().finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(tick, this.options.intervalMs ?? 5000);
        this.timer.unref();
      });
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  /** Reads the offsets now (also used by tests instead of waiting for the period). */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.read().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A read in flight against an unreachable broker must not hold up shutdown.
    if (this.refreshing) await Promise.race([this.refreshing.catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
    this.unregister?.();
    this.unregister = null;
    this.latest = [];
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }

  private async read(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.admin) {
        const admin = this.options.kafka.admin();
        await admin.connect();
        if (this.stopped) {
          await admin.disconnect().catch(() => undefined);
          return;
        }
        this.admin = admin;
      }
      const admin = this.admin;
      const committed = await admin.fetchOffsets({ groupId: this.options.groupId, topics: this.options.topics });
      const next: PartitionLag[] = [];
      for (const topic of this.options.topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const group = committed.find((c) => c.topic === topic)?.partitions ?? [];
        next.push(...computeLag(topic, ends, group));
      }
      if (!this.stopped) this.latest = next;
      this.failing = false;
    } catch (error) {
      recordLagRefreshFailure(this.options.metricsGroup ?? this.options.groupId);
      if (!this.failing) {
        this.options.logger.warn({ groupId: this.options.groupId, err: { message: (error as Error).message } }, 'consumer lag refresh failed');
      }
      this.failing = true;
      const admin = this.admin;
      this.admin = null;
      await admin?.disconnect().catch(() => undefined);
    }
  }
}
