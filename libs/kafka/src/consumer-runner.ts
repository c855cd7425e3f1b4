import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { deadLetterTopic, HEADERS } from '@gv/contracts';
import { errorFields, Logger } from '@gv/telemetry';
import { KafkaPublisher } from './publisher';
import { headersToStrings } from './serialization';
import { deadLetterReason, isInfrastructureError, PermanentMessageError } from './errors';
import { recordConsumerOutcome } from './consumer-metrics';
import { ConsumerLagMonitor } from './consumer-lag';

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface HandlerControls {
  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void>;
}

export type MessageHandler = (message: InboundMessage, controls: HandlerControls) => Promise<void>;

export type MessageOutcome = 'processed' | 'dead_lettered' | 'retrying' | 'delayed';

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  publisher: KafkaPublisher;
  logger: Logger;
  groupId: string;
  topics: string[];
  handler: MessageHandler;
  fromBeginning?: boolean;
  /** Partitions worked on at once; order is kept within each partition. */
  partitionsConsumedConcurrently?: number;
  /** Attempts for an unexpected (non-infrastructure) error before the message is dead-lettered. */
  maxAttempts?: number;
  /** Backoff bounds for in-place retries (infrastructure errors retry until the dependency is back). */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * Delayed delivery (retry topics): epoch ms before which the message must not be handled.
   * The partition is paused until then instead of sleeping in the consumer loop.
   */
  notBefore?: (message: InboundMessage) => number | null;
  /** Observer for metrics. */
  onOutcome?: (outcome: MessageOutcome, message: InboundMessage) => void;
  sessionTimeoutMs?: number;
  /** Dead-letter topic; defaults to `deadletter.<groupId>.v1`. */
  deadLetterTopic?: string;
  /**
   * Consumer lag monitor (`kafka_consumer_lag{group,topic,partition}`), started with the consumer.
   * On by default, refreshed every 5 s; `false` turns it off.
   */
  lagMonitor?: false | { intervalMs?: number };
  /**
   * `group` label of this consumer's metrics (default groupId). Consumers with a throwaway group
   * per instance pass a stable name so dashboards do not get a new series on every restart.
   */
  metricsGroup?: string;
}

/**
 * A kafkajs consumer that never lets one message block a partition and never loses one:
 * - the offset is committed only after the handler's work is durable (autoCommit off);
 * - a permanent failure (bad payload, contract violation, repeated unexpected error) goes to
 *   `deadletter.<group>.v1` with the reason, field and origin in headers, then is committed;
 * - an infrastructure failure (database or broker down) pauses that partition and re-reads the
 *   same offset after a backoff, without rethrowing into kafkajs (which would restart the consumer
 *   and re-read the message forever).
 */
export class ConsumerRunner {
  private readonly consumer: Consumer;
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private joined = false;
  private stopped = false;
  private readonly dlqTopic: string;
  private readonly metricsGroup: string;
  private readonly lag: ConsumerLagMonitor | null;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.dlqTopic = options.deadLetterTopic ?? deadLetterTopic(options.groupId);
    this.metricsGroup = options.metricsGroup ?? options.groupId;
    this.lag = options.lagMonitor === false
      ? null
      : new ConsumerLagMonitor({
          kafka: options.kafka,
          groupId: options.groupId,
          topics: options.topics,
          logger: options.logger,
          intervalMs: options.lagMonitor?.intervalMs,
          metricsGroup: this.metricsGroup,
        });
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.joined = false;
      options.logger.error({ groupId: options.groupId, err: { message: event.payload.error?.message } }, 'kafka consumer crashed');
    });
  }

  get isJoined(): boolean {
    return this.joined && !this.stopped;
  }

  get rawConsumer(): Consumer {
    return this.consumer;
  }

  /** The lag monitor, or null when disabled. */
  get lagMonitor(): ConsumerLagMonitor | null {
    return this.lag;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    for (const topic of this.options.topics) {
      await this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    }
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.handle(payload),
    });
    this.lag?.start();
  }

  /** Resolves once the consumer has joined its group (partitions assigned). */
  async waitUntilJoined(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.joined) {
      if (Date.now() > deadline) throw new Error(`consumer group ${this.options.groupId} did not join within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.lag?.stop();
    await this.consumer.disconnect();
  }

  private async handle({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const inbound: InboundMessage = {
      topic,
      partition,
      offset: message.offset,
      key: message.key ? message.key.toString('utf8') : null,
      value: message.value,
      headers: headersToStrings(message.headers),
      timestamp: message.timestamp,
    };
    const dueAt = this.options.notBefore?.(inbound) ?? null;
    if (dueAt !== null && dueAt > Date.now()) {
      this.pauseAndRewind(inbound, dueAt - Date.now());
      this.outcome('delayed', inbound);
      return;
    }
    const attemptKey = `${topic}:${partition}:${message.offset}`;
    try {
      await this.options.handler(inbound, { heartbeat });
      this.attempts.delete(attemptKey);
      await this.commit(inbound);
      this.outcome('processed', inbound);
    } catch (error) {
      const attempt = (this.attempts.get(attemptKey) ?? 0) + 1;
      this.attempts.set(attemptKey, attempt);
      const permanent = !isInfrastructureError(error) && (
        error instanceof PermanentMessageError ||
        deadLetterReason(error).field !== null ||
        attempt >= (this.options.maxAttempts ?? 3)
      );
      if (permanent) {
        try {
          await this.deadLetter(inbound, error);
          this.attempts.delete(attemptKey);
          return;
        } catch (publishError) {
          // Broker unavailable: keep the message (not committed) and try again later.
          this.options.logger.error({ topic, partition, offset: message.offset, ...errorFields(publishError) }, 'dead-letter publish failed');
        }
      }
      const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 200, maxMs: 15000 };
      const delay = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 16));
      this.options.logger.warn(
        { topic, partition, offset: message.offset, attempt, retryInMs: delay, ...errorFields(error) },
        'message failed; retrying in place',
      );
      this.pauseAndRewind(inbound, delay);
      this.outcome('retrying', inbound);
    }
  }

  private async deadLetter(message: InboundMessage, error: unknown): Promise<void> {
    const { reason, field } = deadLetterReason(error);
    this.options.logger.error(
      { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key, reason, field, deadLetterTopic: this.dlqTopic },
      'message dead-lettered',
    );
    await this.options.publisher.publishRaw(this.dlqTopic, [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.dlqReason]: reason.slice(0, 2000),
          ...(field ? { [HEADERS.dlqField]: field } : {}),
          [HEADERS.dlqOriginalTopic]: message.topic,
          [HEADERS.dlqOriginalPartition]: String(message.partition),
          [HEADERS.dlqOriginalOffset]: message.offset,
          [HEADERS.dlqConsumerGroup]: this.options.groupId,
          [HEADERS.dlqFailedAt]: new Date().toISOString(),
        },
      },
    ]);
    await this.commit(message);
    this.outcome('dead_lettered', message);
  }

  /** Counts the outcome (kafka_messages_total, kafka_dead_lettered_total), then tells the observer. */
  private outcome(outcome: MessageOutcome, message: InboundMessage): void {
    try {
      recordConsumerOutcome(this.metricsGroup, message.topic, outcome);
      this.options.onOutcome?.(outcome, message);
    } catch (error) {
      // An observer must never break consumption.
      this.options.logger.warn({ ...errorFields(error) }, 'consumer outcome observer failed');
    }
  }

  private async commit(message: InboundMessage): Promise<void> {
    await this.consumer.commitOffsets([
      { topic: message.topic, partition: message.partition, offset: (BigInt(message.offset) + 1n).toString() },
    ]);
  }

  /** Stops fetching this partition, re-reads `message` after `delayMs`. */
  private pauseAndRewind(message: InboundMessage, delayMs: number): void {
    const tp = [{ topic: message.topic, partitions: [message.partition] }];
    this.consumer.pause(tp);
    this.consumer.seek({ topic: message.topic, partition: message.partition, offset: message.offset });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) this.consumer.resume(tp);
    }, Math.max(1, delayMs));
    this.timers.add(timer);
  }
}
