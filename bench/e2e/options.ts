/**
 * Benchmark settings, from the environment (bench/run.sh sets KAFKA_BROKERS and DATABASE_URL).
 * BENCH_SMOKE=1 shrinks every count so the run checks the harness (zero losses, zero duplicates,
 * every result present) in well under two minutes; speed is not judged in smoke mode.
 */
export interface BenchOptions {
  smoke: boolean;
  kafkaBrokers: string[];
  databaseUrl: string;
  /** Scenarios to run, in this order. */
  scenarios: ScenarioName[];
  /** Accounts that share the load (each one a seller with its own Vhsys account). */
  accounts: number;
  /** Account set-up path: config-service HTTP API, or snapshot + STATIC_CREDENTIALS. */
  setup: 'http' | 'direct';
  /** Seconds of each measured window. */
  windowSeconds: number;
  warmupSeconds: number;
  /** Offered rates of the latency scenario (sales/s) and simulator latencies (ms). */
  rates: number[];
  simulatorLatencies: number[];
  /** The realistic-latency scenario: accounts, and the simulator's latency per call (base + uniform jitter). */
  realistic: { accounts: number; latencyMs: number; jitterMs: number };
  /** Sales in flight during the throughput scenario (closed loop). */
  throughputInFlight: number;
  backlog: number;
  /** Rate of the isolation scenario; null = half the sustained throughput of this run (20/s without one). */
  isolationRate: number | null;
  /**
   * The flood scenario: sales of one account published at once (burst), its rate through a window
   * (sustained; null = twice the other accounts' rate), its Vhsys latency per call, and how many
   * times the burst cell runs (each after a baseline of its own; the report gives the median ratio).
   */
  flood: { sales: number; rate: number | null; latencyMs: number; bursts: number };
  /** Concurrencies of the limit scenario; the first is the dispatcher's. */
  limitConcurrency: number[];
  seed: number;
  outDir: string;
  /** Rewrite the table of docs/performance.md with this run's figures. */
  updateDocs: boolean;
  /** Free text recorded with the figures (who ran it, why). */
  note: string;
  /** 'dedicated' when bench/run.sh started a broker for the benchmark alone. */
  kafkaMode: string;
  kafkaPid: number | null;
  /** Directory for V8 CPU profiles of the services (--cpu-prof), written when each one stops. */
  cpuProfileDir: string | null;
  /** Partitions of the sale topics (0 = the product's 6), to measure more sales in flight. */
  partitions: number;
  /** Export the services' spans to the harness and report where each sale's time goes (diagnosis only). */
  trace: boolean;
  /** Extra environment per service (BENCH_SERVICE_ENV JSON), for experiments with their settings. */
  serviceEnv: Record<string, Record<string, string>>;
}

export const ALL_SCENARIOS = ['limit', 'throughput', 'latency', 'realistic', 'isolation', 'flood', 'backlog', 'scaling'] as const;
export type ScenarioName = (typeof ALL_SCENARIOS)[number];

function list(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}

export function loadOptions(): BenchOptions {
  const smoke = process.env.BENCH_SMOKE === '1' || process.env.BENCH_SMOKE === 'true';
  const brokers = process.env.KAFKA_BROKERS;
  const databaseUrl = process.env.DATABASE_URL;
  if (!brokers || !databaseUrl) throw new Error('KAFKA_BROKERS and DATABASE_URL must be set (bench/run.sh sets them)');
  const scenarios = list('BENCH_SCENARIOS', ALL_SCENARIOS.join(',')) as ScenarioName[];
  for (const s of scenarios) if (!(ALL_SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s} (known: ${ALL_SCENARIOS.join(', ')})`);
  const setup = (process.env.BENCH_SETUP ?? 'http') as BenchOptions['setup'];
  if (setup !== 'http' && setup !== 'direct') throw new Error('BENCH_SETUP must be http or direct');
  return {
    smoke,
    kafkaBrokers: brokers.split(',').map((b) => b.trim()),
    databaseUrl,
    scenarios,
    accounts: num('BENCH_ACCOUNTS', smoke ? 4 : 20),
    setup,
    windowSeconds: num('BENCH_WINDOW_S', smoke ? 3 : 30),
    warmupSeconds: num('BENCH_WARMUP_S', smoke ? 1 : 5),
    rates: list('BENCH_RATES', smoke ? '20' : '50,100,200').map(Number),
    simulatorLatencies: list('BENCH_SIM_LATENCIES', smoke ? '0' : '0,50').map(Number),
    throughputInFlight: num('BENCH_IN_FLIGHT', smoke ? 40 : 1500),
    realistic: {
      accounts: num('BENCH_REALISTIC_ACCOUNTS', smoke ? 4 : 256),
      latencyMs: num('BENCH_REALISTIC_LATENCY_MS', smoke ? 20 : 150),
      jitterMs: num('BENCH_REALISTIC_JITTER_MS', smoke ? 10 : 100),
    },
    backlog: num('BENCH_BACKLOG', smoke ? 200 : 50_000),
    isolationRate: process.env.BENCH_ISOLATION_RATE ? num('BENCH_ISOLATION_RATE', 20) : smoke ? 20 : null,
    flood: {
      sales: num('BENCH_FLOOD', smoke ? 60 : 1200),
      rate: process.env.BENCH_FLOOD_RATE ? num('BENCH_FLOOD_RATE', 40) : null,
      latencyMs: num('BENCH_FLOOD_LATENCY_MS', 20),
      bursts: num('BENCH_FLOOD_BURSTS', 1),
    },
    limitConcurrency: list('BENCH_LIMIT_CONCURRENCY', smoke ? '6' : '6,16').map(Number),
    seed: num('BENCH_SEED', 42),
    outDir: process.env.BENCH_OUT ?? (smoke ? 'bench/results/smoke' : 'bench/results'),
    updateDocs: process.env.BENCH_UPDATE_DOCS === '1' && !smoke,
    note: process.env.BENCH_NOTE ?? '',
    kafkaMode: process.env.BENCH_KAFKA_MODE ?? 'shared',
    kafkaPid: process.env.BENCH_KAFKA_PID ? Number(process.env.BENCH_KAFKA_PID) : null,
    cpuProfileDir: process.env.BENCH_CPU_PROF ? process.env.BENCH_CPU_PROF : null,
    trace: process.env.BENCH_TRACE === '1',
    partitions: num('BENCH_PARTITIONS', 0),
    serviceEnv: process.env.BENCH_SERVICE_ENV ? (JSON.parse(process.env.BENCH_SERVICE_ENV) as Record<string, Record<string, string>>) : {},
  };
}
