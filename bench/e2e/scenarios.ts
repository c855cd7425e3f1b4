import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { LOCAL_ADMIN_TOKEN } from '@gv/stack';
import type { FaultConfigInput } from '@gv/vhsys-simulator';
import {
  BenchAccount, makeAccounts, publishSnapshots, seedSimulator, setSimulatorFaults, setUpThroughConfigService, staticCredentials,
} from './accounts';
import { BenchStack, startBenchStack } from './bench-stack';
import { measureLimit, LimitResult } from './limit';
import { latencyOf, LatencySummary, ResultCollector, SaleProducer } from './load';
import type { BenchOptions } from './options';
import { CpuMeter, CpuWindow, dbCounters, loadAverage, MemorySampler, perSale } from './procstat';
import { PreparedSale, prepareSales, toSaleOrder } from './sales';
import type { SpanTimings } from './span-timings';

/** What every scenario can use: the options, Kafka, a run id that prefixes its accounts. */
export interface RunContext {
  options: BenchOptions;
  kafka: Kafka;
  runId: string;
  log(message: string): void;
  /** Sale seeds already used (every scenario gets new sales). */
  nextSeed(): number;
  /** Span timings receiver (BENCH_TRACE=1), or null. */
  spans: SpanTimings | null;
}

export interface Correctness {
  expected: number;
  received: number;
  missing: number;
  /** Results beyond the first for one sale. */
  duplicateResults: number;
  /** Outcomes other than `created`, by outcome:reason. */
  unexpected: Record<string, number>;
  /** From the simulator's state (only where checked): orders and invoices beyond one per sale. */
  vhsysDuplicates?: number;
  vhsysOrders?: number;
}

export function correctnessOf(keys: string[], collector: ResultCollector): Correctness {
  let received = 0;
  let duplicates = 0;
  const unexpected: Record<string, number> = {};
  for (const key of keys) {
    const r = collector.results.get(key);
    if (!r) continue;
    received += 1;
    duplicates += r.count - 1;
    if (!(r.stage === 'dispatch' && r.outcome === 'created')) {
      const label = `${r.stage}:${r.outcome}:${r.reason ?? ''}`;
      unexpected[label] = (unexpected[label] ?? 0) + 1;
    }
  }
  return { expected: keys.length, received, missing: keys.length - received, duplicateResults: duplicates, unexpected };
}

export function isCorrect(c: Correctness): boolean {
  return c.missing === 0 && c.duplicateResults === 0 && Object.keys(c.unexpected).length === 0 && (c.vhsysDuplicates ?? 0) === 0;
}

/** Pids of the stack's services (and the dedicated broker), by label, for CPU and memory. */
function pidsOf(bs: BenchStack, options: BenchOptions): () => Map<string, number | null> {
  return () => {
    const pids = new Map<string, number | null>();
    for (const [label, proc] of bs.processes) pids.set(label, proc.pid);
    if (options.kafkaPid) pids.set('kafka (dedicated broker)', options.kafkaPid);
    return pids;
  };
}

/** A stack with its accounts set up, warmed up, a producer and a result collector. */
export interface Session {
  bs: BenchStack;
  accounts: BenchAccount[];
  producer: SaleProducer;
  collector: ResultCollector;
  pids: () => Map<string, number | null>;
  setupMs: number;
  close(): Promise<void>;
}

export async function openSession(ctx: RunContext, name: string, accountCount: number, extraAccounts: BenchAccount[] = []): Promise<Session> {
  const { options } = ctx;
  const prefix = `b${ctx.runId}${name}`;
  const accounts = makeAccounts(prefix, accountCount);
  const all = [...accounts, ...extraAccounts];
  const iso = `bench_${ctx.runId}_${name}`;
  ctx.log(`${name}: starting a stack (isolation ${iso}), ${all.length} accounts, set-up ${options.setup}`);
  const bs = await startBenchStack(options, iso, options.setup === 'direct' ? { 'invoice-dispatcher': { STATIC_CREDENTIALS: staticCredentials(all) } } : {}, ctx.spans?.url);
  const collector = new ResultCollector(ctx.kafka, bs.stack.topics.dispatchResults, prefix);
  const producer = new SaleProducer(ctx.kafka, bs.stack.topics.guruTransactions);
  try {
    const setupStarted = performance.now();
    if (options.setup === 'http') {
      const endpoints = { configServiceUrl: bs.stack.configServiceUrl, simulatorAdminUrl: bs.stack.simulatorAdminUrl, adminToken: LOCAL_ADMIN_TOKEN, mappingServiceUrl: bs.stack.mappingServiceUrl };
      for (const account of all) await setUpThroughConfigService(endpoints, bs.admin, account);
    } else {
      await seedSimulator(bs.admin, all);
      await publishSnapshotsVia(ctx, bs.stack.topics.integrationConfig, all);
      for (const account of all) await waitForMappingView(bs.stack.mappingServiceUrl, account.accountId);
    }
    const setupMs = performance.now() - setupStarted;
    await collector.start();
    await producer.start();
    // Warm-up: two sales per account, all answered, proves the set-up and fills caches.
    const warm = prepareSales(all.length * 2, all.map((a) => a.accountId), ctx.nextSeed());
    await producer.sendAll(warm);
    const missing = await collector.waitFor(warm.map((s) => s.key), options.smoke ? 60_000 : 120_000);
    const c = correctnessOf(warm.map((s) => s.key), collector);
    if (missing.length > 0 || !isCorrect(c)) {
      throw new Error(`${name}: warm-up failed: ${JSON.stringify(c)}\n--- dispatcher log tail ---\n${bs.stack.processes['invoice-dispatcher'].log.slice(-3000)}\n--- mapping log tail ---\n${bs.stack.processes['mapping-service'].log.slice(-2000)}`);
    }
    ctx.log(`${name}: ${all.length} accounts set up in ${(setupMs / 1000).toFixed(1)} s; warm-up answered`);
    return {
      bs,
      accounts,
      producer,
      collector,
      pids: pidsOf(bs, options),
      setupMs,
      async close() {
        await producer.stop().catch(() => undefined);
        await collector.stop().catch(() => undefined);
        await bs.stop();
      },
    };
  } catch (error) {
    await producer.stop().catch(() => undefined);
    await collector.stop().catch(() => undefined);
    await bs.stop().catch(() => undefined);
    throw error;
  }
}

/** Until mapping-service's settings view has the account (GET /config-view/{accountId}). */
async function waitForMappingView(mappingServiceUrl: string, accountId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${mappingServiceUrl}/config-view/${encodeURIComponent(accountId)}`).catch(() => null);
    if (response?.ok) return;
    if (Date.now() > deadline) throw new Error(`mapping-service did not get the settings of ${accountId} within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function publishSnapshotsVia(ctx: RunContext, topic: string, accounts: BenchAccount[]): Promise<void> {
  const producer = ctx.kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await publishSnapshots(producer, topic, accounts);
  } finally {
    await producer.disconnect();
  }
}

// ---- 1. the limit -------------------------------------------------------------------------

export interface LimitScenario {
  results: LimitResult[];
}

/** Bare-client ceiling against the stack's simulator, on accounts of its own (no services involved). */
export async function runLimit(ctx: RunContext, session: Session, simulatorLatencyMs: number, concurrencies: number[]): Promise<LimitResult[]> {
  const { options } = ctx;
  const accounts = makeAccounts(`b${ctx.runId}limit${simulatorLatencyMs}`, options.accounts);
  await seedSimulator(session.bs.admin, accounts);
  if (simulatorLatencyMs > 0) await setSimulatorFaults(session.bs.admin, accounts, { latencyMs: simulatorLatencyMs });
  // Enough distinct sales that none repeats within the window (each is a new buyer and order).
  const count = options.smoke ? 300 : simulatorLatencyMs > 0 ? 2000 : 12_000;
  const orders = prepareSales(count, accounts.map((a) => a.accountId), ctx.nextSeed()).map(toSaleOrder);
  const results: LimitResult[] = [];
  for (const concurrency of concurrencies) {
    const r = await measureLimit({
      simulatorUrl: session.bs.stack.simulatorUrl,
      accounts,
      orders,
      concurrency,
      connections: Math.max(16, concurrency),
      seconds: options.smoke ? 2 : Math.min(options.windowSeconds, 20),
      warmupSeconds: options.smoke ? 0.5 : 2,
      simulatorLatencyMs,
    });
    ctx.log(`limit: ${simulatorLatencyMs} ms, concurrency ${concurrency}: ${r.salesPerSecond.toFixed(1)} sales/s, ${r.requestsPerSale.toFixed(2)} req/sale, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}`);
    results.push(r);
  }
  return results;
}

// ---- 2. end to end throughput -------------------------------------------------------------

export interface ThroughputResult {
  inFlight: number;
  seconds: number;
  produced: number;
  completedInWindow: number;
  salesPerSecond: number;
  latency: LatencySummary;
  correctness: Correctness;
  cpu: CpuWindow;
  /** CPU milliseconds per sale, per process, over the window. */
  cpuMsPerSale: Record<string, number>;
  memory: Record<string, { maxRssMiB: number; hwmMiB: number }>;
  /** Vhsys requests per sale (simulator counters), to compare with the limit's. */
  requestsPerSale: number | null;
  requestsByRoute: Record<string, number>;
  /** PostgreSQL transactions and rows per sale (the benchmark's database, all services). */
  dbPerSale: Record<string, number> | null;
  /** Where the time goes (BENCH_TRACE=1 only). */
  spanSummary?: string;
  loadBefore: string;
  loadAfter: string;
}

/**
 * Closed loop: `inFlight` sales always waiting somewhere in the pipeline, so every stage is busy;
 * the completion rate over the window after warm-up is the sustained throughput.
 */
export async function runThroughput(ctx: RunContext, session: Session, label: string): Promise<ThroughputResult> {
  const { options } = ctx;
  const { producer, collector } = session;
  const inFlight = options.throughputInFlight;
  const seconds = options.smoke ? 4 : options.windowSeconds + options.warmupSeconds;
  // Generated up front (0.2 ms each); more than this pipeline can answer in the window on 2 cores.
  const maxSales = options.smoke ? 200 : Math.ceil(seconds * 800) + inFlight;
  const sales = prepareSales(maxSales, session.accounts.map((a) => a.accountId), ctx.nextSeed());
  const tracker = collector.track(sales.map((s) => s.key));
  const answeredCount = () => tracker.count;
  const countersBefore = await routeCounters(session);
  const memory = new MemorySampler(session.pids);
  memory.start();
  const cpu = new CpuMeter(session.pids, ctx.options.cpuProfileDir !== null);
  const loadBefore = loadAverage();
  let windowStart = 0;
  let completedAtStart = 0;
  let dbBefore: Awaited<ReturnType<typeof dbCounters>> = null;
  const measuring = (async () => {
    await new Promise((r) => setTimeout(r, options.warmupSeconds * 1000));
    dbBefore = await dbCounters(options.databaseUrl);
    completedAtStart = answeredCount();
    windowStart = performance.now();
    cpu.start();
    ctx.spans?.begin();
  })();
  const produced = await producerLoop(producer, sales, inFlight, seconds, answeredCount);
  await measuring;
  const completedAtEnd = answeredCount();
  const window = cpu.stop();
  const dbAfter = await dbCounters(options.databaseUrl);
  const windowSeconds = (performance.now() - windowStart) / 1000;
  const spanSummary = ctx.spans ? await ctx.spans.end() : undefined;
  const loadAfter = loadAverage();
  const missing = await collector.waitFor(produced.map((s) => s.key), options.smoke ? 60_000 : 300_000);
  const mem = memory.stop();
  const countersAfter = await routeCounters(session);
  const completedInWindow = completedAtEnd - completedAtStart;
  const salesPerSecond = completedInWindow / windowSeconds;
  const requests = diffCounters(countersBefore, countersAfter);
  const totalRequests = Object.values(requests).reduce((a, b) => a + b, 0);
  const result: ThroughputResult = {
    inFlight,
    seconds: windowSeconds,
    produced: produced.length,
    completedInWindow,
    salesPerSecond,
    latency: latencyOf(produced.map((s) => s.key), producer, collector),
    correctness: correctnessOf(produced.map((s) => s.key), collector),
    cpu: window,
    cpuMsPerSale: Object.fromEntries(Object.entries({ ...window.perProcess, 'postgresql (all backends)': window.postgresSeconds }).map(([k, v]) => [k, (v * 1000) / Math.max(1, completedInWindow)])),
    memory: mem,
    requestsPerSale: produced.length > 0 ? totalRequests / produced.length : null,
    requestsByRoute: requests,
    dbPerSale: perSale(dbBefore, dbAfter, completedAtEnd - completedAtStart),
    spanSummary,
    loadBefore,
    loadAfter,
  };
  ctx.log(`${label}: ${salesPerSecond.toFixed(1)} sales/s sustained (${completedInWindow} in ${windowSeconds.toFixed(1)} s, ${inFlight} in flight), ` +
    `${result.requestsPerSale?.toFixed(2)} req/sale, ${result.dbPerSale?.commits.toFixed(1)} DB commits/sale, machine busy ${(window.machineBusy * 100).toFixed(0)} %, missing ${missing.length}, load ${loadBefore} → ${loadAfter}`);
  return result;
}

async function producerLoop(producer: SaleProducer, sales: PreparedSale[], inFlight: number, seconds: number, answered: () => number): Promise<PreparedSale[]> {
  return producer.sendClosedLoop(sales, inFlight, seconds, answered);
}

async function routeCounters(session: Session): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const account of session.accounts) {
    const state = await session.bs.admin.getState(account.accessToken);
    for (const [route, n] of Object.entries(state.counters.byRoute)) total[route] = (total[route] ?? 0) + n;
  }
  return total;
}

function diffCounters(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
}

// ---- 3. latency at fixed offered rates ----------------------------------------------------

export interface LatencyCell {
  simulatorLatencyMs: number;
  offeredRate: number;
  seconds: number;
  produced: number;
  /** Completion rate over the sending window. */
  achievedRate: number;
  /** The pipeline fell behind the offered rate (latency grows with the run's length). */
  saturated: boolean;
  /** Sales still unanswered when the harness stopped waiting. */
  unanswered: number;
  latency: LatencySummary;
  correctness: Correctness;
  loadBefore: string;
  skipped?: string;
  spanSummary?: string;
}

export async function runLatencyCell(ctx: RunContext, session: Session, simulatorLatencyMs: number, rate: number, accounts = session.accounts): Promise<LatencyCell> {
  const { options } = ctx;
  const seconds = options.windowSeconds;
  const sales = prepareSales(Math.round(rate * seconds), accounts.map((a) => a.accountId), ctx.nextSeed());
  const loadBefore = loadAverage();
  ctx.spans?.begin();
  const started = performance.now();
  const produced = await session.producer.sendAtRate(sales, rate, seconds);
  const sendSeconds = (performance.now() - started) / 1000;
  const spanSummary = ctx.spans ? await ctx.spans.end() : undefined;
  const keys = produced.map((s) => s.key);
  const answeredByEnd = keys.filter((k) => session.collector.results.has(k)).length;
  // Allow the tail to finish; a saturated pipeline gets a bounded wait.
  const backlog = keys.length - answeredByEnd;
  const saturated = backlog > rate * 2 + 50;
  const missing = await session.collector.waitFor(keys, saturated ? (options.smoke ? 30_000 : 90_000) : 60_000);
  const cell: LatencyCell = {
    simulatorLatencyMs,
    offeredRate: rate,
    seconds: sendSeconds,
    produced: keys.length,
    achievedRate: answeredByEnd / sendSeconds,
    saturated,
    unanswered: missing.length,
    latency: latencyOf(keys, session.producer, session.collector),
    correctness: correctnessOf(keys, session.collector),
    loadBefore,
    spanSummary,
  };
  ctx.log(`latency: sim ${simulatorLatencyMs} ms, ${rate}/s offered: p50 ${cell.latency.p50} p95 ${cell.latency.p95} p99 ${cell.latency.p99} ms` +
    `${saturated ? ` SATURATED (answered ${cell.achievedRate.toFixed(1)}/s during the window, ${missing.length} unanswered at the end)` : ''}, load ${loadBefore}`);
  return cell;
}

// ---- 5. isolation -------------------------------------------------------------------------

export interface IsolationResult {
  rate: number;
  healthyAccounts: number;
  failing: { kind: string; faults: FaultConfigInput }[];
  baseline: LatencyCell;
  withFailure: Array<{ kind: string; healthy: LatencyCell; failingAnswered: number; failingOutcomes: Record<string, number>; ratioP99: number }>;
}

/**
 * The same offered rate with every account healthy, then with one account's Vhsys failing
 * (HTTP 500 on everything; then no answer at all, so the client's timeout fires). The rate must be
 * below capacity, or the healthy p99 only measures a growing queue: by default half the sustained
 * throughput measured in this run.
 */
export async function runIsolation(ctx: RunContext, session: Session, failingAccount: BenchAccount, rate: number): Promise<IsolationResult> {
  const { options } = ctx;
  const healthy = session.accounts;
  const all = [...healthy, failingAccount];
  const variants: { kind: string; faults: FaultConfigInput }[] = [
    { kind: 'HTTP 500 on every request', faults: { rates: { serverError: 1 } } },
    ...(options.smoke ? [] : [{ kind: 'no answer (hang until the client times out)', faults: { rates: { hang: 1 } } }]),
  ];
  // Baseline: the same mix with every account healthy.
  const baseline = await runMixedCell(ctx, session, rate, all, healthy, 'isolation baseline');
  const withFailure: IsolationResult['withFailure'] = [];
  for (const variant of variants) {
    await session.bs.admin.setFaults(failingAccount.accessToken, { rateLimitPerWindow: 1_000_000_000, ...variant.faults });
    const cell = await runMixedCell(ctx, session, rate, all, healthy, `isolation: one account failing (${variant.kind})`);
    const failingKeys = cell.failingKeys;
    const failingOutcomes: Record<string, number> = {};
    for (const key of failingKeys) {
      const r = session.collector.results.get(key);
      const label = r ? `${r.stage}:${r.outcome}:${r.reason ?? ''}` : 'no result yet (retrying)';
      failingOutcomes[label] = (failingOutcomes[label] ?? 0) + 1;
    }
    withFailure.push({
      kind: variant.kind,
      healthy: cell.healthy,
      failingAnswered: failingKeys.filter((k) => session.collector.results.has(k)).length,
      failingOutcomes,
      ratioP99: cell.healthy.latency.p99 / Math.max(1, baseline.healthy.latency.p99),
    });
  }
  return { rate, healthyAccounts: healthy.length, failing: variants, baseline: baseline.healthy, withFailure };
}

/** `rate` sales/s spread over `all` for one window; latency and correctness of those of `healthy`. */
export async function runMixedCell(ctx: RunContext, session: Session, rate: number, all: BenchAccount[], healthy: BenchAccount[], label: string) {
  const { options } = ctx;
  const sales = prepareSales(Math.round(rate * options.windowSeconds), all.map((a) => a.accountId), ctx.nextSeed());
  const healthyIds = new Set(healthy.map((a) => a.accountId));
  const loadBefore = loadAverage();
  const started = performance.now();
  const produced = await session.producer.sendAtRate(sales, rate, options.windowSeconds);
  const sendSeconds = (performance.now() - started) / 1000;
  const healthyKeys = produced.filter((s) => healthyIds.has(s.accountId)).map((s) => s.key);
  const failingKeys = produced.filter((s) => !healthyIds.has(s.accountId)).map((s) => s.key);
  const answeredByEnd = healthyKeys.filter((k) => session.collector.results.has(k)).length;
  const missing = await session.collector.waitFor(healthyKeys, 90_000);
  const cell: LatencyCell = {
    simulatorLatencyMs: 0,
    offeredRate: rate,
    seconds: sendSeconds,
    produced: healthyKeys.length,
    achievedRate: answeredByEnd / sendSeconds,
    saturated: healthyKeys.length - answeredByEnd > rate * 2 + 50,
    unanswered: missing.length,
    latency: latencyOf(healthyKeys, session.producer, session.collector),
    correctness: correctnessOf(healthyKeys, session.collector),
    loadBefore,
  };
  ctx.log(`${label}: healthy accounts p50 ${cell.latency.p50} p95 ${cell.latency.p95} p99 ${cell.latency.p99} ms, unanswered ${missing.length}, load ${loadBefore}`);
  return { healthy: cell, healthyKeys, failingKeys };
}

// ---- 4. backlog ---------------------------------------------------------------------------

export interface BacklogResult {
  sales: number;
  produceSeconds: number;
  /** From the restart of mapping-service and invoice-dispatcher to the last result. */
  drainSeconds: number;
  /** From the first result to the last. */
  firstToLastSeconds: number;
  salesPerSecond: number;
  correctness: Correctness;
  memory: Record<string, { maxRssMiB: number; hwmMiB: number }>;
  cpuMsPerSale: Record<string, number>;
  dbPerSale: Record<string, number> | null;
  machineBusy: number;
  loadBefore: string;
  loadAfter: string;
}

/**
 * mapping-service and invoice-dispatcher are stopped, `count` sales are produced, then both start
 * again and drain the backlog. Every sale must get exactly one result, and Vhsys (the simulator's
 * state) must hold exactly one order per sale and at most one NF-e and one NFS-e per order.
 */
export async function runBacklog(ctx: RunContext, session: Session): Promise<BacklogResult> {
  const { options } = ctx;
  const count = options.backlog;
  const sales = prepareSales(count, session.accounts.map((a) => a.accountId), ctx.nextSeed());
  const mapping = session.bs.processes.get('mapping-service')!;
  const dispatcher = session.bs.processes.get('invoice-dispatcher')!;
  await dispatcher.stop();
  await mapping.stop();
  const produceStarted = performance.now();
  await session.producer.sendAll(sales);
  const produceSeconds = (performance.now() - produceStarted) / 1000;
  ctx.log(`backlog: ${count} sales waiting in ${session.bs.stack.topics.guruTransactions} (produced in ${produceSeconds.toFixed(1)} s); starting the services`);
  const memory = new MemorySampler(session.pids);
  const cpu = new CpuMeter(session.pids, ctx.options.cpuProfileDir !== null);
  const loadBefore = loadAverage();
  const dbBefore = await dbCounters(options.databaseUrl);
  const restarted = performance.now();
  const restartedAtMs = Date.now();
  await Promise.all([mapping.start(90_000), dispatcher.start(90_000)]);
  memory.start();
  cpu.start();
  const keys = sales.map((s) => s.key);
  const tracker = session.collector.track(keys);
  let lastReport = 0;
  const deadline = Date.now() + (options.smoke ? 90_000 : 3 * 3600_000);
  let done = 0;
  for (;;) {
    done = tracker.count;
    if (done >= count || Date.now() > deadline) break;
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      ctx.log(`backlog: ${done}/${count} answered after ${((performance.now() - restarted) / 1000).toFixed(0)} s (load ${loadAverage()})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const window = cpu.stop();
  const dbAfter = await dbCounters(options.databaseUrl);
  const mem = memory.stop();
  const loadAfter = loadAverage();
  let first = Infinity;
  let last = 0;
  for (const k of keys) {
    const r = session.collector.results.get(k);
    if (!r) continue;
    first = Math.min(first, r.receivedAtMs);
    last = Math.max(last, r.receivedAtMs);
  }
  // Let late duplicates (if any) arrive before counting.
  await new Promise((r) => setTimeout(r, options.smoke ? 1000 : 5000));
  const correctness = correctnessOf(keys, session.collector);
  const vhsys = await vhsysDuplicates(session, new Set(sales.map((s) => `guru:${s.id}`)));
  correctness.vhsysDuplicates = vhsys.duplicates;
  correctness.vhsysOrders = vhsys.orders;
  const drainSeconds = (last - restartedAtMs) / 1000;
  const result: BacklogResult = {
    sales: count,
    produceSeconds,
    drainSeconds,
    firstToLastSeconds: (last - first) / 1000,
    salesPerSecond: correctness.received / Math.max(0.001, drainSeconds),
    correctness,
    memory: mem,
    cpuMsPerSale: Object.fromEntries(Object.entries({ ...window.perProcess, 'postgresql (all backends)': window.postgresSeconds }).map(([k, v]) => [k, (v * 1000) / Math.max(1, done)])),
    dbPerSale: perSale(dbBefore, dbAfter, done),
    machineBusy: window.machineBusy,
    loadBefore,
    loadAfter,
  };
  ctx.log(`backlog: ${correctness.received}/${count} answered, drained in ${drainSeconds.toFixed(1)} s (${result.salesPerSecond.toFixed(1)} sales/s), ` +
    `duplicate results ${correctness.duplicateResults}, Vhsys orders ${vhsys.orders} (duplicates ${vhsys.duplicates}), unexpected ${JSON.stringify(correctness.unexpected)}`);
  return result;
}

/** Orders per marker and invoices per order in the simulator: anything beyond one is a duplicate. */
async function vhsysDuplicates(session: Session, markers: Set<string>): Promise<{ orders: number; duplicates: number }> {
  let orders = 0;
  let duplicates = 0;
  for (const account of session.accounts) {
    const state = await session.bs.admin.getState(account.accessToken);
    const byMarker = new Map<string, number>();
    for (const p of state.pedidos) {
      const marker = String(p.referencia_pedido ?? '');
      if (!markers.has(marker) || p.lixeira === 'Sim') continue;
      byMarker.set(marker, (byMarker.get(marker) ?? 0) + 1);
      orders += 1;
    }
    for (const n of byMarker.values()) duplicates += n - 1;
    for (const notes of [state.notasFiscais, state.notasServico]) {
      const byOrder = new Map<string, number>();
      for (const n of notes) {
        const ref = String(n.id_pedido_ref ?? '');
        if (!ref || ref === '0') continue;
        byOrder.set(ref, (byOrder.get(ref) ?? 0) + 1);
      }
      for (const n of byOrder.values()) duplicates += n - 1;
    }
  }
  return { orders, duplicates };
}

// ---- 7. scaling ---------------------------------------------------------------------------

export interface ScalingResult {
  one: ThroughputResult;
  two: ThroughputResult;
}

export async function runScaling(ctx: RunContext, session: Session): Promise<ScalingResult> {
  const one = await runThroughput(ctx, session, 'scaling, 1 instance each');
  await Promise.all([session.bs.addInstance('mapping-service'), session.bs.addInstance('invoice-dispatcher')]);
  // Let both groups rebalance onto the new members before measuring.
  await new Promise((r) => setTimeout(r, ctx.options.smoke ? 3000 : 10_000));
  const two = await runThroughput(ctx, session, 'scaling, 2 instances of mapping-service and invoice-dispatcher');
  return { one, two };
}

export function newRunId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 6);
}
