import { hostname } from 'os';
import { randomUUID } from 'crypto';
import { Kafka } from 'kafkajs';
import {
  CONSUMER_GROUPS, deadLetterTopic, IntegrationConfigSnapshot, IntegrationConfigSnapshotSchema,
  INTEGRATION_CONFIG, parseContract,
} from '@gv/contracts';
import { ConsumerRunner, decodeJson, InboundMessage, KafkaPublisher } from '@gv/kafka';
import { Logger } from '@gv/telemetry';

export type ConfigChangeListener = (accountId: string, snapshot: IntegrationConfigSnapshot | null) => Promise<void>;

/**
 * This instance's local view of `vhsys.integration-config.v1` (compacted): the latest snapshot of
 * every account. Every instance reads all partitions from the beginning under its own throwaway
 * consumer group, and reports itself loaded once it has read up to the end offsets that existed
 * when it started, so no sale is mapped against settings older than what was committed before
 * the start. Invalid snapshots are dead-lettered to `deadletter.mapping-service-config.v1`.
 */
export class ConfigView {
  private readonly snapshots = new Map<string, IntegrationConfigSnapshot>();
  private readonly runner: ConsumerRunner;
  private readonly targets = new Map<number, bigint>();
  private readonly positions = new Map<number, bigint>();
  private loaded = false;
  private readonly listeners: ConfigChangeListener[] = [];

  constructor(
    private readonly kafka: Kafka,
    publisher: KafkaPublisher,
    private readonly logger: Logger,
    groupPrefix: string,
    /** The settings topic (`prefixedTopics(KAFKA_TOPIC_PREFIX).integrationConfig`). */
    private readonly topic: string,
  ) {
    this.runner = new ConsumerRunner({
      kafka,
      publisher,
      logger,
      groupId: `${groupPrefix}${CONSUMER_GROUPS.mappingConfig}-${hostname()}-${randomUUID().slice(0, 8)}`,
      // The group id is new on every start: metrics use the stable name, so dashboards keep one series.
      metricsGroup: `${groupPrefix}${CONSUMER_GROUPS.mappingConfig}`,
      deadLetterTopic: deadLetterTopic(`${groupPrefix}${CONSUMER_GROUPS.mappingConfig}`),
      topics: [topic],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handler: (message) => this.apply(message),
    });
  }

  onChange(listener: ConfigChangeListener): void {
    this.listeners.push(listener);
  }

  get(accountId: string): IntegrationConfigSnapshot | null {
    return this.snapshots.get(accountId) ?? null;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  get accountCount(): number {
    return this.snapshots.size;
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const p of await admin.fetchTopicOffsets(this.topic)) {
        if (BigInt(p.high) > BigInt(p.low)) this.targets.set(p.partition, BigInt(p.high));
      }
    } finally {
      await admin.disconnect();
    }
    this.checkLoaded();
    await this.runner.start();
  }

  async waitUntilLoaded(timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.loaded) {
      if (Date.now() > deadline) throw new Error(`config view not loaded after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    this.logger.info({ accounts: this.snapshots.size }, 'config view loaded');
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  private async apply(message: InboundMessage): Promise<void> {
    try {
      const accountId = message.key;
      if (!accountId) return;
      if (message.value === null) {
        this.snapshots.delete(accountId);
        if (this.loaded) await this.notify(accountId, null);
        return;
      }
      const snapshot = parseContract(INTEGRATION_CONFIG, IntegrationConfigSnapshotSchema, decodeJson(message.value));
      const previous = this.snapshots.get(accountId);
      // Redelivered or re-published snapshots may arrive again; never go back to an older version.
      if (previous && previous.version >= snapshot.version) return;
      this.snapshots.set(accountId, snapshot);
      if (this.loaded) await this.notify(accountId, snapshot);
    } finally {
      this.positions.set(message.partition, BigInt(message.offset) + 1n);
      this.checkLoaded();
    }
  }

  private async notify(accountId: string, snapshot: IntegrationConfigSnapshot | null): Promise<void> {
    for (const listener of this.listeners) await listener(accountId, snapshot);
  }

  private checkLoaded(): void {
    if (this.loaded) return;
    for (const [partition, target] of this.targets) {
      if ((this.positions.get(partition) ?? 0n) < target) return;
    }
    this.loaded = true;
    // Sales parked while this instance was down may be releasable by what was just loaded.
    for (const accountId of this.snapshots.keys()) {
      void this.notify(accountId, this.snapshots.get(accountId)!).catch((error) =>
        this.logger.error({ accountId, err: { message: (error as Error).message } }, 'parked sale release failed'),
      );
    }
  }
}
