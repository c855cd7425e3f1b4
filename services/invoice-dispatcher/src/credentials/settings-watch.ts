import { randomUUID } from 'crypto';
import { hostname } from 'os';
import type { Kafka } from 'kafkajs';
import type { Counter } from '@opentelemetry/api';
import { DISPATCHER_SETTINGS_WATCH_GROUP } from '@gv/contracts';
import { ConsumerRunner, InboundMessage, KafkaPublisher } from '@gv/kafka';
import { Logger, meter } from '@gv/telemetry';
import type { CredentialsProvider } from './credentials-provider';

/**
 * Drops an account's cached Vhsys credentials as soon as its settings change on
 * `vhsys.integration-config.v1`: a tombstone (the integration was deleted) or any new snapshot
 * (tokens rotated, integration deactivated, anything else). The next sale of the account fetches
 * from config-service again, which answers NOT_FOUND for a deleted integration, so old tokens are
 * never used after a deletion reaches this instance (usually well under a second), instead of
 * after CREDENTIALS_CACHE_TTL_MS.
 *
 * Every instance has its own cache, so every instance reads every partition, under a throwaway
 * group of its own, from the end: what was published before the start cannot be in a cache that
 * starts empty. The message is not parsed: any message for a key drops that key, so a snapshot
 * this version cannot read still errs on the side of fetching again.
 */
/**
 * Stable part of the group name (metrics label). Not in CONSUMER_GROUPS: the handler cannot fail,
 * so this group needs no dead-letter topic.
 */
export const SETTINGS_WATCH_GROUP = DISPATCHER_SETTINGS_WATCH_GROUP;

export class SettingsWatch {
  private readonly runner: ConsumerRunner;
  private readonly dropped: Counter;

  constructor(options: { kafka: Kafka; publisher: KafkaPublisher; logger: Logger; groupPrefix: string; topic: string; credentials: CredentialsProvider }) {
    this.dropped = meter().createCounter('dispatcher_credentials_dropped_total', {
      description: "Cached Vhsys credentials dropped because the account's settings changed (reason: deleted, changed)",
    });
    const group = `${options.groupPrefix}${SETTINGS_WATCH_GROUP}`;
    this.runner = new ConsumerRunner({
      kafka: options.kafka,
      publisher: options.publisher,
      logger: options.logger,
      groupId: `${group}-${hostname()}-${randomUUID().slice(0, 8)}`,
      metricsGroup: group,
      topics: [options.topic],
      fromBeginning: false,
      lagMonitor: false,
      handler: async (message: InboundMessage) => {
        if (!message.key) return;
        const reason = message.value === null ? 'deleted' : 'changed';
        options.credentials.invalidate(message.key);
        this.dropped.add(1, { reason });
        options.logger.info({ accountId: message.key, reason }, 'cached Vhsys credentials dropped: the settings changed');
      },
    });
  }

  /** Resolves once the group is joined, so changes from then on are seen. */
  async start(): Promise<void> {
    await this.runner.start();
    await this.runner.waitUntilJoined();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }
}
