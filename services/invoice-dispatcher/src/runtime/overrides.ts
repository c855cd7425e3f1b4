import type { Logger } from '@gv/telemetry';
import type { CredentialsSource } from '../credentials/credentials-provider';
import type { VhsysGateway } from '../vhsys/vhsys-port';

/** InvoiceDispatcherOverrides (tests replace dependencies through it). */
export const DISPATCHER_OVERRIDES = Symbol('DISPATCHER_OVERRIDES');

export interface InvoiceDispatcherOverrides {
  /** Replace the credentials source (tests). */
  credentialsSource?: CredentialsSource;
  /** Replace the Vhsys gateway (tests). */
  gateway?: VhsysGateway;
  logger?: Logger;
}
