import type { Semaphore } from '@gv/concurrency';
import type { AccountGate } from '../dispatch/account-gate';
import { asVhsysFailure, VHSYS_PORT_CALL_KIND, VhsysPort, VhsysPortError } from '../vhsys/vhsys-port';

export interface PortLimits {
  accountId: string;
  slots: Semaphore;
  gate?: AccountGate;
  /**
   * Called right before every write, after the wait for a slot: the sale's lease check
   * (SaleLease.beforeWrite), so no write starts once the lease may have passed to another holder.
   * (The account's rate token is taken after it, per HTTP request, by the gateway; that wait is at
   * most VHSYS_RATE_LIMIT_MAX_WAIT_MS, inside the lease's safety margin.)
   */
  beforeWrite?: () => Promise<void>;
}

/**
 * Wraps one account's port so every Vhsys call first takes a slot of the global concurrency limit
 * (then, for a write, checks the sale's lease), and reports its outcome to the account's circuit: any answer closes it, a transient failure, a 429
 * or an unknown outcome counts towards opening it.
 */
export function limitPort(port: VhsysPort, limits: PortLimits): VhsysPort {
  const { accountId, slots, gate, beforeWrite } = limits;
  const wrapped = {} as Record<string, unknown>;
  for (const [name, kind] of Object.entries(VHSYS_PORT_CALL_KIND)) {
    const original = (port as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!;
    wrapped[name] = async (...args: unknown[]) => {
      const release = await slots.acquire();
      try {
        if (kind === 'write' && beforeWrite) await beforeWrite();
        const value = await original.apply(port, args);
        gate?.recordSuccess(accountId);
        return value;
      } catch (error) {
        const failure = asVhsysFailure(error);
        if (failure && !(error instanceof VhsysPortError && error.local)) {
          if (failure.kind === 'transient' || failure.kind === 'rate_limited' || failure.outcomeUnknown) {
            gate?.recordFailure(accountId, failure.kind === 'rate_limited' ? failure.retryAfterMs : null);
          } else {
            gate?.recordSuccess(accountId); // Vhsys answered (not found, validation, …): it is up.
          }
        }
        throw error;
      } finally {
        release();
      }
    };
  }
  return wrapped as unknown as VhsysPort;
}
