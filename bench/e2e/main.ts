/**
 * End-to-end benchmark: `npm run bench` (bench/run.sh brings up Kafka and PostgreSQL first).
 *
 *   BENCH_SMOKE=1 npm run bench          # correctness of the harness only, < 2 minutes
 *   BENCH_SCENARIOS=limit,throughput npm run bench
 *
 * Scenarios (docs/performance.md explains each): limit, throughput (+ memory), latency,
 * realistic, isolation, flood, backlog (+ memory), scaling. Writes bench/results/<date>.md and .json and, with
 * BENCH_UPDATE_DOCS=1, the table of docs/performance.md. Exits non-zero when a correctness check
 * fails (a lost or duplicated sale, an unexpected outcome); speed never fails the run.
 */
import os from 'node:os';
import { makeAccounts } from './accounts';
import { benchKafka } from './load';
import { loadOptions, ScenarioName } from './options';
import { loadAverage } from './procstat';
import { BenchReport, writeReport } from './report';
import {
  correctnessOf, isCorrect, newRunId, openSession, RunContext, runBacklog, runIsolation, runLatencyCell, runLimit, runScaling,
  runThroughput, Session,
} from './scenarios';
import { setSimulatorFaults } from './accounts';
import { runFlood } from './flood';
import { runRealistic } from './realistic';
import { SpanTimings } from './span-timings';

async function main(): Promise<void> {
  const options = loadOptions();
  const runId = newRunId();
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (message: string) => process.stdout.write(`[bench +${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);
  let seed = options.seed * 1000;
  const spans = options.trace ? new SpanTimings() : null;
  await spans?.start();
  const ctx: RunContext = { options, kafka: benchKafka(options.kafkaBrokers), runId, log, nextSeed: () => (seed += 1), spans };
  const cpus = os.cpus();
  const report: BenchReport = {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    smoke: options.smoke,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: os.totalmem() / 2 ** 30,
      node: process.version,
      kernel: os.release(),
      loadAtStart: loadAverage(),
      loadAtEnd: '',
    },
    settings: {
      accounts: options.accounts,
      setup: options.setup,
      windowSeconds: options.windowSeconds,
      kafka: `${options.kafkaMode} broker ${options.kafkaBrokers.join(',')}${options.partitions > 0 ? `, sale topics with ${options.partitions} partitions` : ''}`,
      note: [options.note, Object.keys(options.serviceEnv).length > 0 ? `service settings changed: ${JSON.stringify(options.serviceEnv)}` : ''].filter(Boolean).join('; '),
    },
    failures: [],
  };
  log(`run ${runId}: scenarios ${options.scenarios.join(', ')}${options.smoke ? ' (SMOKE)' : ''}; load ${report.machine.loadAtStart}; kafka ${report.settings.kafka}`);

  const want = (s: ScenarioName) => options.scenarios.includes(s);
  // Smoke: one stack for everything (start-up dominates); full: a fresh stack per scenario.
  let shared: Session | null = null;
  const session = async (name: string, failing = 0): Promise<Session> => {
    if (options.smoke) {
      shared ??= await openSession(ctx, 'smoke', options.accounts, makeAccounts(`b${runId}smokefail`, 1));
      return shared;
    }
    return openSession(ctx, name, options.accounts, failing ? makeAccounts(`b${runId}${name}fail`, failing) : []);
  };
  const done = async (s: Session) => {
    if (!options.smoke) await s.close();
  };
  const check = (label: string, c: ReturnType<typeof correctnessOf>) => {
    if (!isCorrect(c)) report.failures.push(`${label}: ${JSON.stringify(c)}`);
  };

  try {
    if (want('limit') || want('throughput')) {
      const s = await session('tp');
      try {
        if (want('limit')) report.limit = await runLimit(ctx, s, 0, options.limitConcurrency);
        if (want('throughput')) {
          report.throughput = await runThroughput(ctx, s, 'throughput');
          check('throughput', report.throughput.correctness);
        }
      } finally {
        await done(s);
      }
    }

    if (want('latency')) {
      report.latency = [];
      report.limitAtLatency = [];
      for (const simLatency of options.simulatorLatencies) {
        const s = await session(`lat${simLatency}`);
        try {
          await setSimulatorFaults(s.bs.admin, s.accounts, { latencyMs: simLatency });
          if (simLatency > 0 && want('limit')) report.limitAtLatency.push(...(await runLimit(ctx, s, simLatency, [options.limitConcurrency[0]!])));
          let saturatedAt: number | null = null;
          for (const rate of options.rates) {
            if (saturatedAt !== null) {
              report.latency.push({
                simulatorLatencyMs: simLatency, offeredRate: rate, seconds: 0, produced: 0, achievedRate: 0, saturated: true, unanswered: 0,
                latency: { count: 0, p50: 0, p95: 0, p99: 0, max: 0, occurredP50: 0, occurredP99: 0 },
                correctness: { expected: 0, received: 0, missing: 0, duplicateResults: 0, unexpected: {} },
                loadBefore: loadAverage(), skipped: `not run: already saturated at ${saturatedAt}/s`,
              });
              continue;
            }
            const cell = await runLatencyCell(ctx, s, simLatency, rate);
            report.latency.push(cell);
            if (cell.saturated) saturatedAt = rate;
            if (cell.unanswered === 0) check(`latency ${simLatency} ms ${rate}/s`, cell.correctness);
            else if (!cell.saturated) report.failures.push(`latency ${simLatency} ms ${rate}/s: ${cell.unanswered} sales unanswered`);
          }
          await setSimulatorFaults(s.bs.admin, s.accounts, {});
        } finally {
          await done(s);
        }
      }
    }

    if (want('realistic')) {
      const s = options.smoke ? await session('real') : await openSession(ctx, 'real', options.realistic.accounts);
      try {
        report.realistic = await runRealistic(ctx, s);
        check('realistic, 0 ms', report.realistic.atZero.correctness);
        check('realistic, with latency', report.realistic.atLatency.correctness);
      } finally {
        await done(s);
      }
    }

    if (want('isolation')) {
      const s = await session('iso', 1);
      try {
        const failing = options.smoke ? makeAccounts(`b${runId}smokefail`, 1)[0]! : makeAccounts(`b${runId}isofail`, 1)[0]!;
        const rate = options.isolationRate ?? (report.throughput ? Math.max(5, Math.round(report.throughput.salesPerSecond / 2)) : 20);
        report.isolation = await runIsolation(ctx, s, failing, rate);
        check('isolation baseline', report.isolation.baseline.correctness);
        for (const f of report.isolation.withFailure) check(`isolation (${f.kind}), healthy accounts`, f.healthy.correctness);
      } finally {
        await done(s);
      }
    }

    if (want('flood')) {
      const s = await session('fl', 1);
      try {
        const flooder = options.smoke ? makeAccounts(`b${runId}smokefail`, 1)[0]! : makeAccounts(`b${runId}flfail`, 1)[0]!;
        const rate = options.isolationRate ?? (report.throughput ? Math.max(5, Math.round(report.throughput.salesPerSecond / 2)) : 20);
        report.flood = await runFlood(ctx, s, flooder, rate);
        check('flood baseline', report.flood.baseline.correctness);
        for (const c of report.flood.cells) {
          check(`flood (${c.kind}), the other accounts`, c.others.correctness);
          check(`flood (${c.kind}), the flooding account`, c.floodCorrectness);
        }
      } finally {
        await done(s);
      }
    }

    if (want('backlog')) {
      const s = await session('bl');
      try {
        report.backlog = await runBacklog(ctx, s);
        check('backlog', report.backlog.correctness);
      } finally {
        await done(s);
      }
    }

    if (want('scaling')) {
      const s = await session('sc');
      try {
        report.scaling = await runScaling(ctx, s);
        check('scaling (1 instance)', report.scaling.one.correctness);
        check('scaling (2 instances)', report.scaling.two.correctness);
      } finally {
        await done(s);
      }
    }
  } catch (error) {
    report.failures.push(`aborted: ${error instanceof Error ? error.message : String(error)}`);
    log(`ABORTED: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    if (shared) await (shared as Session).close().catch(() => undefined);
  }

  await spans?.stop();
  report.finishedAt = new Date().toISOString();
  report.machine.loadAtEnd = loadAverage();
  const files = await writeReport(report, options);
  log(`report: ${files.join(', ')}`);
  if (report.failures.length > 0) {
    log(`FAILED checks:\n  ${report.failures.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    log(`all correctness checks passed (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
