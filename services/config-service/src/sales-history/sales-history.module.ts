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
import { SaleHistoryStore } from './sale-history-store';
import { SalesHistoryConsumer } from './sales-history.consumer';
import { SalesHistoryService } from './sales-history-service';
import { SalesHistoryKeys } from './sales-query';

/** The sales history's consumer group (connected by startConfigService). */
export const SALES_HISTORY_CONSUMER = Symbol('SALES_HISTORY_CONSUMER');

const SALES_HISTORY_GROUP = Symbol('SALES_HISTORY_GROUP');

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
    ...configConsumerGroupProviders({
      server: SALES_HISTORY_CONSUMER,
      group: SALES_HISTORY_GROUP,
      groupId: 'configSalesHistory',
      patterns: [TOPICS.saleOrders, TOPICS.dispatchResults],
      name: 'sales-history',
    }),
  ],
  exports: [SalesHistoryService, SALES_HISTORY_CONSUMER],
})
export class SalesHistoryModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(SALES_HISTORY_GROUP) private readonly group: ConfigConsumerGroup,
  ) {}

  onModuleInit(): void {
    this.health.register('sales_history_consumer_joined', () => this.group.server.isJoined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.group.crashGuard.close();
  }
}
