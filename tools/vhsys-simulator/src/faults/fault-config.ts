/**
 * Per-account fault injection, replaceable at run time through
 * `PUT /__admin/accounts/{accessToken}/faults`.
 */
export const FAULT_KINDS = ['rateLimited', 'serverError', 'transient200', 'hang', 'reset', 'responseLost'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultRates = Record<FaultKind, number>;

export interface FaultConfig {
  /** Added to every request of the account before anything else happens. */
  latencyMs: number;
  /** Uniform extra latency in [0, jitterMs). */
  jitterMs: number;
  /** Probability per request of each fault, 0–1; their sum must not exceed 1. */
  rates: FaultRates;
  /** `Retry-After` sent with injected 429s. */
  retryAfterSeconds: number;
  /** Requests allowed per window before a real (not injected) 429; `x-ratelimit-limit`. */
  rateLimitPerWindow: number;
  windowMs: number;
  /** Seed of the account's fault PRNG; setting faults re-seeds it. */
  seed: number;
  /** Optional restriction of faults (not latency) to some requests. */
  match: FaultMatch | null;
}

export interface FaultMatch {
  /** e.g. ["POST"]. */
  methods?: string[];
  /** Route templates, e.g. ["/pedidos", "/pedidos/{id_ped}/parcelas"]. */
  routes?: string[];
}

/** What Vhsys was seen sending: 10000 requests, window unknown (an hour is assumed). */
export const DEFAULT_FAULTS: FaultConfig = {
  latencyMs: 0,
  jitterMs: 0,
  rates: { rateLimited: 0, serverError: 0, transient200: 0, hang: 0, reset: 0, responseLost: 0 },
  retryAfterSeconds: 1,
  rateLimitPerWindow: 10000,
  windowMs: 60 * 60 * 1000,
  seed: 1,
  match: null,
};

export type FaultConfigInput = Partial<Omit<FaultConfig, 'rates'>> & { rates?: Partial<FaultRates> };

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`faults.${name} must be a non-negative number`);
  }
  return value;
}

/** Fills defaults and rejects nonsense, so a typo in a test fails loudly instead of silently. */
export function normaliseFaultConfig(input: FaultConfigInput): FaultConfig {
  const known = new Set(['latencyMs', 'jitterMs', 'rates', 'retryAfterSeconds', 'rateLimitPerWindow', 'windowMs', 'seed', 'match']);
  for (const key of Object.keys(input)) if (!known.has(key)) throw new Error(`unknown fault option "${key}"`);
  const rates = { ...DEFAULT_FAULTS.rates };
  for (const [kind, rate] of Object.entries(input.rates ?? {})) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown fault kind "${kind}"`);
    const value = nonNegative(`rates.${kind}`, rate);
    if (value > 1) throw new Error(`faults.rates.${kind} must be at most 1`);
    rates[kind as FaultKind] = value;
  }
  const sum = Object.values(rates).reduce((a, b) => a + b, 0);
  if (sum > 1 + 1e-9) throw new Error('the fault rates must sum to at most 1');
  const merged = { ...DEFAULT_FAULTS, ...input, rates };
  return {
    latencyMs: nonNegative('latencyMs', merged.latencyMs),
    jitterMs: nonNegative('jitterMs', merged.jitterMs),
    rates,
    retryAfterSeconds: nonNegative('retryAfterSeconds', merged.retryAfterSeconds),
    rateLimitPerWindow: nonNegative('rateLimitPerWindow', merged.rateLimitPerWindow),
    windowMs: Math.max(1, nonNegative('windowMs', merged.windowMs)),
    seed: Math.trunc(nonNegative('seed', merged.seed)),
    match: merged.match ?? null,
  };
}
