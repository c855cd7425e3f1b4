import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { prefixedTopics } from '@gv/contracts';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { ConfigMetrics, createConfigMetrics } from '../metrics';
import { OutboxModule, outboxChannel } from '../outbox/outbox.module';
import { OutboxLeader } from '../outbox/outbox-publisher';
import { SecretBox } from '../security/secret-box';
import { VHSYS_SETTINGS_CHECKS, VhsysChecksModule } from '../vhsys/vhsys-checks.module';
import { withCheckMetrics } from '../vhsys/vhsys-client-checks';
import { VhsysSettingsChecks } from '../vhsys/vhsys-settings-checks';
import { GURU_TOKEN_CHECKS, GuruChecksModule } from '../guru/guru-checks.module';
import type { GuruTokenChecks } from '../guru/guru-token-checks';
import { SettingsService } from './settings-service';
import { SettingsStore } from './settings-store';

export const CONFIG_METRICS = Symbol('CONFIG_METRICS');

/** The settings operations shared by HTTP and gRPC: store, encryption, metrics, Vhsys and Guru checks, outbox. */
@Module({
  imports: [OutboxModule, VhsysChecksModule, GuruChecksModule],
  providers: [
    {
      provide: SecretBox,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ConfigServiceConfig) => new SecretBox(config.CONFIG_ENCRYPTION_KEYS, config.CONFIG_ENCRYPTION_ACTIVE_KEY),
    },
    {
      provide: SettingsStore,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ConfigServiceConfig) => new SettingsStore(dataSource, config.DB_SCHEMA),
    },
    {
      provide: CONFIG_METRICS,
      inject: [OutboxLeader, SettingsStore, SecretBox],
      useFactory: (outbox: OutboxLeader, store: SettingsStore, box: SecretBox): ConfigMetrics =>
        createConfigMetrics({ outboxBacklog: () => outbox.backlog(), sealedWithOldKeys: () => store.countSealedWithOtherKeys(box.activeKeyId) }),
    },
    {
      provide: SettingsService,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER, DataSource, SettingsStore, SecretBox, VHSYS_SETTINGS_CHECKS, GURU_TOKEN_CHECKS, CONFIG_METRICS, OutboxLeader],
      useFactory: (
        config: ConfigServiceConfig, logger: Logger, dataSource: DataSource, store: SettingsStore, box: SecretBox,
        checks: VhsysSettingsChecks, guru: GuruTokenChecks, metrics: ConfigMetrics, outbox: OutboxLeader,
      ) =>
        new SettingsService({
          dataSource, store, box, logger, metrics,
          vhsys: withCheckMetrics(checks, metrics),
          guru,
          outboxChannel: outboxChannel(config),
          topic: prefixedTopics(config.KAFKA_TOPIC_PREFIX).integrationConfig,
          onCommitted: () => outbox.kick(),
        }),
    },
  ],
  exports: [SettingsService, SettingsStore],
})
export class SettingsModule {}
