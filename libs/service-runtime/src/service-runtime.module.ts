import { ClassProvider, DynamicModule, FactoryProvider, Inject, Module, OnApplicationShutdown, ValueProvider } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { databaseReachable } from '@gv/db';
import { KAFKA_CLIENT } from '@gv/kafka';
import type { Logger } from '@gv/telemetry';
import { kafkaReachableCheck } from './checks';
import { HealthRegistry } from './health';
import { HEALTH_REGISTRY, OpsController } from './ops-controller';
import { OPS_HTTP_TOKEN, OpsTokenGuard } from './ops-token.guard';

/** The service's JSON logger (pino), injectable everywhere. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
/** The service's typed configuration object (validated from the environment at start-up). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

const KAFKA_CHECK = Symbol('KAFKA_CHECK');

export interface ServiceRuntimeOptions<C> {
  config: C;
  logger: Logger;
  /** The service's OPS_HTTP_TOKEN (null: none, the HTTP server is bound to loopback). */
  opsToken: string | null;
  /** Other service-wide providers every module may inject (a service's test overrides, its metrics). */
  providers?: Array<ValueProvider | FactoryProvider | ClassProvider>;
}

/**
 * What every service has, global: its configuration object, its logger, the readiness registry
 * with the database and Kafka checks, and the ops endpoints (health, metrics; OpsTokenGuard). Feature modules
 * register their own readiness checks on HEALTH_REGISTRY when they start.
 * Needs ServiceDatabaseModule and KafkaModule (DataSource, KAFKA_CLIENT).
 */
@Module({})
export class ServiceRuntimeModule implements OnApplicationShutdown {
  constructor(@Inject(KAFKA_CHECK) private readonly kafkaCheck: ReturnType<typeof kafkaReachableCheck>) {}

  static forRoot<C>(options: ServiceRuntimeOptions<C>): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      global: true,
      controllers: [OpsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: SERVICE_LOGGER, useValue: options.logger },
        { provide: OPS_HTTP_TOKEN, useValue: options.opsToken },
        OpsTokenGuard,
        ...(options.providers ?? []),
        { provide: KAFKA_CHECK, inject: [KAFKA_CLIENT], useFactory: (kafka: Kafka) => kafkaReachableCheck(kafka) },
        {
          provide: HEALTH_REGISTRY,
          inject: [DataSource, KAFKA_CHECK],
          useFactory: (dataSource: DataSource, kafkaCheck: ReturnType<typeof kafkaReachableCheck>) => {
            const health = new HealthRegistry({ checkTimeoutMs: 3000 });
            health.register('database', () => databaseReachable(dataSource));
            health.register('kafka', kafkaCheck);
            return health;
          },
        },
      ],
      exports: [SERVICE_CONFIG, SERVICE_LOGGER, HEALTH_REGISTRY, OPS_HTTP_TOKEN, OpsTokenGuard, ...(options.providers ?? []).map((p) => p.provide)],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafkaCheck.close();
  }
}
