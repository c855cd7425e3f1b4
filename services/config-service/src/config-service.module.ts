import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { OutboxMessage, ServiceDatabaseModule } from '@gv/db';
import { KafkaModule } from '@gv/kafka';
import { HEALTH_REGISTRY, HealthRegistry, SERVICE_CONFIG, SERVICE_LOGGER, ServiceRuntimeModule } from '@gv/service-runtime';
import { createLogger, Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from './config-service.config';
import { CONFIG_SERVICE_OVERRIDES, ConfigServiceOverrides } from './core/overrides';
import { ServiceErrorFilter } from './errors/service-error.filter';
import { ConfigGrpcModule } from './grpc/grpc.module';
import { ConfigHttpModule } from './http/http.module';
import { OperationsModule } from './operations/operations.module';
import { CreateConfigTables1765100000000 } from './migrations/1765100000000-create-config-tables';
import { OutboxSetAside1780000000000 } from './migrations/1780000000000-outbox-set-aside';
import { SalesHistory1790000000000 } from './migrations/1790000000000-sales-history';
import { AuditView1790000000001 } from './migrations/1790000000001-audit-view';
import { GuruApiToken1800000000000 } from './migrations/1800000000000-guru-api-token';
import { ImportJobs1800000000001 } from './migrations/1800000000001-import-jobs';
import { SalesHistoryModule } from './sales-history/sales-history.module';
import { kafkaSecuritySettings } from '@gv/service-config';

/**
 * config-service: its own schema (migrations at start), the Kafka producer, the settings with
 * their outbox, and the HTTP and gRPC surfaces sharing one guard and one error filter. This module
 * registers the health checks of the database and Kafka it brings in.
 */
@Module({})
export class ConfigServiceModule implements OnModuleInit, OnApplicationShutdown {
  private producerConnected = false;

  constructor(@Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry) {}

  static forRoot(config: ConfigServiceConfig, overrides: ConfigServiceOverrides = {}): DynamicModule {
    const logger = overrides.logger ?? createLogger('config-service', config.LOG_LEVEL);
    return {
      module: ConfigServiceModule,
      imports: [
        ServiceRuntimeModule.forRoot({ config, logger, opsToken: config.OPS_HTTP_TOKEN ?? null, providers: [{ provide: CONFIG_SERVICE_OVERRIDES, useValue: overrides }] }),
        ServiceDatabaseModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (c: ConfigServiceConfig) => ({
            url: c.DATABASE_URL,
            schema: c.DB_SCHEMA,
            entities: [OutboxMessage],
            migrations: [CreateConfigTables1765100000000, OutboxSetAside1780000000000, SalesHistory1790000000000, AuditView1790000000001, GuruApiToken1800000000000, ImportJobs1800000000001],
            applicationName: 'config-service',
          }),
        }),
        KafkaModule.forRootAsync({
          inject: [SERVICE_CONFIG, SERVICE_LOGGER],
          useFactory: (c: ConfigServiceConfig, l: Logger) => ({ brokers: c.KAFKA_BROKERS, clientId: 'config-service', logger: l, security: kafkaSecuritySettings(c) }),
        }),
        SalesHistoryModule,
        ConfigHttpModule,
        OperationsModule,
        ConfigGrpcModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ServiceErrorFilter },
      ],
    };
  }

  onModuleInit(): void {
    // The global KafkaModule connected the producer before any module initialised.
    this.producerConnected = true;
    this.health.register('kafka_producer', () => this.producerConnected);
  }

  onApplicationShutdown(): void {
    this.producerConnected = false;
  }
}
