import { metrics, SpanKind } from '@opentelemetry/api';
import { currentTraceCarrier, inSpan, startTelemetry, telemetry, TelemetryHandle } from './tracing';

/**
 * startTelemetry on NodeSDK: the SDK is configured explicitly, so OTEL_* variables that would make
 * NodeSDK add propagators, resource attributes, exporters or a second MeterProvider change nothing,
 * and the redactor still runs before the exporter sees a span.
 */
describe('startTelemetry (NodeSDK)', () => {
  const saved = { ...process.env };
  let handle: TelemetryHandle;

  beforeAll(() => {
    // What an operator's environment could hold; none of it is part of our configuration.
    process.env.OTEL_PROPAGATORS = 'b3';
    process.env.OTEL_TRACES_EXPORTER = 'console';
    process.env.OTEL_METRICS_EXPORTER = 'console';
    process.env.OTEL_LOGS_EXPORTER = 'console';
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=elsewhere';
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_SDK_DISABLED;
    handle = startTelemetry({ serviceName: 'tracing-unit', inMemory: true });
  });

  afterAll(async () => {
    await handle.shutdown();
    process.env = saved;
  });

  it('is a single handle per process', () => {
    expect(startTelemetry({ serviceName: 'other', inMemory: true })).toBe(handle);
    expect(telemetry()).toBe(handle);
    expect(handle.serviceName).toBe('tracing-unit');
  });

  it('redacts secrets before the exporter sees the span and keeps only the service name as resource', async () => {
    const console = jest.spyOn(globalThis.console, 'dir');
    const memory = handle.memoryExporter!;
    memory.reset();
    await inSpan(
      'dispatcher.sale_order',
      {
        'guru.account_id': 'acct-1',
        access_token: 'abc123',
        'url.full': 'http://127.0.0.1:18080/v2/pedidos?access_token=abc123&limit=1',
        'error.message': 'refused: Bearer abcdef123456',
      },
      async () => undefined,
      SpanKind.INTERNAL,
    );
    await handle.flush();
    const spans = memory.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['dispatcher.sale_order']);
    expect(spans[0]!.attributes).toEqual({
      'guru.account_id': 'acct-1',
      'url.full': 'http://127.0.0.1:18080/v2/pedidos?access_token=%5Bredacted%5D&limit=1',
      'error.message': 'refused: Bearer [redacted]',
    });
    expect(spans[0]!.resource.attributes).toEqual({ 'service.name': 'tracing-unit' });
    // OTEL_TRACES_EXPORTER=console added no console exporter.
    expect(console).not.toHaveBeenCalled();
    console.mockRestore();
  });

  it('propagates W3C trace context only', async () => {
    const memory = handle.memoryExporter!;
    memory.reset();
    const carrier = await inSpan('outbox.write', {}, async () => currentTraceCarrier());
    const [span] = memory.getFinishedSpans();
    expect(carrier).toEqual({ traceparent: `00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01` });
  });

  it('registers no MeterProvider (metrics belong to startMetrics)', () => {
    expect(metrics.getMeterProvider().constructor.name).toBe('NoopMeterProvider');
  });
});
