import { Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay, PreparedStatements, prunePublishedOutbox } from '@gv/db';
import { KafkaPublisher } from '@gv/kafka';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { errorFields, Logger } from '@gv/telemetry';
import type { MappingServiceConfig } from '../mapping-service.config';
import { observeWaitingSales } from '../metrics';

/** Published outbox rows are kept a day for inspection, then pruned. */
const KEEP_PUBLISHED_MS = 24 * 60 * 60 * 1000;

/**
 * The outbox relay of releases and re-maps (their message is committed with their row change and
 * published after the commit), its pruning, and mapping-service's gauges. It starts before the
 * sales consumer and stops after it (a deeper module: later at shutdown), draining what is left.
 */
@Module({
  providers: [
    {
      provide: OutboxRelay,
      inject: [DataSource, KafkaPublisher, SERVICE_LOGGER, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, publisher: KafkaPublisher, logger: Logger, config: MappingServiceConfig) =>
        // Asked right after each commit; its poll retries what failed.
        new OutboxRelay({ dataSource, publisher, logger, pollIntervalMs: config.MAPPING_OUTBOX_POLL_MS }),
    },
  ],
  exports: [OutboxRelay],
})
export class MappingOutboxModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private pruneTimer: NodeJS.Timeout | null = null;
  private detachGauges: (() => void) | null = null;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly statements: PreparedStatements,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.detachGauges = observeWaitingSales(this.dataSource, () => this.relay.backlog());
    this.pruneTimer = setInterval(() => {
      prunePublishedOutbox(this.statements, KEEP_PUBLISHED_MS, 5000)
        .catch((error) => this.logger.warn({ ...errorFields(error) }, 'pruning the outbox failed; will try again'));
    }, 60_000);
    this.pruneTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.detachGauges?.();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.relay.stop();
  }
}
