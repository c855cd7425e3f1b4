import type { Semaphore } from '@gv/concurrency';
import type { AccountGate } from '../dispatch/account-gate';
import { asVhsysFailure, VhsysPort, VhsysPortError } from '../vhsys/vhsys-port';
import { AccountRateLimiter } from './account-rate-limiter';

/**
 * Wraps one account's port so every Vhsys call first takes a token of the account's rate limit,
 * then a slot of the global concurrency limit, and reports its outcome to the account's circuit:
 * any answer closes it, a transient failure, a 429 or an unknown outcome counts towards opening it.
 */
export function limitPort(port: VhsysPort, accountId: string, limiter: AccountRateLimiter, slots: Semaphore, gate?: AccountGate): VhsysPort {
  const wrapped = {} as Record<string, unknown>;
  for (const name of Object.keys(methodNames(port))) {
    const original = (port as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!;
    wrapped[name] = async (...args: unknown[]) => {
      await limiter.take(accountId);
      const release = await slots.acquire();
      try {
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

function methodNames(port: VhsysPort): Record<string, true> {
  const names: Record<string, true> = {};
  let proto: object | null = port;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (port as unknown as Record<string, unknown>)[name] === 'function') names[name] = true;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}
