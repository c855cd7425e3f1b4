import { Inject, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CONSUMER_GROUPS, prefixedTopics, TOPICS } from '@gv/contracts';
import { OutboxRelay, PgCrashGuard, PreparedStatements } from '@gv/db';
import { KAFKA_CLIENT, KafkaConsumerServer, KafkaPublisher } from '@gv/kafka';
import { HEALTH_REGISTRY, HealthRegistry, SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import { ConfigView } from '../config-view/config-view';
import { ConfigViewModule } from '../config-view/config-view.module';
import type { MappingServiceConfig } from '../mapping-service.config';
import { MappingOutboxModule } from '../outbox/mapping-outbox.module';
import { InvoiceDueScheduler } from '../warranty/invoice-due-scheduler';
import { GuruSalesController } from './guru-sales.controller';
import { SaleOutputs } from './sale-outputs';
import { SaleProcessor } from './sale-processor';

/** The consumer group of Guru's sale events, a Nest microservice server (main.ts connects it). */
export const SALES_CONSUMER = Symbol('SALES_CONSUMER');

/**
 * Guru sale events in, SaleOrders and results out: the processor, its consumer group (with the
 * crash-loop breaker), the re-mapping of parked sales when settings change, and the scheduler of
 * invoices due after the guarantee period.
 */
@Module({
  imports: [ConfigViewModule, MappingOutboxModule],
  controllers: [GuruSalesController],
  providers: [
    {
      provide: SaleProcessor,
      inject: [DataSource, KafkaPublisher, ConfigView, OutboxRelay, PreparedStatements, SERVICE_LOGGER, SERVICE_CONFIG],
      useFactory: (
        dataSource: DataSource, publisher: KafkaPublisher, view: ConfigView, relay: OutboxRelay, statements: PreparedStatements,
        logger: Logger, config: MappingServiceConfig,
      ) => new SaleProcessor(
        dataSource, new SaleOutputs(publisher, prefixedTopics(config.KAFKA_TOPIC_PREFIX)), view, logger, () => relay.drainSoon(), statements,
      ),
    },
    {
      // The crash-loop breaker guards the sales consumer only: the settings view reads the compacted
      // topic with a new group on every start (no shared owner of a partition to count crashes
      // for), and its snapshots are validated by config-service before they are written.
      provide: PgCrashGuard,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (config: MappingServiceConfig, logger: Logger) =>
        new PgCrashGuard({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, logger, applicationName: 'mapping-service-crash-guard' }),
    },
    {
      provide: SALES_CONSUMER,
      inject: [KAFKA_CLIENT, KafkaPublisher, PgCrashGuard, SERVICE_LOGGER, SERVICE_CONFIG],
      useFactory: (kafka: Kafka, publisher: KafkaPublisher, crashGuard: PgCrashGuard, logger: Logger, config: MappingServiceConfig) => {
        if (config.FAULT_ABORT_ON_MESSAGE_CONTAINING !== undefined) logger.warn('fault injection on (FAULT_ABORT_ON_MESSAGE_CONTAINING): test-only');
        return new KafkaConsumerServer({
          kafka,
          publisher,
          logger,
          groupId: `${config.KAFKA_GROUP_PREFIX}${CONSUMER_GROUPS.mappingSales}`,
          patterns: [TOPICS.guruTransactions],
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          partitionsConsumedConcurrently: config.MAPPING_CONCURRENCY,
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
          crashGuard,
          abortOnValueContaining: config.FAULT_ABORT_ON_MESSAGE_CONTAINING,
          fetch: { minBytes: config.KAFKA_FETCH_MIN_BYTES, maxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS },
        });
      },
    },
    {
      provide: InvoiceDueScheduler,
      inject: [DataSource, SaleProcessor, SERVICE_LOGGER, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, processor: SaleProcessor, logger: Logger, config: MappingServiceConfig) =>
        new InvoiceDueScheduler(dataSource, (row) => processor.remapDue(row), logger, config.INVOICE_DUE_POLL_MS),
    },
  ],
  exports: [SALES_CONSUMER],
})
export class SalesModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly processor: SaleProcessor,
    private readonly view: ConfigView,
    private readonly scheduler: InvoiceDueScheduler,
    private readonly crashGuard: PgCrashGuard,
    @Inject(SALES_CONSUMER) private readonly consumer: KafkaConsumerServer,
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.view.onChange((accountId, snapshot) => this.processor.releaseParked(accountId, snapshot));
    this.health.register('sales_consumer_joined', () => this.consumer.isJoined);
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  /** After the consumer server closed (Nest closes servers first); before the outbox and the view. */
  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.crashGuard.close();
  }
}
