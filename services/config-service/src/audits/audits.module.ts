import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { prefixedTopics, TOPICS } from '@gv/contracts';
import { HEALTH_REGISTRY, HealthRegistry, SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { ConfigConsumerGroup, configConsumerGroupProviders } from '../core/consumer-group';
import { OutboxModule, outboxChannel } from '../outbox/outbox.module';
import { OutboxLeader } from '../outbox/outbox-publisher';
import { SettingsModule } from '../settings/settings.module';
import { SettingsStore } from '../settings/settings-store';
import { AuditViewStore } from './audit-view-store';
import { AuditsConsumer } from './audits.consumer';
import { AuditsService } from './audits-service';

/** The audit read model's consumer group (connected by startConfigService). */
export const AUDITS_CONSUMER = Symbol('AUDITS_CONSUMER');

const AUDITS_GROUP = Symbol('AUDITS_GROUP');

/**
 * "Conferir com o Vhsys" in config-service: the read model of the dispatcher's audit answers,
 * the service shared by HTTP and gRPC, and the consumer group on `vhsys.audit-results.v1`
 * (core/consumer-group.ts).
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
    ...configConsumerGroupProviders({
      server: AUDITS_CONSUMER,
      group: AUDITS_GROUP,
      groupId: 'configAudits',
      patterns: [TOPICS.auditResults],
      name: 'audits',
    }),
  ],
  exports: [AuditsService, AUDITS_CONSUMER],
})
export class AuditsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(AUDITS_GROUP) private readonly group: ConfigConsumerGroup,
  ) {}

  onModuleInit(): void {
    this.health.register('audits_consumer_joined', () => this.group.server.isJoined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.group.crashGuard.close();
  }
}
