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
import { SaleHistoryStore } from './sale-history-store';
import { SalesHistoryConsumer } from './sales-history.consumer';
import { SalesHistoryService } from './sales-history-service';
import { SalesHistoryKeys } from './sales-query';

/** The sales history's consumer group (connected by startConfigService). */
export const SALES_HISTORY_CONSUMER = Symbol('SALES_HISTORY_CONSUMER');

/** The consumer group id under a KAFKA_GROUP_PREFIX. */
export function salesHistoryGroup(prefix: string): string {
  return `${prefix}${CONSUMER_GROUPS.configSalesHistory}`;
}

/**
 * The sales history: its store, its service (shared by HTTP and gRPC), and its consumer group on
 * the sale orders and results, with the crash-loop breaker every consumer has. Nest closes the
 * consumer before any onApplicationShutdown hook; the crash guard's connection closes then.
 */
@Module({
  imports: [OutboxModule, SettingsModule],
  controllers: [SalesHistoryConsumer],
  providers: [
    {
      provide: SaleHistoryStore,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ConfigServiceConfig) => new SaleHistoryStore(dataSource, config.DB_SCHEMA),
    },
    {
      provide: SalesHistoryService,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER, DataSource, SaleHistoryStore, SettingsStore, OutboxLeader],
      useFactory: (config: ConfigServiceConfig, logger: Logger, dataSource: DataSource, store: SaleHistoryStore, audit: SettingsStore, outbox: OutboxLeader) =>
        new SalesHistoryService({
          dataSource, store, audit, logger,
          keys: new SalesHistoryKeys(config.SALES_HISTORY_KEY),
          reprocessTopic: prefixedTopics(config.KAFKA_TOPIC_PREFIX).saleReprocess,
          outboxChannel: outboxChannel(config),
          onCommitted: () => outbox.kick(),
        }),
    },
    {
      provide: PgCrashGuard,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (config: ConfigServiceConfig, logger: Logger) =>
        new PgCrashGuard({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, logger, applicationName: 'config-service-crash-guard' }),
    },
    {
      provide: SALES_HISTORY_CONSUMER,
      inject: [SERVICE_CONFIG, KAFKA_CLIENT, KafkaPublisher, SERVICE_LOGGER, PgCrashGuard],
      useFactory: (config: ConfigServiceConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger, crashGuard: PgCrashGuard) =>
        new KafkaConsumerServer({
          kafka,
          publisher,
          logger,
          crashGuard,
          groupId: salesHistoryGroup(config.KAFKA_GROUP_PREFIX),
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          patterns: [TOPICS.saleOrders, TOPICS.dispatchResults],
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        }),
    },
  ],
  exports: [SalesHistoryService, SALES_HISTORY_CONSUMER],
})
export class SalesHistoryModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(SALES_HISTORY_CONSUMER) private readonly consumer: KafkaConsumerServer,
    @Inject(PgCrashGuard) private readonly crashGuard: PgCrashGuard,
  ) {}

  onModuleInit(): void {
    this.health.register('sales_history_consumer_joined', () => this.consumer.isJoined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.crashGuard.close();
  }
}
