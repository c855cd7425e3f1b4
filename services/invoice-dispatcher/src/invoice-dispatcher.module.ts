import { DynamicModule, Module } from '@nestjs/common';
import { OutboxMessage, ServiceDatabaseModule } from '@gv/db';
import { KafkaModule } from '@gv/kafka';
import { SERVICE_CONFIG, SERVICE_LOGGER, ServiceRuntimeModule } from '@gv/service-runtime';
import { createLogger, Logger } from '@gv/telemetry';
import type { DispatcherConfig } from './config';
import { AuditModule } from './audit/audit.module';
import { ConsumersModule } from './consumers/consumers.module';
import { DISPATCHER_MIGRATIONS } from './ledger/migrations';
import { DispatcherMetrics } from './metrics';
import { DISPATCHER_OVERRIDES, InvoiceDispatcherOverrides } from './runtime/overrides';
import { kafkaSecuritySettings } from '@gv/service-config';

/**
 * Root module of invoice-dispatcher (module graph: docs/architecture.md#invoice-dispatcher-modules).
 * Global: the runtime (config, logger, health, metrics), the database (own schema, migrations at
 * start) and Kafka (client and publisher). Features: the HTTP ops surface, and the consumers on
 * top of dispatch, which sits on the ledger, Vhsys, credentials and the outbox relay.
 */
@Module({})
export class InvoiceDispatcherModule {
  static forRoot(config: DispatcherConfig, overrides: InvoiceDispatcherOverrides = {}): DynamicModule {
    const logger: Logger = overrides.logger ?? createLogger('invoice-dispatcher', config.LOG_LEVEL);
    return {
      module: InvoiceDispatcherModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          config,
          logger,
          opsToken: config.OPS_HTTP_TOKEN ?? null,
          providers: [
            { provide: DISPATCHER_OVERRIDES, useValue: overrides },
            { provide: DispatcherMetrics, useFactory: () => new DispatcherMetrics() },
          ],
        }),
        ServiceDatabaseModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (c: DispatcherConfig) => ({
            url: c.DATABASE_URL,
            schema: c.DB_SCHEMA,
            entities: [OutboxMessage],
            migrations: DISPATCHER_MIGRATIONS,
            poolSize: c.DB_POOL_SIZE,
            applicationName: c.DB_APPLICATION_NAME,
          }),
        }),
        KafkaModule.forRootAsync({
          inject: [SERVICE_CONFIG, SERVICE_LOGGER],
          useFactory: (c: DispatcherConfig, l: Logger) => ({ brokers: c.KAFKA_BROKERS, clientId: c.KAFKA_CLIENT_ID, logger: l, security: kafkaSecuritySettings(c) }),
        }),
        ConsumersModule,
        AuditModule,
      ],
    };
  }
}
