import { Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '@gv/db';
import { KafkaPublisher } from '@gv/kafka';
import type { Logger } from '@gv/telemetry';
import type { DispatcherConfig } from '../config';
import { DispatcherMetrics } from '../metrics';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';

/**
 * The outbox relay: publishes the results and retry messages the ledger commits. It starts before
 * the consumers and, at shutdown, stops and drains after the consumers and the retry waker (the
 * modules that write the outbox import this one, so their shutdown hooks run first), before the
 * publisher and the database (global modules) go.
 */
@Module({
  providers: [
    {
      provide: OutboxRelay,
      inject: [DataSource, KafkaPublisher, SERVICE_LOGGER, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, publisher: KafkaPublisher, logger: Logger, config: DispatcherConfig) => new OutboxRelay({
        dataSource, publisher, logger, pollIntervalMs: 250, lingerMs: config.DISPATCHER_OUTBOX_LINGER_MS,
      }),
    },
  ],
  exports: [OutboxRelay],
})
export class OutboxRelayModule implements OnModuleInit, OnApplicationShutdown {
  private detachBacklogGauge: (() => void) | null = null;

  constructor(private readonly relay: OutboxRelay, private readonly metrics: DispatcherMetrics) {}

  onModuleInit(): void {
    this.relay.start();
    this.detachBacklogGauge = this.metrics.observeOutboxBacklog(() => this.relay.backlog());
  }

  async onApplicationShutdown(): Promise<void> {
    this.detachBacklogGauge?.();
    await this.relay.stop();
    await this.relay.drain().catch(() => undefined);
  }
}
