import type { FaultKind } from '../faults/fault-config';

/** What an account has been asked, for assertions in tests and the demo. */
export interface RequestCounters {
  total: number;
  /** "POST /pedidos/{id_ped}/parcelas" → count. */
  byRoute: Record<string, number>;
  faultsInjected: Record<FaultKind, number>;
  /** Real (window) 429s, not injected ones. */
  rateLimited: number;
  missingUserAgent: number;
  lastUserAgent: string | null;
}

export function emptyCounters(): RequestCounters {
  return {
    total: 0,
    byRoute: {},
    faultsInjected: { rateLimited: 0, serverError: 0, transient200: 0, hang: 0, reset: 0, responseLost: 0 },
    rateLimited: 0,
    missingUserAgent: 0,
    lastUserAgent: null,
  };
}
