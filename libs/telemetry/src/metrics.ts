/**
 * Metrics through OpenTelemetry, served in Prometheus text format at each service's /metrics.
 * The exporter does not open its own port: the service's HTTP server calls `renderMetrics`.
 */
import { metrics, Meter } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { IncomingMessage, ServerResponse } from 'http';
import { monitorEventLoopDelay } from 'perf_hooks';

let exporter: PrometheusExporter | null = null;

export function startMetrics(serviceName: string): void {
  if (exporter) return;
  exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    readers: [exporter],
  });
  metrics.setGlobalMeterProvider(provider);
  observeEventLoopDelay();
}

/**
 * How late the event loop ran its callbacks since the previous scrape (max and p99, seconds): the
 * first thing to look at when a service's latency rises with its CPU. Each scrape reads and resets
 * the histogram, so the figures cover the interval between two scrapes (with one scraper).
 */
function observeEventLoopDelay(): void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const m = meter();
  const max = m.createObservableGauge('nodejs_eventloop_delay_max_seconds', {
    description: 'Longest event loop delay since the previous scrape (10 ms resolution)',
    unit: 's',
  });
  const p99 = m.createObservableGauge('nodejs_eventloop_delay_p99_seconds', {
    description: '99th percentile of the event loop delay since the previous scrape (10 ms resolution)',
    unit: 's',
  });
  m.addBatchObservableCallback((result) => {
    // No sample yet (the first 10 ms): nothing observed rather than the histogram's sentinel values.
    if (histogram.count > 0) {
      result.observe(max, histogram.max / 1e9);
      result.observe(p99, histogram.percentile(99) / 1e9);
    }
    histogram.reset();
  }, [max, p99]);
}

export function meter(): Meter {
  return metrics.getMeter('guru-vhsys');
}

/** Writes the Prometheus exposition to an HTTP response (Express or plain Node). */
export function renderMetrics(req: IncomingMessage, res: ServerResponse): void {
  if (!exporter) {
    res.statusCode = 503;
    res.end('metrics not started');
    return;
  }
  exporter.getMetricsRequestHandler(req, res);
}

/** The current metrics in Prometheus text format (what /metrics answers), or null before startMetrics. */
export async function metricsText(): Promise<string | null> {
  if (!exporter) return null;
  const { resourceMetrics } = await exporter.collect();
  return new PrometheusSerializer().serialize(resourceMetrics);
}
