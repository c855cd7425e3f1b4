import { DynamicModule, Module } from '@nestjs/common';
import { HEALTH_REGISTRY, HealthRegistry } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { DispatcherConfig } from '../config';
import type { CredentialsSource } from '../credentials/credentials-provider';
import { DispatcherMetrics } from '../metrics';
import type { VhsysGateway } from '../vhsys/vhsys-port';

/** The validated DispatcherConfig. */
export const DISPATCHER_CONFIG = Symbol('DISPATCHER_CONFIG');
/** The service's pino Logger (the same one Nest logs through). */
export const DISPATCHER_LOGGER = Symbol('DISPATCHER_LOGGER');
/** InvoiceDispatcherOverrides (tests replace dependencies through it). */
export const DISPATCHER_OVERRIDES = Symbol('DISPATCHER_OVERRIDES');

export interface InvoiceDispatcherOverrides {
  /** Replace the credentials source (tests). */
  credentialsSource?: CredentialsSource;
  /** Replace the Vhsys gateway (tests). */
  gateway?: VhsysGateway;
  logger?: Logger;
}

/**
 * Global module of what every feature module reads: the config, the logger, the overrides, the
 * health registry (each module registers its own checks) and the dispatcher's metrics.
 */
@Module({})
export class DispatcherRuntimeModule {
  static forRoot(config: DispatcherConfig, logger: Logger, overrides: InvoiceDispatcherOverrides): DynamicModule {
    return {
      module: DispatcherRuntimeModule,
      global: true,
      providers: [
        { provide: DISPATCHER_CONFIG, useValue: config },
        { provide: DISPATCHER_LOGGER, useValue: logger },
        { provide: DISPATCHER_OVERRIDES, useValue: overrides },
        { provide: HEALTH_REGISTRY, useFactory: () => new HealthRegistry({ checkTimeoutMs: 3000 }) },
        { provide: DispatcherMetrics, useFactory: () => new DispatcherMetrics() },
      ],
      exports: [DISPATCHER_CONFIG, DISPATCHER_LOGGER, DISPATCHER_OVERRIDES, HEALTH_REGISTRY, DispatcherMetrics],
    };
  }
}
