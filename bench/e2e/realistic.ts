import { setSimulatorFaults } from './accounts';
import type { RunContext, Session, ThroughputResult } from './scenarios';
import { runThroughput } from './scenarios';

/** `dispatcher_sales_reconciling` of one dispatcher, sampled through the window. */
export interface InFlightSamples {
  samples: number;
  mean: number;
  max: number;
  /** Share of the samples at or above 200 sales in flight. */
  atLeast200: number;
}

export interface RealisticResult {
  accounts: number;
  latencyMs: number;
  jitterMs: number;
  /** The same stack and accounts with the simulator answering at once. */
  atZero: ThroughputResult;
  atLatency: ThroughputResult;
  inFlightAtZero: InFlightSamples;
  inFlightAtLatency: InFlightSamples;
  /** atLatency / atZero sales per second (target ≥ 0.8). */
  ratio: number;
}

/**
 * Throughput at a realistic Vhsys latency against the same stack at 0 ms, in one run: the closed
 * loop of the throughput scenario twice, first with the simulator answering at once, then with
 * every call taking latencyMs + uniform[0, jitterMs). Real Vhsys answers in that range, and a sale
 * makes about ten calls one after another, so only many sales in flight per instance keep the
 * throughput: the dispatcher's `dispatcher_sales_reconciling` gauge is sampled to show how many.
 */
export async function runRealistic(ctx: RunContext, session: Session): Promise<RealisticResult> {
  const { latencyMs, jitterMs } = ctx.options.realistic;
  const metricsUrl = `${session.bs.stack.dispatcherUrl}/metrics`;
  await setSimulatorFaults(session.bs.admin, session.accounts, {});
  const zero = await sampled(metricsUrl, () => runThroughput(ctx, session, 'realistic, simulator 0 ms'));
  await setSimulatorFaults(session.bs.admin, session.accounts, { latencyMs, jitterMs });
  const slow = await sampled(metricsUrl, () => runThroughput(ctx, session, `realistic, simulator ${latencyMs}+${jitterMs} ms`));
  await setSimulatorFaults(session.bs.admin, session.accounts, {});
  const ratio = slow.result.salesPerSecond / Math.max(1e-9, zero.result.salesPerSecond);
  ctx.log(`realistic: ${slow.result.salesPerSecond.toFixed(1)} sales/s at ${latencyMs}+${jitterMs} ms against ${zero.result.salesPerSecond.toFixed(1)} at 0 ms ` +
    `(${(ratio * 100).toFixed(0)} %); sales in flight in the dispatcher: mean ${slow.inFlight.mean.toFixed(0)}, max ${slow.inFlight.max}`);
  return {
    accounts: session.accounts.length,
    latencyMs,
    jitterMs,
    atZero: zero.result,
    atLatency: slow.result,
    inFlightAtZero: zero.inFlight,
    inFlightAtLatency: slow.inFlight,
    ratio,
  };
}

/** Runs `work` while sampling the gauge every 500 ms (the samples of its second half: the window). */
async function sampled<T>(metricsUrl: string, work: () => Promise<T>): Promise<{ result: T; inFlight: InFlightSamples }> {
  const values: number[] = [];
  let running = true;
  const sampler = (async () => {
    while (running) {
      const value = await reconciling(metricsUrl).catch(() => null);
      if (value !== null) values.push(value);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  try {
    const result = await work();
    return { result, inFlight: summarize(values.slice(Math.floor(values.length / 4))) };
  } finally {
    running = false;
    await sampler;
  }
}

async function reconciling(metricsUrl: string): Promise<number | null> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) });
  const text = await response.text();
  const line = /^dispatcher_sales_reconciling(?:\{[^}]*\})?\s+([0-9.eE+-]+)/m.exec(text);
  return line ? Number(line[1]) : null;
}

function summarize(values: number[]): InFlightSamples {
  if (values.length === 0) return { samples: 0, mean: 0, max: 0, atLeast200: 0 };
  return {
    samples: values.length,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    max: Math.max(...values),
    atLeast200: values.filter((v) => v >= 200).length / values.length,
  };
}
