import { metricsText, startMetrics } from './metrics';
import { findSamples, parsePrometheusText } from './prometheus-text';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* the event loop is blocked on purpose */ }
}

const tick = () => new Promise((r) => setTimeout(r, 30));

async function delay(): Promise<{ max: number; p99: number }> {
  const samples = parsePrometheusText((await metricsText())!);
  const value = (name: string) => findSamples(samples, name)[0]?.value ?? Number.NaN;
  return { max: value('nodejs_eventloop_delay_max_seconds'), p99: value('nodejs_eventloop_delay_p99_seconds') };
}

describe('event loop delay metrics', () => {
  beforeAll(() => startMetrics('metrics-unit-test'));

  it('reports a blocked loop at the next scrape, and each scrape covers only the time since the previous one', async () => {
    await tick();
    await delay(); // starts the interval afresh
    await tick();
    blockFor(300);
    await tick();
    const blocked = await delay();
    expect(blocked.max).toBeGreaterThanOrEqual(0.29);
    expect(blocked.max).toBeLessThan(5);
    expect(blocked.p99).toBeGreaterThan(0);
    expect(blocked.p99).toBeLessThanOrEqual(blocked.max);

    // Reset by that scrape: the next interval had no such stall.
    await tick();
    await tick();
    const calm = await delay();
    expect(calm.max).toBeLessThan(0.29);
  });
});
