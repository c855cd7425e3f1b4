/**
 * OpenTelemetry tracing on the SDK's `NodeSDK`, started by each service's main.ts BEFORE NestJS,
 * kafkajs, pg or undici are required, so their instrumentations can patch them. Context travels in
 * W3C `traceparent` (Kafka headers, HTTP, gRPC metadata). Exports OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; tests pass `inMemory: true` and read the spans back.
 * Metrics stay in ./metrics (startMetrics): they are started on their own, also without tracing.
 */
import { context, propagation, trace, Span, SpanKind, SpanStatusCode, Attributes } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { RedactingSpanProcessor } from './redaction';

export interface TelemetryOptions {
  serviceName: string;
  /** Base OTLP/HTTP endpoint (e.g. http://127.0.0.1:4318); defaults to OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlpEndpoint?: string;
  /** Keep finished spans in memory (tests). */
  inMemory?: boolean;
}

export interface TelemetryHandle {
  serviceName: string;
  memoryExporter: InMemorySpanExporter | null;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let current: TelemetryHandle | null = null;

/** Paths that carry no sale and would flood traces (health and metrics probes). */
const IGNORED_INCOMING_PATHS = ['/health', '/metrics'];

export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (current) return current;
  const endpoint = options.otlpEndpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // First: secret-named attributes are dropped before any exporter sees the span.
  const processors: SpanProcessor[] = [new RedactingSpanProcessor()];
  const memoryExporter = options.inMemory ? new InMemorySpanExporter() : null;
  if (memoryExporter) processors.push(new SimpleSpanProcessor(memoryExporter));
  if (endpoint) {
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 500,
        maxExportBatchSize: 512,
        maxQueueSize: 8192,
      }),
    );
  }
  const sdk = new NodeSDK({
    // Only the service name, as before: no env/process/host detectors (the host detector reads
    // machine files at start-up, and OTEL_RESOURCE_ATTRIBUTES is not part of our configuration).
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    autoDetectResources: false,
    // Given explicitly so OTEL_TRACES_EXPORTER is not read: the redactor first, then our exporters.
    spanProcessors: processors,
    // W3C trace context and baggage only, whatever OTEL_PROPAGATORS says (Kafka headers, outbox
    // rows and gRPC metadata carry `traceparent`; other formats would not be read back).
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    // No readers: without them NodeSDK would default to an OTLP metric exporter
    // (OTEL_METRICS_EXPORTER) and register a second global MeterProvider; metrics are startMetrics'.
    metricReaders: [],
    // No processors: without them NodeSDK would default to an OTLP log exporter (OTEL_LOGS_EXPORTER);
    // logs go to stdout through pino (./logger).
    logRecordProcessors: [],
    // Exactly these instrumentations (no auto-instrumentations package).
    instrumentations: [
      new KafkaJsInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => IGNORED_INCOMING_PATHS.some((p) => (req.url ?? '').startsWith(p)),
      }),
      new UndiciInstrumentation({
        // Outgoing calls (Vhsys): name and group spans by method and path template, never by ids.
        requestHook: (span, request) => {
          const template = pathTemplateOf(request.path);
          span.setAttribute('url.template', template);
          span.updateName(`${request.method} ${template}`);
        },
      }),
      new GrpcInstrumentation(),
    ],
  });
  sdk.start();
  current = {
    serviceName: options.serviceName,
    memoryExporter,
    // NodeSDK has no forceFlush; flushing every processor is what the tracer provider's does.
    flush: async () => {
      await Promise.all(processors.map((processor) => processor.forceFlush()));
    },
    shutdown: async () => {
      await sdk.shutdown();
      current = null;
    },
  };
  return current;
}

/**
 * A path with its identifiers replaced: `/v2/pedidos/15579150/parcelas?x=1` → `/v2/pedidos/{id}/parcelas`.
 * Numeric segments, UUIDs and long hex or token-like segments become `{id}`; the query is dropped.
 */
export function pathTemplateOf(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  return bare
    .split('/')
    .map((segment) =>
      /^\d+$/.test(segment) ||
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ||
      /^[0-9a-f]{16,}$/i.test(segment) ||
      (segment.length >= 24 && /\d/.test(segment) && /^[A-Za-z0-9_-]+$/.test(segment))
        ? '{id}'
        : segment,
    )
    .join('/');
}

export function telemetry(): TelemetryHandle | null {
  return current;
}

/** Attributes that identify a sale on every span that works on one. Never put a secret here. */
export interface SaleAttributes {
  accountId?: string;
  guruTransactionId?: string;
  revision?: number;
}

export function saleAttributes(sale: SaleAttributes): Attributes {
  const attrs: Attributes = {};
  if (sale.accountId) attrs['guru.account_id'] = sale.accountId;
  if (sale.guruTransactionId) attrs['guru.transaction_id'] = sale.guruTransactionId;
  if (sale.revision !== undefined) attrs['guru.sale_revision'] = sale.revision;
  return attrs;
}

export function annotateActiveSpan(sale: SaleAttributes): void {
  trace.getActiveSpan()?.setAttributes(saleAttributes(sale));
}

const tracer = () => trace.getTracer('guru-vhsys');

/** Runs `work` in a named span (a step of the product), recording failures. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active trace context as a W3C carrier (stored with outbox rows and retry messages). */
export function currentTraceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `work` as a continuation of the trace in `carrier` (an outbox row, a retried message). */
export function withTraceCarrier<T>(carrier: Record<string, string> | null | undefined, work: () => T): T {
  if (!carrier || Object.keys(carrier).length === 0) return work();
  return context.with(propagation.extract(context.active(), carrier), work);
}
