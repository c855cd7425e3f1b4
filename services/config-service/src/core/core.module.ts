import { DynamicModule, Module } from '@nestjs/common';
import { HEALTH_REGISTRY, HealthRegistry } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import type { VhsysSettingsChecks } from '../vhsys/vhsys-settings-checks';

/** The validated ConfigServiceConfig. */
export const CONFIG_SERVICE_CONFIG = Symbol('CONFIG_SERVICE_CONFIG');
/** The service's pino logger. */
export const LOGGER = Symbol('LOGGER');
/** ConfigServiceOverrides given to forRoot (tests replace the Vhsys checks). */
export const CONFIG_SERVICE_OVERRIDES = Symbol('CONFIG_SERVICE_OVERRIDES');

export interface ConfigServiceOverrides {
  /** Replaces the Vhsys client (unit-level tests). */
  vhsysChecks?: VhsysSettingsChecks;
  logger?: Logger;
}

/**
 * What every feature module may inject: the configuration, the logger, the overrides and the
 * health registry (each module registers the checks of what it owns). Global, so it starts first
 * and shuts down last.
 */
@Module({})
export class ConfigServiceCoreModule {
  static forRoot(config: ConfigServiceConfig, logger: Logger, overrides: ConfigServiceOverrides): DynamicModule {
    return {
      module: ConfigServiceCoreModule,
      global: true,
      providers: [
        { provide: CONFIG_SERVICE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CONFIG_SERVICE_OVERRIDES, useValue: overrides },
        { provide: HEALTH_REGISTRY, useFactory: () => new HealthRegistry({ checkTimeoutMs: 3000 }) },
      ],
      exports: [CONFIG_SERVICE_CONFIG, LOGGER, CONFIG_SERVICE_OVERRIDES, HEALTH_REGISTRY],
    };
  }
}
