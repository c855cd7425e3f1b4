import { DynamicModule, Module } from '@nestjs/common';
import { ServiceDatabaseModule } from '@gv/db';
import { KafkaModule } from '@gv/kafka';
import { SERVICE_CONFIG, SERVICE_LOGGER, ServiceRuntimeModule } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { MappingServiceConfig } from './mapping-service.config';
import { SalesModule } from './sales/sales.module';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from './schema';
import { kafkaSecuritySettings } from '@gv/service-config';

/**
 * mapping-service: its configuration, logger and ops endpoints; its schema (migrations at start);
 * the Kafka client and publisher; and the sales module, which imports the settings view and the
 * outbox relay (docs/architecture.md#mapping-service).
 */
@Module({})
export class MappingServiceModule {
  static forRoot(config: MappingServiceConfig, logger: Logger): DynamicModule {
    return {
      module: MappingServiceModule,
      imports: [
        ServiceRuntimeModule.forRoot({ config, logger, opsToken: config.OPS_HTTP_TOKEN ?? null }),
        ServiceDatabaseModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (c: MappingServiceConfig) => ({
            url: c.DATABASE_URL, schema: c.DB_SCHEMA, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS, applicationName: 'mapping-service',
          }),
        }),
        KafkaModule.forRootAsync({
          inject: [SERVICE_CONFIG, SERVICE_LOGGER],
          useFactory: (c: MappingServiceConfig, l: Logger) => ({ brokers: c.KAFKA_BROKERS, clientId: 'mapping-service', logger: l, security: kafkaSecuritySettings(c) }),
        }),
        SalesModule,
      ],
    };
  }
}
