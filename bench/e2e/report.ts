import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fixed, markdownTable } from '../vhsys/stats';
import type { LimitResult } from './limit';
import type { FloodResult } from './flood';
import type { TimelineSecond } from './timeline';
import type { RealisticResult } from './realistic';
import type { BenchOptions } from './options';
import type { BacklogResult, IsolationResult, LatencyCell, ScalingResult, ThroughputResult } from './scenarios';

export interface BenchReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  smoke: boolean;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; kernel: string; loadAtStart: string; loadAtEnd: string };
  settings: { accounts: number; setup: string; windowSeconds: number; kafka: string; note: string };
  limit?: LimitResult[];
  limitAtLatency?: LimitResult[];
  throughput?: ThroughputResult;
  latency?: LatencyCell[];
  realistic?: RealisticResult;
  isolation?: IsolationResult;
  flood?: FloodResult;
  backlog?: BacklogResult;
  scaling?: ScalingResult;
  failures: string[];
}

const ROOT = path.resolve(__dirname, '../..');
const TARGET = {
  throughput: 300,
  ratio: 0.6,
  p99At100: 250,
  isolationRatio: 2,
  floodRatio: 2,
  realisticRatio: 0.8,
  realisticInFlight: 200,
  rssMiB: 250,
};

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const SERVICES = ['config-service', 'mapping-service', 'invoice-dispatcher', 'vhsys-simulator'];

/** The table docs/performance.md holds: every figure with its target and the ratio to the limit. */
export function summaryTable(r: BenchReport): string {
  const rows: Array<Array<string | number>> = [];
  const limit = r.limit?.[0];
  if (r.limit) {
    for (const l of r.limit) {
      rows.push([`1. Limit: bare client, same calls, ${l.concurrency} sales in flight, simulator 0 ms`, `${fixed(l.salesPerSecond, 1)} sales/s (${fixed(l.requestsPerSale, 2)} req/sale, p99 ${fixed(l.p99Ms, 1)} ms)`, '', '—']);
    }
  }
  for (const l of r.limitAtLatency ?? []) {
    rows.push([`1. Limit at simulator ${l.simulatorLatencyMs} ms, ${l.concurrency} in flight`, `${fixed(l.salesPerSecond, 1)} sales/s (p99 ${fixed(l.p99Ms, 0)} ms)`, '', '—']);
  }
  if (r.throughput) {
    const t = r.throughput;
    const ratio = limit ? t.salesPerSecond / limit.salesPerSecond : null;
    rows.push(['2. End to end, sustained (closed loop)', `${fixed(t.salesPerSecond, 1)} sales/s (${fixed(t.requestsPerSale ?? 0, 2)} req/sale, machine ${fixed(t.cpu.machineBusy * 100)} % busy)`, `≥ ${TARGET.throughput}/s: ${mark(t.salesPerSecond >= TARGET.throughput)}`, ratio === null ? '—' : `${fixed(ratio * 100)} % (target ≥ 60 %: ${mark(ratio >= TARGET.ratio)})`]);
  }
  for (const c of r.latency ?? []) {
    const figure = c.skipped
      ? c.skipped
      : `p50 ${fixed(c.latency.p50)} / p95 ${fixed(c.latency.p95)} / p99 ${fixed(c.latency.p99)} ms${c.saturated ? ` — saturated: ${fixed(c.achievedRate, 1)}/s answered, p99 only of the answered` : ''}`;
    const target = c.simulatorLatencyMs === 0 && c.offeredRate === 100 && !c.skipped ? `p99 ≤ ${TARGET.p99At100} ms: ${mark(!c.saturated && c.latency.p99 <= TARGET.p99At100)}` : '';
    const lim = (r.limitAtLatency ?? []).find((l) => l.simulatorLatencyMs === c.simulatorLatencyMs) ?? (c.simulatorLatencyMs === 0 ? limit : undefined);
    rows.push([`3. Latency, ${c.offeredRate} sales/s offered, simulator ${c.simulatorLatencyMs} ms`, figure, target, lim ? `offered = ${fixed((c.offeredRate / lim.salesPerSecond) * 100)} % of the limit` : '—']);
  }
  if (r.realistic) {
    const x = r.realistic;
    const inFlight = x.inFlightAtLatency;
    rows.push([`3b. Realistic Vhsys latency: ${x.latencyMs} ms + up to ${x.jitterMs} ms jitter per call, ${x.accounts} accounts, 1 dispatcher`,
      `${fixed(x.atLatency.salesPerSecond, 1)} sales/s against ${fixed(x.atZero.salesPerSecond, 1)} at 0 ms in the same run; sales in flight in the dispatcher mean ${fixed(inFlight.mean)}, max ${fixed(inFlight.max)}`,
      `≥ ${TARGET.realisticRatio * 100} % of 0 ms: ${mark(x.ratio >= TARGET.realisticRatio)}; ≥ ${TARGET.realisticInFlight} in flight: ${mark(inFlight.mean >= TARGET.realisticInFlight)}`,
      `${fixed(x.ratio * 100)} %`]);
  }
  if (r.backlog) {
    const b = r.backlog;
    const ok = b.correctness.missing === 0 && b.correctness.duplicateResults === 0 && (b.correctness.vhsysDuplicates ?? 0) === 0;
    rows.push([`4. Backlog of ${b.sales} sales`, `drained in ${fixed(b.drainSeconds, 1)} s = ${fixed(b.salesPerSecond, 1)} sales/s; lost ${b.correctness.missing}, duplicate results ${b.correctness.duplicateResults}, duplicate Vhsys records ${b.correctness.vhsysDuplicates ?? 'n/a'}`, `zero losses and duplicates: ${mark(ok)}`, limit ? `${fixed((b.salesPerSecond / limit.salesPerSecond) * 100)} %` : '—']);
  }
  if (r.isolation) {
    const i = r.isolation;
    rows.push([`5. Isolation baseline: ${i.healthyAccounts + 1} accounts, ${i.rate} sales/s, no fault`, `healthy p99 ${fixed(i.baseline.latency.p99)} ms (p50 ${fixed(i.baseline.latency.p50)})`, '', '—']);
    for (const f of i.withFailure) {
      rows.push([`5. Isolation: 1 account failing (${f.kind})`, `healthy p99 ${fixed(f.healthy.latency.p99)} ms (p50 ${fixed(f.healthy.latency.p50)}) = ${fixed(f.ratioP99, 2)}× baseline`, `≤ ${TARGET.isolationRatio}×: ${mark(f.ratioP99 <= TARGET.isolationRatio && f.healthy.unanswered === 0)}`, '—']);
    }
  }
  if (r.flood) {
    const f = r.flood;
    rows.push([`5b. Flood baseline: ${f.otherAccounts} accounts, ${f.rate} sales/s, no flood`, `p99 ${fixed(f.baseline.latency.p99)} ms (p50 ${fixed(f.baseline.latency.p50)})`, '', '—']);
    for (const c of f.cells) {
      rows.push([`5b. Flood: 1 more account sending ${c.description} (its Vhsys ${f.floodLatencyMs} ms per call)`,
        `other accounts' p99 ${fixed(c.others.latency.p99)} ms (p50 ${fixed(c.others.latency.p50)}) = ${fixed(c.ratioP99, 2)}× baseline` +
        `${c.baseline && c.baseline !== f.baseline ? ` (its own, p99 ${fixed(c.baseline.latency.p99)} ms)` : ''}; flood answered in the window ${c.floodAnsweredInWindow}/${c.floodSales}`,
        `≤ ${TARGET.floodRatio}×: ${mark(c.ratioP99 <= TARGET.floodRatio && c.others.unanswered === 0)}`, '—']);
    }
    if (f.burstMedianRatio !== null && f.burstMedianRatio !== undefined) {
      const bursts = f.cells.filter((c) => c.kind === 'burst');
      rows.push([`5b. Flood: the median of ${bursts.length} bursts, each against the no-flood window just before it`,
        `${bursts.map((c) => fixed(c.ratioP99, 2)).join(', ')} → median ${fixed(f.burstMedianRatio, 2)}×`,
        `≤ ${TARGET.floodRatio}×: ${mark(f.burstMedianRatio <= TARGET.floodRatio)}`, '—']);
    }
  }
  const memoryRows: Array<[string, Record<string, { maxRssMiB: number; hwmMiB: number }>]> = [];
  if (r.throughput) memoryRows.push(['during 2', r.throughput.memory]);
  if (r.backlog) memoryRows.push(['during 4', r.backlog.memory]);
  for (const [when, mem] of memoryRows) {
    const figures = Object.entries(mem)
      .filter(([label]) => SERVICES.some((s) => label.startsWith(s)))
      .map(([label, m]) => `${label} ${fixed(m.hwmMiB)}`);
    const worst = Math.max(0, ...Object.entries(mem).filter(([label]) => label !== 'vhsys-simulator' && SERVICES.some((s) => label.startsWith(s))).map(([, m]) => m.hwmMiB));
    rows.push([`6. Peak RSS (VmHWM, MiB) ${when}`, figures.join(', '), `each service < ${TARGET.rssMiB} MB: ${mark(worst * 1.048576 < TARGET.rssMiB)}`, '—']);
  }
  if (r.scaling) {
    const s = r.scaling;
    rows.push(['7. Scaling: 1 instance of mapping-service and invoice-dispatcher', `${fixed(s.one.salesPerSecond, 1)} sales/s`, '', limit ? `${fixed((s.one.salesPerSecond / limit.salesPerSecond) * 100)} %` : '—']);
    rows.push(['7. Scaling: 2 instances of each', `${fixed(s.two.salesPerSecond, 1)} sales/s (${fixed((s.two.salesPerSecond / Math.max(0.001, s.one.salesPerSecond)) * 100)} % of 1 instance)`, '', limit ? `${fixed((s.two.salesPerSecond / limit.salesPerSecond) * 100)} %` : '—']);
  }
  return markdownTable(['what', 'figure', 'target', 'ratio to the limit'], rows);
}

function header(r: BenchReport, options: BenchOptions): string {
  return [
    `Run \`${r.runId}\`${r.smoke ? ' (SMOKE: correctness only, figures meaningless)' : ''}: ${r.startedAt} → ${r.finishedAt}.`,
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${fixed(r.machine.memoryGiB, 1)} GiB, Linux ${r.machine.kernel}, Node ${r.machine.node}. ` +
      `Load average (1/5/15 min) at start ${r.machine.loadAtStart}, at end ${r.machine.loadAtEnd}.`,
    `Command: \`${r.smoke ? 'BENCH_SMOKE=1 ' : ''}npm run bench\`; ${r.settings.accounts} accounts per scenario, set up through ${r.settings.setup === 'http' ? 'config-service\'s HTTP API' : 'snapshots on the config topic + STATIC_CREDENTIALS'}, ` +
      `${r.settings.windowSeconds} s windows, ${r.settings.kafka}.${r.settings.note ? ` Note: ${r.settings.note}` : ''}`,
    options.scenarios.length < 6 ? `Scenarios run: ${options.scenarios.join(', ')}.` : '',
  ].filter(Boolean).join('\n');
}

function details(r: BenchReport): string {
  const out: string[] = [];
  if (r.limit || r.limitAtLatency) {
    out.push('### 1. Limit\n', markdownTable(
      ['simulator ms', 'sales in flight', 'sales/s', 'req/sale', 'p50 ms', 'p99 ms', 'errors', 'client CPU µs/sale'],
      [...(r.limit ?? []), ...(r.limitAtLatency ?? [])].map((l) => [l.simulatorLatencyMs, l.concurrency, fixed(l.salesPerSecond, 1), fixed(l.requestsPerSale, 2), fixed(l.p50Ms, 1), fixed(l.p99Ms, 1), l.errors, fixed(l.clientCpuMicrosPerSale)]),
    ));
  }
  const tp = (label: string, t: ThroughputResult) => {
    out.push(`\n### ${label}\n`);
    out.push(`${t.completedInWindow} sales answered in ${fixed(t.seconds, 1)} s with ${t.inFlight} in flight → **${fixed(t.salesPerSecond, 1)} sales/s**; ` +
      `${t.produced} produced, correctness ${JSON.stringify(t.correctness)}; end-to-end latency under this saturation p50 ${t.latency.p50} ms, p99 ${t.latency.p99} ms; ` +
      `machine ${fixed(t.cpu.machineBusy * 100)} % busy; load ${t.loadBefore} → ${t.loadAfter}.\n`);
    out.push(markdownTable(['process', 'CPU ms per sale', 'CPU cores used', 'peak RSS (VmHWM) MiB', 'max sampled RSS MiB'],
      Object.entries(t.cpuMsPerSale).map(([k, v]) => [k, fixed(v, 2), fixed((v * t.completedInWindow) / 1000 / t.seconds, 2), t.memory[k] ? fixed(t.memory[k]!.hwmMiB) : '—', t.memory[k] ? fixed(t.memory[k]!.maxRssMiB) : '—'])));
    if (t.dbPerSale) out.push(`\nPostgreSQL per sale (all services): ${Object.entries(t.dbPerSale).map(([k, v]) => `${k} ${fixed(v, 1)}`).join(', ')}.`);
    if (t.spanSummary) out.push(`\nWhere the time goes (spans, BENCH_TRACE=1):\n\n${t.spanSummary}\n`);
    out.push(`\nVhsys requests per sale ${fixed(t.requestsPerSale ?? 0, 2)}: ${Object.entries(t.requestsByRoute).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fixed(v / Math.max(1, t.produced), 2)}`).join(', ')}\n`);
  };
  if (r.throughput) tp('2. End to end (and 6. memory)', r.throughput);
  if (r.latency) {
    out.push('\n### 3. Latency (Guru event `receivedAt` → result read back from vhsys.dispatch-results.v1)\n');
    out.push(markdownTable(
      ['simulator ms', 'offered/s', 'answered/s in window', 'sales', 'p50', 'p95', 'p99', 'max', 'p99 to result occurredAt', 'notes'],
      r.latency.map((c) => [c.simulatorLatencyMs, c.offeredRate, c.skipped ? '—' : fixed(c.achievedRate, 1), c.produced, fixed(c.latency.p50), fixed(c.latency.p95), fixed(c.latency.p99), fixed(c.latency.max), fixed(c.latency.occurredP99),
        c.skipped ?? (c.saturated ? `saturated; ${c.unanswered} unanswered at the end` : `load ${c.loadBefore}`)]),
    ));
  }
  if (r.realistic) {
    const x = r.realistic;
    tp(`3b. Realistic latency: simulator 0 ms (same stack, ${x.accounts} accounts)`, x.atZero);
    tp(`3b. Realistic latency: simulator ${x.latencyMs} + [0, ${x.jitterMs}) ms per call`, x.atLatency);
    out.push(`\nSales being reconciled by the dispatcher (\`dispatcher_sales_reconciling\`, sampled every 0.5 s in the window): ` +
      `at 0 ms mean ${fixed(x.inFlightAtZero.mean)} / max ${fixed(x.inFlightAtZero.max)}; at ${x.latencyMs}+${x.jitterMs} ms mean ${fixed(x.inFlightAtLatency.mean)} / max ${fixed(x.inFlightAtLatency.max)}, ` +
      `${fixed(x.inFlightAtLatency.atLeast200 * 100)} % of samples at 200 or more. Throughput ratio ${fixed(x.ratio * 100)} %.\n`);
  }
  for (const c of r.latency ?? []) {
    if (c.spanSummary) out.push(`\nWhere the time goes at ${c.offeredRate}/s, simulator ${c.simulatorLatencyMs} ms (spans, BENCH_TRACE=1):\n\n${c.spanSummary}\n`);
  }
  if (r.isolation) {
    const i = r.isolation;
    out.push(`\n### 5. Isolation (${i.rate} sales/s over ${i.healthyAccounts} healthy accounts + 1 failing)\n`);
    out.push(markdownTable(['run', 'healthy sales', 'p50', 'p95', 'p99', 'p99 ÷ baseline', 'unanswered healthy', 'failing account results'], [
      ['no fault', i.baseline.produced, fixed(i.baseline.latency.p50), fixed(i.baseline.latency.p95), fixed(i.baseline.latency.p99), '1.00', i.baseline.unanswered, '—'],
      ...i.withFailure.map((f) => [f.kind, f.healthy.produced, fixed(f.healthy.latency.p50), fixed(f.healthy.latency.p95), fixed(f.healthy.latency.p99), fixed(f.ratioP99, 2), f.healthy.unanswered, JSON.stringify(f.failingOutcomes)]),
    ]));
  }
  if (r.flood) {
    const f = r.flood;
    out.push(`\n### 5b. Flood (${f.rate} sales/s over ${f.otherAccounts} other accounts; the flooding account's Vhsys ${f.floodLatencyMs} ms per call while it floods)\n`);
    out.push(markdownTable(['run', 'other accounts\' sales', 'p50', 'p95', 'p99', 'p99 ÷ baseline', 'unanswered', 'flood answered in the window', 'flood drained after', 'flood correctness'], [
      ['no flood', f.baseline.produced, fixed(f.baseline.latency.p50), fixed(f.baseline.latency.p95), fixed(f.baseline.latency.p99), '1.00', f.baseline.unanswered, '—', '—', '—'],
      ...f.cells.map((c) => [c.description, c.others.produced, fixed(c.others.latency.p50), fixed(c.others.latency.p95), fixed(c.others.latency.p99), fixed(c.ratioP99, 2),
        c.others.unanswered, `${c.floodAnsweredInWindow}/${c.floodSales}`, `${fixed(c.floodDrainSeconds)} s`, JSON.stringify(c.floodCorrectness)]),
    ]));
    if (f.baselineCpu) {
      const windows = [{ name: 'no flood', cpu: f.baselineCpu }, ...f.cells.map((c) => ({ name: c.description, cpu: c.cpu }))];
      const labels = [...new Set(windows.flatMap((w) => Object.keys(w.cpu.perProcess)))];
      out.push('\nCPU seconds over each window (from /proc; the flood\'s drain after the window is not in it):\n');
      out.push(markdownTable(['window', ...labels, 'postgresql', 'machine busy', 'seconds'], windows.map((w) => [
        w.name, ...labels.map((l) => (w.cpu.perProcess[l] === undefined ? '—' : fixed(w.cpu.perProcess[l]!, 1))), fixed(w.cpu.postgresSeconds, 1), `${fixed(w.cpu.machineBusy * 100)} %`, fixed(w.cpu.seconds),
      ])));
    }
    if (f.baselineSlowest) {
      out.push('\nThe other accounts\' six slowest sales of each window, in ms from their Guru event: when the dispatcher wrote its ledger row, when its first and last Vhsys step ended, when its result was decided, and the total (received):\n');
      const windows = [{ name: 'no flood', slowest: f.baselineSlowest }, ...f.cells.map((c) => ({ name: c.description, slowest: c.slowest }))];
      out.push(markdownTable(['window', 'sent at (s into the window)', 'recorded', 'first step', 'last step', 'decided', 'total'], windows.flatMap((w) => w.slowest.map((s, i) => [
        i === 0 ? w.name : '', s.sentAtS, s.recorded ?? '?', s.firstStep ?? '?', s.lastStep ?? '?', s.occurred, s.total,
      ]))));
    }
    if (f.baselineTimeline) {
      out.push(`\nThe first ${TIMELINE_SECONDS} seconds of each window, then the rest summed (event loop: the longest delay; messages: finished by the dispatcher's consumers; hand-offs; messages fair intake held back, and those that waited for their account's room; sales reconciling at the end of the second):\n`);
      const windows = [{ name: 'no flood', timeline: f.baselineTimeline }, ...f.cells.map((c) => ({ name: c.description, timeline: c.timeline }))];
      out.push(markdownTable(['window', 's', `loop max ms: ${Object.keys(f.baselineTimeline[0]?.loopMaxMs ?? {}).join(' / ')}`, 'main', 'retry', 'hand-offs', 'paced', 'waited for room', 'reconciling'],
        windows.flatMap((w) => timelineRows(w.timeline).map((row, i) => [i === 0 ? w.name : '', ...row]))));
    }
  }
  if (r.backlog) {
    const b = r.backlog;
    out.push(`\n### 4. Backlog (and 6. memory)\n`);
    out.push(`${b.sales} sales produced in ${fixed(b.produceSeconds, 1)} s while mapping-service and invoice-dispatcher were stopped; drained ${fixed(b.drainSeconds, 1)} s after their restart ` +
      `(first to last result ${fixed(b.firstToLastSeconds, 1)} s) → **${fixed(b.salesPerSecond, 1)} sales/s**. Correctness ${JSON.stringify(b.correctness)}. Machine ${fixed(b.machineBusy * 100)} % busy; load ${b.loadBefore} → ${b.loadAfter}.\n`);
    if (b.dbPerSale) out.push(`PostgreSQL per sale (all services): ${Object.entries(b.dbPerSale).map(([k, v]) => `${k} ${fixed(v, 1)}`).join(', ')}.\n`);
    out.push(markdownTable(['process', 'CPU ms per sale', 'peak RSS (VmHWM) MiB', 'max sampled RSS MiB'],
      Object.entries(b.cpuMsPerSale).map(([k, v]) => [k, fixed(v, 2), b.memory[k] ? fixed(b.memory[k]!.hwmMiB) : '—', b.memory[k] ? fixed(b.memory[k]!.maxRssMiB) : '—'])));
  }
  if (r.scaling) {
    tp('7. Scaling: 1 instance each', r.scaling.one);
    tp('7. Scaling: 2 instances of mapping-service and invoice-dispatcher', r.scaling.two);
  }
  if (r.failures.length > 0) out.push(`\n### Failed checks\n\n${r.failures.map((f) => `- ${f}`).join('\n')}\n`);
  return out.join('\n');
}

/** The timeline's first seconds are where a burst's tail is; the rest of the window is one row. */
const TIMELINE_SECONDS = 8;

function timelineRows(timeline: TimelineSecond[]): (string | number)[][] {
  // The services in the order the timeline scraped them (flood.ts names them).
  const services = Object.keys(timeline[0]?.loopMaxMs ?? {});
  const loops = (s: TimelineSecond[]) => services
    .map((l) => { const v = s.map((x) => x.loopMaxMs[l]).filter((x): x is number => x !== null && x !== undefined); return v.length ? Math.max(...v) : '?'; })
    .join(' / ');
  const sum = (s: TimelineSecond[], k: 'mainMessages' | 'retryMessages' | 'handoffs' | 'paced' | 'waitedForRoom') => s.reduce((n, x) => n + (x[k] ?? 0), 0);
  const head = timeline.slice(0, TIMELINE_SECONDS).map((x) => [x.atS, loops([x]), x.mainMessages, x.retryMessages, x.handoffs, x.paced, x.waitedForRoom ?? 0, x.reconciling ?? '?']);
  const rest = timeline.slice(TIMELINE_SECONDS);
  if (rest.length === 0) return head;
  return [...head, [`${rest[0]!.atS}–${rest[rest.length - 1]!.atS}`, loops(rest), sum(rest, 'mainMessages'), sum(rest, 'retryMessages'), sum(rest, 'handoffs'), sum(rest, 'paced'), sum(rest, 'waitedForRoom'),
    `max ${Math.max(...rest.map((x) => x.reconciling ?? 0))}`]];
}

export async function writeReport(r: BenchReport, options: BenchOptions): Promise<string[]> {
  const dir = path.resolve(ROOT, options.outDir);
  mkdirSync(dir, { recursive: true });
  const stamp = r.startedAt.replace(/[:]/g, '').replace(/\..*$/, 'Z');
  const base = path.join(dir, `${stamp}${r.smoke ? '-smoke' : ''}-${r.runId}`);
  const table = summaryTable(r);
  const markdown = `# End-to-end benchmark ${r.smoke ? '(smoke) ' : ''}${r.startedAt}\n\n${header(r, options)}\n\n## Summary\n\n${table}\n\n## Details\n\n${details(r)}\n`;
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(`${base}.json`, `${JSON.stringify(r, null, 2)}\n`);
  const files = [path.relative(ROOT, `${base}.md`), path.relative(ROOT, `${base}.json`)];
  if (options.updateDocs) {
    const doc = path.join(ROOT, 'docs/performance.md');
    const start = '<!-- bench:summary:start -->';
    const end = '<!-- bench:summary:end -->';
    if (existsSync(doc)) {
      const text = readFileSync(doc, 'utf8');
      const a = text.indexOf(start);
      const b = text.indexOf(end);
      if (a !== -1 && b > a) {
        const block = `${start}\n${header(r, options)}\n\n${table}\n\nFull report: \`${files[0]}\`.\n${end}`;
        writeFileSync(doc, text.slice(0, a) + block + text.slice(b + end.length));
        files.push('docs/performance.md');
      }
    }
  }
  process.stdout.write(`\n${table}\n\n`);
  return files;
}
