/**
 * Per-account fault injection, replaceable at run time through
 * `PUT /__admin/accounts/{accountId}/faults`. Faults apply to API requests that passed
 * authentication, the identical-request check and the rate limit.
 *
 * - rateLimited:  a forced 429 with `Retry-After: retryAfterSeconds` (as if another client of the
 *                 account had spent the budget);
 * - serverError:  HTTP 500 `{"message": "Server Error"}`;
 * - reset:        the connection is cut before any answer (TCP RST where the platform allows it);
 * - responseLost: the answer starts (status line, headers, part of the body) and the connection is
 *                 then cut: the request was served but the client never gets the whole answer.
 */
export const FAULT_KINDS = ['rateLimited', 'serverError', 'reset', 'responseLost'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRates = Record<FaultKind, number>;

export interface FaultConfig {
  /** Added to every API request of the account before it is answered. */
  latencyMs: number;
  /** Uniform extra latency in [0, jitterMs). */
  jitterMs: number;
  /** Probability per request of each fault, 0–1, drawn from a seeded generator; the sum is at most 1. */
  rates: FaultRates;
  /** Faults for the next requests, in order, before any rate applies: deterministic scenarios. */
  script: FaultKind[];
  /** `Retry-After` of forced 429s. */
  retryAfterSeconds: number;
  /** Seed of the account's fault generator; setting faults re-seeds it. */
  seed: number;
}

export type FaultConfigInput = Partial<Omit<FaultConfig, 'rates'>> & { rates?: Partial<FaultRates> };

export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  jitterMs: 0,
  rates: { rateLimited: 0, serverError: 0, reset: 0, responseLost: 0 },
  script: [],
  retryAfterSeconds: 1,
  seed: 1,
};

const MAX_SCRIPT_LENGTH = 10_000;
const MAX_LATENCY_MS = 10 * 60_000;

function bounded(name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`faults.${name} must be a number from 0 to ${max}`);
  }
  return value;
}

function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Fills defaults and refuses nonsense, so a typo in a test fails loudly instead of silently. */
export function normaliseFaultConfig(input: FaultConfigInput): FaultConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('faults must be an object');
  const known = new Set(['latencyMs', 'jitterMs', 'rates', 'script', 'retryAfterSeconds', 'seed']);
  for (const key of Object.keys(input)) if (!known.has(key)) throw new Error(`unknown fault option "${key}"`);
  const rates = { ...NO_FAULTS.rates };
  for (const [kind, rate] of Object.entries(input.rates ?? {})) {
    if (!isFaultKind(kind)) throw new Error(`unknown fault kind "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
    rates[kind] = bounded(`rates.${kind}`, rate, 1);
  }
  if (Object.values(rates).reduce((a, b) => a + b, 0) > 1 + 1e-9) throw new Error('the fault rates must sum to at most 1');
  const script = input.script ?? [];
  if (!Array.isArray(script) || script.length > MAX_SCRIPT_LENGTH) throw new Error(`faults.script must be an array of at most ${MAX_SCRIPT_LENGTH} fault kinds`);
  script.forEach((kind, i) => {
    if (!isFaultKind(kind)) throw new Error(`faults.script[${i}]: unknown fault kind ${JSON.stringify(kind)} (known: ${FAULT_KINDS.join(', ')})`);
  });
  return {
    latencyMs: bounded('latencyMs', input.latencyMs ?? NO_FAULTS.latencyMs, MAX_LATENCY_MS),
    jitterMs: bounded('jitterMs', input.jitterMs ?? NO_FAULTS.jitterMs, MAX_LATENCY_MS),
    rates,
    script: [...script],
    retryAfterSeconds: Math.ceil(bounded('retryAfterSeconds', input.retryAfterSeconds ?? NO_FAULTS.retryAfterSeconds, 3600)),
    seed: Math.trunc(bounded('seed', input.seed ?? NO_FAULTS.seed, 2 ** 32 - 1)),
  };
}
