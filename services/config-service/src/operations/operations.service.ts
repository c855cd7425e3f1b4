import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS, prefixedTopics } from '@gv/contracts';
import { createKafka } from '@gv/kafka';
import {
  consumerLag, GroupTopicLag, listDeadLetters, outboxBacklog, OutboxBacklog, pausedAccounts, PausedAccount,
  replayDeadLetters, ReplayJournalLocation, withReadClient,
} from '@gv/operations';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { inSpan, Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { ServiceError } from '../settings/errors';
import type { Caller } from '../settings/settings-service';
import { operationsKafkaSecurity } from './operations-kafka';
import type { z } from 'zod';
import type { DeadLettersResponseSchema, ReplayResponseSchema } from './operations-views';

const APPLICATION_NAME = 'config-service-operations';

/**
 * What the console's Operações shows and does, for operator tokens: dead letters per consumer
 * group (and their replay, journaled once per letter with the ops command's journal), the accounts
 * the dispatcher paused, each group's lag, each service's outbox backlog. Reads go to Kafka as the
 * `ops` principal and to PostgreSQL over a short connection of their own; nothing is cached.
 */
@Injectable()
export class OperationsService implements OnApplicationShutdown {
  private kafka: Kafka | null = null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ConfigServiceConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /** The product's consumer groups with this deployment's prefix (the only dead-letter topics shown or replayed). */
  get consumerGroups(): string[] {
    return Object.values(CONSUMER_GROUPS).map((g) => `${this.config.KAFKA_GROUP_PREFIX}${g}`);
  }

  async deadLetters(caller: Caller, options: { limit: number; account?: string }): Promise<z.infer<typeof DeadLettersResponseSchema>> {
    return this.run('dead_letters', caller, async () => {
      const listing = await listDeadLetters(this.kafkaClient(), { group: this.consumerGroups, account: options.account ?? null, limit: options.limit, journal: this.journal });
      return {
        journalProblem: listing.journalProblem,
        groups: listing.topics.map(({ dlqTopic, total }) => ({
          consumerGroup: this.consumerGroups.find((g) => dlqTopic === `deadletter.${g}.v1`) ?? dlqTopic,
          topic: dlqTopic,
          total,
          messages: listing.letters.filter((l) => l.dlqTopic === dlqTopic).reverse().map((l) => ({
            partition: l.partition,
            offset: l.offset,
            key: l.key,
            accountId: l.accountId,
            saleId: l.saleId,
            reason: l.reason,
            field: l.field,
            failedAt: l.failedAt,
            originalTopic: l.originalTopic,
            replayOf: l.replayOf,
            replay: l.replay,
          })),
        })),
      };
    });
  }

  /** Replays one dead letter of `group` to where it came from (once, unless `force`), recorded with the caller's name. */
  async replay(caller: Caller, group: string, letter: { partition: number; offset: string; force: boolean }): Promise<z.infer<typeof ReplayResponseSchema>> {
    if (!this.consumerGroups.includes(group)) throw new ServiceError('not_found', `no consumer group ${group} of this deployment`);
    return this.run('replay_dead_letter', caller, async () => {
      const report = await replayDeadLetters(this.kafkaClient(), {
        group,
        selector: { kind: 'offset', offsets: [letter.offset] },
        force: letter.force,
        by: `console:${caller.principal.name}`,
        journal: this.journal,
      });
      const line = report.lines.find((l) => l.partition === letter.partition);
      if (!line) return { replayed: 0, outcome: 'not_found', target: null, detail: `no dead letter at partition ${letter.partition}, offset ${letter.offset}` };
      this.logger.info({ group, partition: line.partition, offset: line.offset, outcome: line.outcome, by: caller.principal.name }, 'dead letter replay from the operations view');
      return { replayed: line.outcome === 'replayed' ? 1 : 0, outcome: line.outcome === 'would_replay' ? 'failed' : line.outcome, target: line.target, detail: line.detail };
    });
  }

  async pausedAccounts(caller: Caller): Promise<PausedAccount[]> {
    return this.run('paused_accounts', caller, () => withReadClient(this.databaseUrl, APPLICATION_NAME, (client) => pausedAccounts(client, this.config.OPERATIONS_DISPATCHER_SCHEMA)));
  }

  async consumerLag(caller: Caller): Promise<GroupTopicLag[]> {
    return this.run('consumer_lag', caller, () => consumerLag(this.kafkaClient(), prefixedTopics(this.config.KAFKA_TOPIC_PREFIX), this.config.KAFKA_GROUP_PREFIX));
  }

  async outboxBacklog(caller: Caller): Promise<OutboxBacklog[]> {
    return this.run('outbox_backlog', caller, () => withReadClient(this.databaseUrl, APPLICATION_NAME, (client) => outboxBacklog(client, [
      { service: 'config-service', schema: this.config.DB_SCHEMA },
      { service: 'mapping-service', schema: this.config.OPERATIONS_MAPPING_SCHEMA },
      { service: 'invoice-dispatcher', schema: this.config.OPERATIONS_DISPATCHER_SCHEMA },
    ])));
  }

  onApplicationShutdown(): void {
    this.kafka = null;
  }

  private get databaseUrl(): string {
    return this.config.OPERATIONS_DATABASE_URL ?? this.config.DATABASE_URL;
  }

  private get journal(): ReplayJournalLocation {
    return { databaseUrl: this.databaseUrl, schema: this.config.OPERATIONS_JOURNAL_SCHEMA, applicationName: APPLICATION_NAME };
  }

  private kafkaClient(): Kafka {
    if (this.kafka) return this.kafka;
    const security = operationsKafkaSecurity(this.config);
    if ('unavailable' in security) throw new ServiceError('operations_unavailable', security.unavailable);
    this.kafka = createKafka({ brokers: this.config.KAFKA_BROKERS, clientId: APPLICATION_NAME, logger: this.logger, security });
    return this.kafka;
  }

  /** One traced operation; a failure of Kafka or PostgreSQL becomes operations_unavailable with its cause (never a secret: these are broker and driver messages). */
  private async run<T>(name: string, caller: Caller, work: () => Promise<T>): Promise<T> {
    return inSpan(`config.operations.${name}`, { 'config.caller': caller.principal.name }, async () => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof ServiceError) throw error;
        this.logger.warn({ operation: name, error: (error as Error).message }, 'operations view: a read failed');
        throw new ServiceError('operations_unavailable', `${name.replace(/_/g, ' ')} could not be read: ${(error as Error).message}`);
      }
    });
  }
}
