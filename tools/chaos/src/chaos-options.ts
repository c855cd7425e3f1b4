/**
 * What one chaos run does, from the environment (`npm run chaos`, tools/scripts/chaos.sh):
 *   CHAOS_SIZE      full (default) | reduced (the CI form: tools/chaos/test/chaos.integration.spec.ts)
 *   CHAOS_SEED      integer; drawn at random and printed when absent, so a failing run can be replayed
 *   CHAOS_OUT       where the JSON report goes (default .chaos/report-<size>-<seed>.json)
 *   CHAOS_DATABASE  the run's own PostgreSQL database, dropped and created anew (default guru_vhsys_chaos)
 *   CHAOS_KAFKA_PORT, CHAOS_KAFKA_CONTROLLER_PORT  the run's own broker (default: two free ports)
 *   CHAOS_KEEP=1    keep the database and the broker's data after the run (diagnosis)
 *   DATABASE_URL    any database URL of the PostgreSQL server to use (its database name is ignored)
 */
export type ChaosSize = 'full' | 'reduced';

/** The figures that differ between the full and the reduced run. */
export interface ChaosSizing {
  sales: number;
  accounts: number;
  /** `kill -9` of each service process (both instances of mapping and dispatcher, config-service). */
  killsPerProcess: number;
  /** How long config-service is stopped, once. */
  configStopMs: number;
  /** How long one account's tokens are refused by Vhsys, once. */
  tokensRejectedMs: number;
  /** Sales are produced, and faults injected, over this long. */
  loadMs: number;
  /** The dispatcher's per-account rate limit (VHSYS_RATE_LIMIT_PER_SECOND / _BURST). */
  ratePerSecond: number;
  burst: number;
  /** Longest wait, after the load and the last fault, for every sale to be settled. */
  drainTimeoutMs: number;
}

export const SIZES: Record<ChaosSize, ChaosSizing> = {
  full: {
    sales: 2000, accounts: 50, killsPerProcess: 3, configStopMs: 30_000, tokensRejectedMs: 60_000,
    loadMs: 240_000, ratePerSecond: 2, burst: 5, drainTimeoutMs: 30 * 60_000,
  },
  // Sized for CI (2 cores, about 3 minutes; up to about 6 if the drain runs out): every kind of fault, each process killed once, the
  // config-service stop and the token rejection shortened, a faster account rate so the drain is short.
  reduced: {
    sales: 200, accounts: 8, killsPerProcess: 1, configStopMs: 8_000, tokensRejectedMs: 10_000,
    loadMs: 50_000, ratePerSecond: 8, burst: 5, drainTimeoutMs: 240_000,
  },
};

/** Vhsys as the issue describes it under stress: per request 15 % HTTP 500, 5 % lost answers, 5 % 429, latency with jitter. */
export const VHSYS_FAULTS = {
  rates: { serverError: 0.15, responseLost: 0.05, rateLimited: 0.05 },
  latencyMs: 20,
  jitterMs: 80,
  retryAfterSeconds: 1,
} as const;

export interface ChaosOptions extends ChaosSizing {
  size: ChaosSize;
  seed: number;
  outFile: string;
  /** URL of the PostgreSQL server (no database name). */
  pgServerUrl: string;
  database: string;
  kafkaPort: number | null;
  kafkaControllerPort: number | null;
  keep: boolean;
}

function integer(env: NodeJS.ProcessEnv, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

export function chaosOptions(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  const size = (env.CHAOS_SIZE ?? 'full') as ChaosSize;
  if (size !== 'full' && size !== 'reduced') throw new Error('CHAOS_SIZE must be full or reduced');
  const seed = integer(env, 'CHAOS_SEED') ?? Math.floor(Math.random() * 1_000_000);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL must name the PostgreSQL server to use (tools/scripts/chaos.sh sets it)');
  const database = env.CHAOS_DATABASE ?? 'guru_vhsys_chaos';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error('CHAOS_DATABASE must be a plain lower-case identifier');
  return {
    size,
    ...SIZES[size],
    seed,
    outFile: env.CHAOS_OUT ?? `.chaos/report-${size}-${seed}.json`,
    pgServerUrl: databaseUrl.replace(/\/[^/?]*(\?.*)?$/, ''),
    database,
    kafkaPort: integer(env, 'CHAOS_KAFKA_PORT'),
    kafkaControllerPort: integer(env, 'CHAOS_KAFKA_CONTROLLER_PORT'),
    keep: env.CHAOS_KEEP === '1',
    ...overrides,
  };
}
