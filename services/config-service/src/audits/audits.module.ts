import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CONSUMER_GROUPS, prefixedTopics, TOPICS } from '@gv/contracts';
import { PgCrashGuard } from '@gv/db';
import { KAFKA_CLIENT, KafkaConsumerServer, KafkaPublisher } from '@gv/kafka';
import { HEALTH_REGISTRY, HealthRegistry, SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { OutboxModule, outboxChannel } from '../outbox/outbox.module';
import { OutboxLeader } from '../outbox/outbox-publisher';
import { SettingsModule } from '../settings/settings.module';
import { SettingsStore } from '../settings/settings-store';
import { AuditViewStore } from './audit-view-store';
import { AuditsConsumer } from './audits.consumer';
import { AuditsService } from './audits-service';

/** The audit read model's consumer group (connected by startConfigService). */
export const AUDITS_CONSUMER = Symbol('AUDITS_CONSUMER');

/** The consumer group id under a KAFKA_GROUP_PREFIX. */
export function auditsGroup(prefix: string): string {
  return `${prefix}${CONSUMER_GROUPS.configAudits}`;
}

/** Crash-loop breaker of the audits consumer (its own connection, like the sales history's). */
const AUDITS_CRASH_GUARD = Symbol('AUDITS_CRASH_GUARD');

/**
 * "Conferir com o Vhsys" in config-service: the read model of the dispatcher's audit answers,
 * the service shared by HTTP and gRPC, and the consumer group on `vhsys.audit-results.v1`.
 */
@Module({
  imports: [OutboxModule, SettingsModule],
  controllers: [AuditsConsumer],
  providers: [
    {
      provide: AuditViewStore,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ConfigServiceConfig) => new AuditViewStore(dataSource, config.DB_SCHEMA),
    },
    {
      provide: AuditsService,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER, DataSource, AuditViewStore, SettingsStore, OutboxLeader],
      useFactory: (config: ConfigServiceConfig, logger: Logger, dataSource: DataSource, store: AuditViewStore, log: SettingsStore, outbox: OutboxLeader) =>
        new AuditsService({
          dataSource, store, log, logger,
          requestsTopic: prefixedTopics(config.KAFKA_TOPIC_PREFIX).auditRequests,
          outboxChannel: outboxChannel(config),
          onCommitted: () => outbox.kick(),
        }),
    },
    {
      provide: AUDITS_CRASH_GUARD,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (config: ConfigServiceConfig, logger: Logger) =>
        new PgCrashGuard({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, logger, applicationName: 'config-service-audits-crash-guard' }),
    },
    {
      provide: AUDITS_CONSUMER,
      inject: [SERVICE_CONFIG, KAFKA_CLIENT, KafkaPublisher, SERVICE_LOGGER, AUDITS_CRASH_GUARD],
      useFactory: (config: ConfigServiceConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger, crashGuard: PgCrashGuard) =>
        new KafkaConsumerServer({
          kafka,
          publisher,
          logger,
          crashGuard,
          groupId: auditsGroup(config.KAFKA_GROUP_PREFIX),
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          patterns: [TOPICS.auditResults],
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        }),
    },
  ],
  exports: [AuditsService, AUDITS_CONSUMER],
})
export class AuditsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(AUDITS_CONSUMER) private readonly consumer: KafkaConsumerServer,
    @Inject(AUDITS_CRASH_GUARD) private readonly crashGuard: PgCrashGuard,
  ) {}

  onModuleInit(): void {
    this.health.register('audits_consumer_joined', () => this.consumer.isJoined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.crashGuard.close();
  }
}
