import { Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KafkaPublisher } from '@gv/kafka';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { OutboxLeader } from './outbox-publisher';

/** Postgres NOTIFY channel every settings transaction notifies on commit and the leader LISTENs on. */
export function outboxChannel(config: ConfigServiceConfig): string {
  return `${config.DB_SCHEMA}_outbox`;
}

/**
 * The outbox publisher, on one instance at a time. It starts once every provider is ready
 * (onApplicationBootstrap) and stops after the HTTP and gRPC servers closed, before the global
 * Kafka producer and DataSource are released.
 */
@Module({
  providers: [
    {
      provide: OutboxLeader,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER, DataSource, KafkaPublisher],
      useFactory: (config: ConfigServiceConfig, logger: Logger, dataSource: DataSource, publisher: KafkaPublisher) =>
        new OutboxLeader({
          dataSource,
          databaseUrl: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          publisher,
          logger,
          channel: outboxChannel(config),
          pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
          startDelayMs: config.OUTBOX_RELAY_START_DELAY_MS,
        }),
    },
  ],
  exports: [OutboxLeader],
})
export class OutboxModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(OutboxLeader) private readonly leader: OutboxLeader) {}

  onApplicationBootstrap(): void {
    this.leader.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leader.stop();
  }
}
