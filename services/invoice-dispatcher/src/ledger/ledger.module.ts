import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { prefixedTopics } from '@gv/contracts';
import { PreparedStatements } from '@gv/db';
import type { Logger } from '@gv/telemetry';
import type { DispatcherConfig } from '../config';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { LedgerStore } from './ledger-store';
import { SaleLeases } from './sale-leases';

/** The dispatcher's ledger (desired and reconciled state, steps, outbox) and its per-sale leases. */
@Module({
  providers: [
    {
      provide: LedgerStore,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: DispatcherConfig) => {
        const topics = prefixedTopics(config.KAFKA_TOPIC_PREFIX);
        const store = new LedgerStore(dataSource);
        store.resultsTopic = topics.dispatchResults;
        store.retryTopic = topics.saleOrdersRetry;
        return store;
      },
    },
    {
      provide: SaleLeases,
      inject: [PreparedStatements, SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (sql: PreparedStatements, config: DispatcherConfig, logger: Logger) =>
        new SaleLeases(sql, { ttlMs: config.SALE_LEASE_TTL_MS, callTimeoutMs: config.VHSYS_TIMEOUT_MS }, logger),
    },
  ],
  exports: [LedgerStore, SaleLeases],
})
export class LedgerModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(SaleLeases) private readonly leases: SaleLeases) {}

  onModuleInit(): void {
    this.leases.start();
  }

  onApplicationShutdown(): void {
    this.leases.stop();
  }
}
