/**
 * Consumer metrics every ConsumerRunner reports (served at each service's /metrics):
 *
 * - `kafka_messages_total{group,topic,outcome}`: messages handled, by outcome
 *   (processed | dead_lettered | retrying | delayed | paced | waited_for_room); `retrying` and
 *   `delayed` count deliveries, not messages (one message re-read three times counts three);
 *   `paced`: a message of a flooding lane that waited for its turn (fair intake, fair-intake.ts);
 *   `waited_for_room`: one that then also waited for its lane's room (FairIntakeOptions.room);
 * - `kafka_dead_lettered_total{group,topic}`: messages sent to the group's dead-letter topic
 *   (`topic` is the topic the message was read from);
 * - `kafka_consumer_lag{group,topic,partition}`: end offset minus committed offset, refreshed by
 *   ConsumerLagMonitor (consumer-lag.ts);
 * - `kafka_consumer_lag_refresh_failures_total{group}`: lag reads that failed (broker unreachable);
 * - `kafka_consumer_crash_suspects_total{group,topic}`: messages found in flight in a consumer
 *   process that died (one per message per crash; crash-guard.ts);
 * - `kafka_crashed_consumer_dead_lettered_total{group,topic}`: messages dead-lettered with reason
 *   `crashed_consumer` after their third crash (also counted in kafka_dead_lettered_total);
 * - `kafka_consumer_partition_halted_seconds{group,topic,partition}`: how long a partition of a
 *   key-concurrency consumer has taken no new messages after an infrastructure failure (halted,
 *   then rewound after the backoff); 0 once it runs again (a series appears at its first halt). A value that keeps growing is a
 *   partition whose in-flight work never ends (the runner also logs it, haltReportAfterMs).
 *
 * Instruments are created from the global meter the first time a runner needs them, so a service
 * must call startMetrics() before it constructs its consumers (main.ts does, before bootstrap).
 */
import type { Counter, Meter, ObservableResult } from '@opentelemetry/api';
import { meter } from '@gv/telemetry';

export type ConsumerOutcome = 'processed' | 'dead_lettered' | 'retrying' | 'delayed' | 'paced' | 'waited_for_room';

export interface ConsumerInstruments {
  messages: Counter;
  deadLettered: Counter;
  lagRefreshFailures: Counter;
  crashSuspects: Counter;
  crashDeadLettered: Counter;
}

/** A source of lag observations (one per running lag monitor). */
export interface LagSource {
  observe(result: ObservableResult): void;
}

/** A source of halted-partition observations (one per running key-concurrency consumer). */
export type HaltedSource = LagSource;

interface MeterState {
  instruments: ConsumerInstruments;
  lagSources: Set<LagSource>;
  haltedSources: Set<HaltedSource>;
}

const byMeter = new WeakMap<Meter, MeterState>();

function state(): MeterState {
  const m = meter();
  let s = byMeter.get(m);
  if (!s) {
    const lagSources = new Set<LagSource>();
    const haltedSources = new Set<HaltedSource>();
    s = {
      instruments: {
        messages: m.createCounter('kafka_messages_total', {
          description: 'Kafka messages handled by a consumer group, by outcome (processed, dead_lettered, retrying, delayed)',
        }),
        deadLettered: m.createCounter('kafka_dead_lettered_total', {
          description: 'Kafka messages sent to the consumer group dead-letter topic, by source topic',
        }),
        lagRefreshFailures: m.createCounter('kafka_consumer_lag_refresh_failures_total', {
          description: 'Consumer lag reads that failed (broker unreachable); the lag gauge then shows the last value read',
        }),
        crashSuspects: m.createCounter('kafka_consumer_crash_suspects_total', {
          description: 'Messages found in flight in a consumer process that died (one per message per crash)',
        }),
        crashDeadLettered: m.createCounter('kafka_crashed_consumer_dead_lettered_total', {
          description: 'Messages dead-lettered with reason crashed_consumer: their consumer process died three times while handling them',
        }),
      },
      lagSources,
      haltedSources,
    };
    m.createObservableGauge('kafka_consumer_lag', {
      description: 'Messages not yet committed by the consumer group: end offset minus committed offset, per partition',
    }).addCallback((result) => {
      for (const source of lagSources) source.observe(result);
    });
    m.createObservableGauge('kafka_consumer_partition_halted_seconds', {
      description: 'Seconds a partition has taken no new messages after an infrastructure failure (halted until its in-flight work ends, then rewound after the backoff); 0 once it runs again',
    }).addCallback((result) => {
      for (const source of haltedSources) source.observe(result);
    });
    byMeter.set(m, s);
  }
  return s;
}

export function consumerInstruments(): ConsumerInstruments {
  return state().instruments;
}

/** Records one outcome of a consumer (both counters for dead letters). */
export function recordConsumerOutcome(group: string, topic: string, outcome: ConsumerOutcome): void {
  const { messages, deadLettered } = consumerInstruments();
  messages.add(1, { group, topic, outcome });
  if (outcome === 'dead_lettered') deadLettered.add(1, { group, topic });
}

/** Counts the messages a takeover found in flight in a dead consumer process. */
export function recordCrashSuspects(group: string, topic: string, count: number): void {
  if (count > 0) consumerInstruments().crashSuspects.add(count, { group, topic });
}

/** Counts a message dead-lettered by the crash-loop breaker. */
export function recordCrashedConsumerDeadLetter(group: string, topic: string): void {
  consumerInstruments().crashDeadLettered.add(1, { group, topic });
}

export function recordLagRefreshFailure(group: string): void {
  consumerInstruments().lagRefreshFailures.add(1, { group });
}

/** Adds a lag source to the `kafka_consumer_lag` gauge; returns the function that removes it. */
export function registerLagSource(source: LagSource): () => void {
  const { lagSources } = state();
  lagSources.add(source);
  return () => lagSources.delete(source);
}

/** Adds a source to the `kafka_consumer_partition_halted_seconds` gauge; returns its remover. */
export function registerHaltedSource(source: HaltedSource): () => void {
  const { haltedSources } = state();
  haltedSources.add(source);
  return () => haltedSources.delete(source);
}
