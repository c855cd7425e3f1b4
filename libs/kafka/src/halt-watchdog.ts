import { PeriodicTask } from '@gv/concurrency';
import type { Logger } from '@gv/telemetry';
import { registerHaltedSource } from './consumer-metrics';

/** A partition's halt as the consumer keeps it: since when (epoch ms), and whether it was logged. */
export interface PartitionHalt {
  since: number;
  reported: boolean;
}

/** What the watchdog reads of one assigned partition. */
export interface HaltedPartitionView {
  topic: string;
  partition: number;
  halt: PartitionHalt | null;
  inFlight: number;
}

export interface HaltWatchdogOptions {
  groupId: string;
  /** `group` label of the gauge. */
  metricsGroup: string;
  logger: Logger;
  /** A halt older than this is logged as an error, once per halt (default 2 min). */
  reportAfterMs?: number;
  /** The consumer's partitions, by `topic:partition`, read at each look. */
  partitions: () => ReadonlyMap<string, HaltedPartitionView>;
}

/**
 * Reports partitions halted for too long: after an infrastructure failure a partition takes no
 * new messages until its in-flight work ends, so a halt that lasts minutes means in-flight work
 * that does not end. It reports only (an error log line once per halt, and the gauge
 * `kafka_consumer_partition_halted_seconds{group,topic,partition}`): leaving the group would not
 * end that work. Runbook: docs/operations.md#a-partition-halted-for-minutes.
 */
export class HaltWatchdog {
  private readonly task: PeriodicTask;
  /** Every partition halted since start, by `topic:partition` (the gauge's series). */
  private readonly everHalted = new Map<string, { topic: string; partition: number }>();
  private unregister: (() => void) | null = null;
  private readonly reportAfterMs: number;

  constructor(private readonly options: HaltWatchdogOptions) {
    this.reportAfterMs = options.reportAfterMs ?? 120000;
    this.task = new PeriodicTask(async () => this.reportLongHalts(), Math.min(30000, Math.max(100, this.reportAfterMs / 4)));
  }

  /** Records that a partition was halted (it has a gauge series from now on). */
  halted(topic: string, partition: number): void {
    this.everHalted.set(`${topic}:${partition}`, { topic, partition });
  }

  start(): void {
    this.unregister = registerHaltedSource({
      observe: (result) => {
        // Every partition ever halted here is observed, at 0 once it runs again (or moved away):
        // the SDK would otherwise keep showing the last value of a series no longer observed.
        const now = Date.now();
        const partitions = this.options.partitions();
        for (const [id, { topic, partition }] of this.everHalted) {
          const halt = partitions.get(id)?.halt;
          const seconds = halt ? (now - halt.since) / 1000 : 0;
          result.observe(seconds, { group: this.options.metricsGroup, topic, partition: String(partition) });
        }
      },
    });
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
    this.unregister?.();
    this.unregister = null;
  }

  /** Logs, once per halt, each partition halted for longer than `reportAfterMs`. */
  private reportLongHalts(): void {
    const now = Date.now();
    for (const state of this.options.partitions().values()) {
      const { halt } = state;
      if (!halt || halt.reported || now - halt.since < this.reportAfterMs) continue;
      halt.reported = true;
      this.options.logger.error({
        groupId: this.options.groupId, topic: state.topic, partition: state.partition,
        haltedForMs: now - halt.since, inFlight: state.inFlight,
      }, 'partition halted for too long: it takes no new messages until its in-flight work ends');
    }
  }
}
