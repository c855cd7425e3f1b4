import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { CONFIG_SERVICE_OVERRIDES, ConfigServiceOverrides } from '../core/overrides';
import { createVhsysSettingsChecks } from './vhsys-client-checks';
import { VhsysSettingsChecks } from './vhsys-settings-checks';

/** The VhsysSettingsChecks (without metrics: SettingsModule counts them). */
export const VHSYS_SETTINGS_CHECKS = Symbol('VHSYS_SETTINGS_CHECKS');

/** The Vhsys checks made while saving, over @gv/vhsys-client (or the tests' replacement). */
@Module({
  providers: [
    {
      provide: VHSYS_SETTINGS_CHECKS,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER, CONFIG_SERVICE_OVERRIDES],
      useFactory: (config: ConfigServiceConfig, logger: Logger, overrides: ConfigServiceOverrides): VhsysSettingsChecks =>
        overrides.vhsysChecks ?? createVhsysSettingsChecks({ baseUrl: config.VHSYS_BASE_URL, timeoutMs: config.VHSYS_TIMEOUT_MS, logger }),
    },
  ],
  exports: [VHSYS_SETTINGS_CHECKS],
})
export class VhsysChecksModule implements OnApplicationShutdown {
  constructor(@Inject(VHSYS_SETTINGS_CHECKS) private readonly checks: VhsysSettingsChecks) {}

  /** Releases the pooled Vhsys connections. */
  async onApplicationShutdown(): Promise<void> {
    await this.checks.close?.().catch(() => undefined);
  }
}
