import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { hostname } from 'os';
import { DataSource } from 'typeorm';
import { prefixedTopics } from '@gv/contracts';
import { GuruApiClient } from '@gv/guru-client';
import { KafkaPublisher } from '@gv/kafka';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { SettingsModule } from '../settings/settings.module';
import { SettingsStore } from '../settings/settings-store';
import { GURU_USER_TOKENS, GuruUserTokens, SettingsGuruUserTokens } from './guru-user-tokens';
import { SettingsService } from '../settings/settings-service';
import { ImportRunner } from './import-runner';
import { ImportStore } from './import-store';
import { ImportsService } from './imports-service';

const GURU_CLIENT_FACTORY = Symbol('GURU_CLIENT_FACTORY');
type GuruClientFactory = (userToken: string) => GuruApiClient;

/**
 * Imports of past sales: the store, the service shared by HTTP and gRPC, and the runner that
 * produces the imported sales to guru.transactions.v1 (started once the application is up,
 * stopped before it shuts down, freeing its lease).
 */
@Module({
  imports: [SettingsModule],
  providers: [
    {
      provide: GURU_USER_TOKENS,
      inject: [SERVICE_CONFIG, SettingsService],
      useFactory: (config: ConfigServiceConfig, settings: SettingsService): GuruUserTokens => new SettingsGuruUserTokens(settings, config.GURU_API_DEV_USER_TOKENS),
    },
    {
      provide: GURU_CLIENT_FACTORY,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ConfigServiceConfig): GuruClientFactory => (userToken) =>
        new GuruApiClient({ baseUrl: config.GURU_API_BASE_URL, userToken, timeoutMs: config.GURU_API_TIMEOUT_MS }),
    },
    {
      provide: ImportStore,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ConfigServiceConfig) => new ImportStore(dataSource, config.DB_SCHEMA),
    },
    {
      provide: ImportRunner,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER, ImportStore, GURU_USER_TOKENS, GURU_CLIENT_FACTORY, KafkaPublisher],
      useFactory: (config: ConfigServiceConfig, logger: Logger, store: ImportStore, tokens: GuruUserTokens, guruClient: GuruClientFactory, publisher: KafkaPublisher) =>
        new ImportRunner({
          store, tokens, guruClient, logger,
          publish: (topic, messages) => publisher.publish(topic, messages),
          topic: prefixedTopics(config.KAFKA_TOPIC_PREFIX).guruTransactions,
          owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
          leaseMs: config.IMPORT_LEASE_MS,
          pollMs: config.IMPORT_POLL_INTERVAL_MS,
          pageSize: config.IMPORT_PAGE_SIZE,
          maxSalesPerSecond: config.IMPORT_MAX_SALES_PER_SECOND,
          maxConsecutiveErrors: config.IMPORT_MAX_CONSECUTIVE_ERRORS,
          maxOutstanding: config.IMPORT_MAX_OUTSTANDING_SALES,
          windowPollMs: config.IMPORT_WINDOW_POLL_MS,
          answered: (accountId, ids) => store.answered(accountId, ids),
        }),
    },
    {
      provide: ImportsService,
      inject: [SERVICE_CONFIG, DataSource, ImportStore, SettingsStore, GURU_USER_TOKENS, GURU_CLIENT_FACTORY, ImportRunner],
      useFactory: (config: ConfigServiceConfig, dataSource: DataSource, store: ImportStore, settings: SettingsStore, tokens: GuruUserTokens, guruClient: GuruClientFactory, runner: ImportRunner) =>
        new ImportsService({
          dataSource, schema: config.DB_SCHEMA, store, settings, tokens, guruClient,
          pageSize: config.IMPORT_PAGE_SIZE,
          previewMaxSales: config.IMPORT_PREVIEW_MAX_SALES,
          onQueued: () => runner.kick(),
        }),
    },
  ],
  exports: [ImportsService],
})
export class ImportsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ImportRunner) private readonly runner: ImportRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
