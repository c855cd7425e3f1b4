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

let exporter: PrometheusExporter | null = null;

export function startMetrics(serviceName: string): void {
  if (exporter) return;
  exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    readers: [exporter],
  });
  metrics.setGlobalMeterProvider(provider);
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
