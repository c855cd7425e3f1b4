import { DynamicModule, Module } from '@nestjs/common';
import { OutboxMessage, ServiceDatabaseModule } from '@gv/db';
import { KafkaModule } from '@gv/kafka';
import { createLogger, Logger } from '@gv/telemetry';
import type { DispatcherConfig } from './config';
import { ConsumersModule } from './consumers/consumers.module';
import { DISPATCHER_MIGRATIONS } from './ledger/migrations';
import { OpsModule } from './ops/ops.module';
import {
  DISPATCHER_CONFIG, DISPATCHER_LOGGER, DispatcherRuntimeModule, InvoiceDispatcherOverrides,
} from './runtime/dispatcher-runtime.module';

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
        DispatcherRuntimeModule.forRoot(config, logger, overrides),
        ServiceDatabaseModule.forRootAsync({
          inject: [DISPATCHER_CONFIG],
          useFactory: (c: DispatcherConfig) => ({
            url: c.DATABASE_URL,
            schema: c.DB_SCHEMA,
            entities: [OutboxMessage],
            migrations: DISPATCHER_MIGRATIONS,
            poolSize: c.DB_POOL_SIZE,
            applicationName: 'invoice-dispatcher',
          }),
        }),
        KafkaModule.forRootAsync({
          inject: [DISPATCHER_CONFIG, DISPATCHER_LOGGER],
          useFactory: (c: DispatcherConfig, l: Logger) => ({ brokers: c.KAFKA_BROKERS, clientId: c.KAFKA_CLIENT_ID, logger: l }),
        }),
        OpsModule,
        ConsumersModule,
      ],
    };
  }
}
