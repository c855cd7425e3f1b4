import { Kafka } from 'kafkajs';
import { DispatchResult, HEADERS, SaleOrder, TOPICS } from '@gv/contracts';
import { readTopicsToEnd } from '@gv/kafka';
import { GuruEventProducer } from '@gv/guru-sale-generator';
import { RunningStack, setUpAccount, startStack } from '@gv/stack';
import { kafkaPrincipalEnv, localKafka, type ServiceProcess } from '@gv/testing';
import { KAFKA_PRINCIPALS } from '@gv/service-config';
import { AccountSnapshot, FAULT_KINDS, RequestLogEntry, SimulatorAdmin } from '@gv/vhsys-simulator';
import { ChaosOptions, VHSYS_FAULTS } from './chaos-options';
import { checkDeadLetters, checkLastResults, readerKeeps, checkNothingPending, checkOrders, checkRate, DeadLetterSeen, LeftoverState } from './chaos-checks';
import { ChaosBroker, ChaosDatabase } from './chaos-infra';
import { chaosAccounts, FaultEvent, planFaults, planLoad, ServiceProcessLabel } from './chaos-plan';
import type { ChaosReport, InjectedFault } from './chaos-report';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** The services' settings for the run: the issue's rate limit, and retry/probe/session times short enough to drain within the run. */
function serviceEnv(options: ChaosOptions) {
  const consumers = { KAFKA_SESSION_TIMEOUT_MS: '10000' };
  return {
    'mapping-service': consumers,
    'invoice-dispatcher': {
      ...consumers,
      VHSYS_RATE_LIMIT_PER_SECOND: String(options.ratePerSecond),
      VHSYS_RATE_LIMIT_BURST: String(options.burst),
      VHSYS_TIMEOUT_MS: '5000',
      RETRY_BASE_DELAY_MS: '500',
      RETRY_MAX_DELAY_MS: '8000',
      RETRY_MAX_ATTEMPTS: '60',
      PARKED_RETRY_DELAY_MS: '5000',
      DISPATCHER_HANDOFF_MAX_DELAY_MS: '30000',
    },
  };
}

/** Starts a stopped or killed process again, retrying while what it needs (broker, database) is itself restarting. */
async function restart(proc: ServiceProcess, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await proc.start(60_000);
      return;
    } catch (error) {
      await proc.kill();
      if (Date.now() > deadline) throw error;
      log(`restart attempt ${attempt} failed (${(error as Error).message.split('\n')[0]}); again`);
      await sleep(2000);
    }
  }
}

/**
 * One chaos run (tools/chaos/README in docs/reliability.md#chaos-suite): its own broker and
 * database, the stack with two mapping-service and two invoice-dispatcher instances, Vhsys faults
 * on every account, the seeded load and faults, then the drain and the checks.
 */
export async function runChaos(options: ChaosOptions, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<ChaosReport> {
  const started = Date.now();
  const accounts = chaosAccounts(options.accounts);
  const tokenOf = new Map(accounts.map((a) => [a.accountId, a.accessToken]));
  const plan = planLoad(options, accounts, options.seed);
  const faults = planFaults(options, plan, options.seed);
  log(`chaos: size ${options.size}, seed ${options.seed} (replay: CHAOS_SIZE=${options.size} CHAOS_SEED=${options.seed} npm run chaos)`);
  log(`chaos: ${plan.sales.length} sales, ${plan.messages.length} messages over ${accounts.length} accounts; ${faults.length} faults planned`);

  const database = new ChaosDatabase(options.pgServerUrl, options.database);
  await database.recreate();
  const broker = await ChaosBroker.start(options.kafkaPort, options.kafkaControllerPort);
  log(`chaos: own broker on ${broker.brokers[0]}, own database ${options.database}`);
  let stack: RunningStack | null = null;
  let passed = false;
  try {
    stack = await startStack({ kafkaBrokers: broker.brokers, databaseUrl: database.url, env: serviceEnv(options), simulatorSeed: options.seed });
    const admin = new SimulatorAdmin(stack.simulatorAdminUrl);
    for (const account of accounts) {
      await setUpAccount({ configServiceUrl: stack.configServiceUrl, simulatorAdminUrl: stack.simulatorAdminUrl, adminToken: stack.adminToken, mappingServiceUrl: stack.mappingServiceUrl }, account);
    }
    const mapping2 = await stack.addInstance('mapping-service');
    const dispatcher2 = await stack.addInstance('invoice-dispatcher');
    const processes: Record<ServiceProcessLabel, ServiceProcess> = {
      'config-service': stack.processes['config-service'],
      'mapping-service': stack.processes['mapping-service'],
      'mapping-service#2': mapping2.process,
      'invoice-dispatcher': stack.processes['invoice-dispatcher'],
      'invoice-dispatcher#2': dispatcher2.process,
    };
    // The second mapping instance reads the settings topic at start; wait until it has them all.
    for (const account of accounts) await waitForView(mapping2.url, account.accountId);
    for (const [i, account] of accounts.entries()) {
      await admin.setFaults(account.accessToken, { ...VHSYS_FAULTS, rates: { ...VHSYS_FAULTS.rates }, seed: options.seed + i });
      // The log then holds the dispatchers' requests only (config-service's credential checks came before).
      await admin.resetCounters(account.accessToken);
    }
    log(`chaos: stack up (${Math.round((Date.now() - started) / 1000)} s): config-service, 2 × mapping-service, 2 × invoice-dispatcher, simulator`);

    // Load and faults, on one clock.
    // As Guru's platform (its own principal on a secured broker).
    const kafka = localKafka('chaos-guru', broker.brokers, kafkaPrincipalEnv(KAFKA_PRINCIPALS.guruProducer));
    const producer = new GuruEventProducer(kafka, TOPICS.guruTransactions);
    await producer.connect();
    const loadStart = Date.now();
    const injected: InjectedFault[] = [];
    let sendRetries = 0;
    const produce = async () => {
      let next = 0;
      while (next < plan.messages.length) {
        await sleep(plan.messages[next]!.atMs - (Date.now() - loadStart));
        const due = Date.now() - loadStart;
        let end = next;
        while (end < plan.messages.length && plan.messages[end]!.atMs <= due) end += 1;
        const batch = plan.messages.slice(next, end).map((m) => ({ key: m.key, value: m.value }));
        // Guru retries until its broker takes the events (e.g. through the broker restart).
        for (;;) {
          try {
            await producer.send(batch);
            break;
          } catch {
            sendRetries += 1;
            await sleep(1000);
          }
        }
        next = end;
      }
    };
    // Faults on one target wait for the previous fault of that target to end (a kill during the config-service stop waits for it).
    const chains = new Map<string, Promise<void>>();
    // The supervisor (systemd, Kubernetes): a process that exits on its own, outside a planned
    // fault, is started again; each such exit is logged with its last lines and counted.
    const busy = new Set<string>();
    const unexpectedExits: Record<string, number> = {};
    let supervising = true;
    const supervisor = (async () => {
      while (supervising) {
        await sleep(1000);
        for (const [label, proc] of Object.entries(processes)) {
          if (!supervising || busy.has(label) || proc.pid !== null) continue;
          busy.add(label);
          unexpectedExits[label] = (unexpectedExits[label] ?? 0) + 1;
          const at = ((Date.now() - loadStart) / 1000).toFixed(1);
          log(`chaos: t=${at} s ${label} exited on its own; restarting it. Last lines:\n${proc.log.split('\n').slice(-12).join('\n')}`);
          try {
            await restart(proc, (l) => log(`chaos: ${label}: ${l}`));
          } finally {
            busy.delete(label);
          }
        }
      }
    })();
    const inject = (event: FaultEvent) => {
      const target = event.kind === 'kill' ? event.target : event.kind === 'config_service_stop' ? 'config-service' : event.kind;
      const previous = chains.get(target) ?? Promise.resolve();
      const done = previous.then(async () => {
        await sleep(event.atMs - (Date.now() - loadStart));
        const at = Date.now() - loadStart;
        const record: InjectedFault = { kind: event.kind, target: 'target' in event ? event.target : event.kind === 'tokens_rejected' ? event.accountId : event.kind === 'config_service_stop' ? 'config-service' : event.kind, atMs: at, downMs: 0, detail: null };
        if (event.kind === 'kill' || event.kind === 'config_service_stop') {
          const label = event.kind === 'kill' ? event.target : 'config-service';
          const proc = processes[label];
          while (busy.has(label)) await sleep(200);
          busy.add(label);
          try {
            if (event.kind === 'kill') await proc.kill();
            else await proc.stop();
            await sleep(event.downMs);
            await restart(proc, (l) => log(`chaos: ${record.target}: ${l}`));
          } finally {
            busy.delete(label);
          }
        } else if (event.kind === 'broker_restart') {
          await broker.restart();
        } else if (event.kind === 'pg_terminate_backends') {
          record.detail = `${await database.terminateBackends()} backends terminated`;
        } else {
          const token = tokenOf.get(event.accountId)!;
          await admin.setTokensRejected(token, true);
          // The rejection lasts downMs from the first request it refuses. The account has sales still to
          // send (chaos-plan), but a pipeline behind its load reaches them late: on a slow machine more
          // than 30 s late, so the wait is bounded by the drain's timeout, not by a guess.
          const waitUntil = Date.now() + options.drainTimeoutMs;
          let refused = false;
          while (!refused && Date.now() < waitUntil) {
            refused = (await admin.requestLog(token)).entries.some((e) => e.outcome === 'tokens_rejected');
            if (!refused) await sleep(200);
          }
          if (!refused) record.detail = 'no request refused';
          await sleep(event.downMs);
          await admin.setTokensRejected(token, false);
        }
        record.downMs = Date.now() - loadStart - at;
        injected.push(record);
        log(`chaos: t=${(at / 1000).toFixed(1)} s ${record.kind} ${record.target}${record.detail ? ` (${record.detail})` : ''}, back after ${(record.downMs / 1000).toFixed(1)} s`);
      });
      chains.set(target, done);
      return done;
    };
    await Promise.all([produce(), ...faults.map(inject)]);
    await producer.disconnect();
    const quietAt = Date.now();
    log(`chaos: load and faults done at t=${((quietAt - loadStart) / 1000).toFixed(1)} s (${sendRetries} produce retries); draining`);

    const { drained, left } = await waitForDrain(database, plan.sales.map((s) => s.key), kafka, options.drainTimeoutMs);
    const drainMs = Date.now() - quietAt;
    log(`chaos: ${drained ? 'drained' : `NOT drained (still pending: ${left})`} after ${(drainMs / 1000).toFixed(1)} s`);
    supervising = false;
    await supervisor;

    // What exists at the end.
    const snapshots = new Map<string, AccountSnapshot>();
    const logs = new Map<string, RequestLogEntry[]>();
    let logDropped = 0;
    for (const account of accounts) {
      snapshots.set(account.accountId, await admin.getState(account.accessToken));
      const { entries, dropped } = await admin.requestLog(account.accessToken);
      logs.set(account.accountId, entries);
      logDropped += dropped;
    }
    const read = await readTopicsToEnd(kafka, [TOPICS.saleOrders, TOPICS.dispatchResults], { timeoutMs: 120_000, groupPrefix: 'chaos-check' });
    const lastOrders = new Map<string, SaleOrder>();
    const lastResults = new Map<string, DispatchResult>();
    for (const m of read) {
      const key = m.key?.toString('utf8');
      if (!key || !m.value) continue;
      if (m.topic === TOPICS.saleOrders) {
        const order = JSON.parse(m.value.toString('utf8')) as SaleOrder;
        if ((lastOrders.get(key)?.revision ?? -1) <= order.revision) lastOrders.set(key, order);
      } else {
        lastResults.set(key, readerKeeps(lastResults.get(key), JSON.parse(m.value.toString('utf8')) as DispatchResult));
      }
    }
    const admin2 = kafka.admin();
    await admin2.connect();
    const dlqTopics = (await admin2.listTopics()).filter((t) => t.startsWith('deadletter.'));
    await admin2.disconnect();
    const deadLetters: DeadLetterSeen[] = (await readTopicsToEnd(kafka, dlqTopics, { timeoutMs: 60_000, groupPrefix: 'chaos-check' })).map((m) => ({
      topic: m.topic, offset: m.offset, key: m.key?.toString('utf8') ?? null, reason: m.headers[HEADERS.dlqReason] ?? null,
    }));
    const leftovers = await leftoverState(database);

    const rate = checkRate(logs, options.ratePerSecond, options.burst);
    // The request log stamps a request when the simulator's event loop gets to it: its delays are
    // part of the unseen jitter the dispatcher's limiter keeps room for (VHSYS_RATE_LIMIT_JITTER_MS).
    const simulatorLoopDelayMs = (await admin.processStats()).eventLoopDelayMs;
    const checks = {
      orders: checkOrders(plan.sales, lastOrders, snapshots),
      lastResults: checkLastResults(plan.sales, lastOrders, lastResults, snapshots),
      rate: [...rate.problems, ...(logDropped > 0 ? [`${logDropped} request log entries dropped: the rate check is incomplete`] : [])],
      nothingPending: checkNothingPending(plan.sales, leftovers),
      deadLetters: checkDeadLetters(deadLetters),
      // A process may only die when the run kills it: one that exits on its own has a defect,
      // even though the supervisor restarted it.
      noCrashes: Object.entries(unexpectedExits).map(([label, n]) => `${label} exited on its own ${n} time(s)`),
    };
    passed = drained && Object.values(checks).every((p) => p.length === 0);

    const vhsysFaults: Record<string, number> = {};
    for (const kind of FAULT_KINDS) vhsysFaults[kind] = 0;
    let requests = 0;
    let windowLimited = 0;
    let tokensRejected = 0;
    for (const [accountId, snapshot] of snapshots) {
      for (const kind of FAULT_KINDS) vhsysFaults[kind]! += snapshot.counters.faultsInjected[kind];
      requests += snapshot.counters.total;
      windowLimited += snapshot.counters.rateLimited;
      tokensRejected += (logs.get(accountId) ?? []).filter((e) => e.outcome === 'tokens_rejected').length;
    }
    const kills: Record<string, number> = {};
    for (const f of injected) if (f.kind === 'kill') kills[f.target] = (kills[f.target] ?? 0) + 1;
    return {
      verdict: passed ? 'pass' : 'fail',
      size: options.size,
      seed: options.seed,
      replay: `CHAOS_SIZE=${options.size} CHAOS_SEED=${options.seed} npm run chaos`,
      figures: {
        sales: plan.sales.length,
        accounts: accounts.length,
        messagesProduced: plan.messages.length,
        duplicatesProduced: plan.messages.filter((m) => m.duplicate).length,
        finalStatuses: countBy(plan.sales.map((s) => s.finalStatus)),
        produceRetries: sendRetries,
        vhsysRequests: requests + tokensRejected,
        vhsysFaultsInjected: { ...vhsysFaults, tokensRejected, window429: windowLimited },
        kills,
        unexpectedExits,
        otherFaults: injected.filter((f) => f.kind !== 'kill').map((f) => ({ kind: f.kind, target: f.target, atMs: f.atMs, downMs: f.downMs, detail: f.detail })),
        drained,
        ...(drained ? {} : { pendingAtDrainTimeout: left }),
        drainMs,
        totalMs: Date.now() - started,
        maxPerAccountPerSecond: rate.maxPerSecond,
        maxPerAccountPerSecondAt: rate.at,
        rateLimit: { perSecond: options.ratePerSecond, burst: options.burst },
        simulatorLoopDelayMs,
        deadLetters: deadLetters.length,
        resultsRead: read.filter((m) => m.topic === TOPICS.dispatchResults).length,
      },
      checks: Object.fromEntries(Object.entries(checks).map(([name, problems]) => [name, { passed: problems.length === 0, problems: problems.slice(0, 50), count: problems.length }])),
      deadLetters: deadLetters.slice(0, 50),
      injected,
    };
  } finally {
    if (stack && !passed) {
      for (const [name, proc] of Object.entries(stack.processes)) log(`--- ${name} (last lines)\n${proc.log.split('\n').filter((l) => /error|fatal/i.test(l)).slice(-15).join('\n')}`);
    }
    await stack?.stop().catch(() => undefined);
    await broker.stop(!options.keep);
    if (!options.keep) await database.drop().catch(() => undefined);
  }
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

async function waitForView(mappingUrl: string, accountId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${mappingUrl}/config-view/${encodeURIComponent(accountId)}`).catch(() => null);
    if (response?.ok) return;
    await sleep(200);
  }
  throw new Error(`mapping-service#2 has no settings for ${accountId} after 60 s`);
}

const OUTBOX_SCHEMAS = ['config_service', 'mapping_service', 'invoice_dispatcher'];

async function leftoverState(database: ChaosDatabase): Promise<LeftoverState> {
  const ledger = new Map<string, { status: string; reconciledRevision: number | null; desiredRevision: number }>();
  const rows = await database.query<{ sale_key: string; status: string; reconciled_revision: number | null; desired_revision: number }>(
    'SELECT sale_key, status, reconciled_revision, desired_revision FROM invoice_dispatcher.sale_ledger',
  );
  for (const r of rows) ledger.set(r.sale_key, { status: r.status, reconciledRevision: r.reconciled_revision === null ? null : Number(r.reconciled_revision), desiredRevision: Number(r.desired_revision) });
  const outbox = new Map<string, { unpublished: number; setAside: number }>();
  for (const schema of OUTBOX_SCHEMAS) {
    const [counts] = await database.query<{ unpublished: string; set_aside: string }>(
      `SELECT count(*) FILTER (WHERE published_at IS NULL AND set_aside_at IS NULL) AS unpublished, count(*) FILTER (WHERE set_aside_at IS NOT NULL) AS set_aside FROM "${schema}"."outbox"`,
    );
    outbox.set(schema, { unpublished: Number(counts?.unpublished ?? 0), setAside: Number(counts?.set_aside ?? 0) });
  }
  const [parked] = await database.query<{ n: string }>('SELECT count(*) AS n FROM mapping_service.parked_sales');
  return { ledger, outbox, mappingParked: Number(parked?.n ?? 0) };
}

/**
 * Settled: every sale's ledger row reconciled at its desired revision, the consumer groups with
 * nothing left to read, and no outbox row waiting, twice in a row 2 s apart. When it never is,
 * `left` says what was still pending at the last look (for the diagnosis of a slow drain).
 */
async function waitForDrain(database: ChaosDatabase, keys: string[], kafka: Kafka, timeoutMs: number): Promise<{ drained: boolean; left: string }> {
  const deadline = Date.now() + timeoutMs;
  let settledOnce = false;
  let left = 'not looked at yet';
  while (Date.now() < deadline) {
    const pending = await pendingWork(database, keys, kafka)
      .catch((error: unknown) => [`could not look: ${error instanceof Error ? error.message : String(error)}`]);
    if (pending.length === 0 && settledOnce) return { drained: true, left: '' };
    settledOnce = pending.length === 0;
    if (pending.length > 0) left = pending.join('; ');
    await sleep(2000);
  }
  return { drained: false, left };
}

/** What is not settled yet (the first few sales, outbox rows, consumer lag per group); empty when nothing is. */
async function pendingWork(database: ChaosDatabase, keys: string[], kafka: Kafka): Promise<string[]> {
  const problems = checkNothingPending(keys.map((key) => ({ key, accountId: '', finalStatus: 'approved' as const })), await leftoverState(database));
  const lagging = Object.entries(await consumerLag(kafka)).filter(([, n]) => n > 0).map(([group, n]) => `${group}: lag ${n}`);
  return [...problems.slice(0, 5), ...(problems.length > 5 ? [`… ${problems.length - 5} more`] : []), ...lagging];
}

/** Messages not yet committed, per consumer group of the pipeline. */
async function consumerLag(kafka: Kafka): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lag: Record<string, number> = {};
    for (const [group, topic] of [['mapping-service', TOPICS.guruTransactions], ['invoice-dispatcher', TOPICS.saleOrders], ['invoice-dispatcher-retry', TOPICS.saleOrdersRetry]] as const) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      lag[group] = 0;
      for (const end of ends) {
        const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        lag[group] += Number(end.high) - Math.max(Number(at), Number(end.low));
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
