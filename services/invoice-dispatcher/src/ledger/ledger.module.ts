import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { prefixedTopics } from '@gv/contracts';
import type { DispatcherConfig } from '../config';
import { SERVICE_CONFIG } from '@gv/service-runtime';
import { LedgerStore } from './ledger-store';
import { SaleLocks } from './sale-locks';

/** The dispatcher's ledger (desired and reconciled state, steps, outbox) and its per-sale locks. */
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
      provide: SaleLocks,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: DispatcherConfig) => new SaleLocks(dataSource, config.DB_SCHEMA),
    },
  ],
  exports: [LedgerStore, SaleLocks],
})
export class LedgerModule {}
