import type { Logger } from '@gv/telemetry';
import type { VhsysSettingsChecks } from '../vhsys/vhsys-settings-checks';

/** ConfigServiceOverrides given to forRoot (tests replace the Vhsys checks). */
export const CONFIG_SERVICE_OVERRIDES = Symbol('CONFIG_SERVICE_OVERRIDES');

export interface ConfigServiceOverrides {
  /** Replaces the Vhsys client (unit-level tests). */
  vhsysChecks?: VhsysSettingsChecks;
  logger?: Logger;
}
