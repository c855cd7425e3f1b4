import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
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

/**
 * The instrumentations NodeSDK registers patch a real process (jest's module system would bypass
 * their require hooks, hence a child process): incoming /health and /metrics make no span, an
 * outgoing call is named by its path template, and the redactor has run on both kinds of span.
 */
describe('instrumentations in a process started like a service', () => {
  type ExportedSpan = { name: string; kind: SpanKind; attributes: Record<string, unknown> };
  let spans: ExportedSpan[];

  beforeAll(async () => {
    const root = path.resolve(__dirname, '../../..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', './tools/scripts/register.js', 'libs/telemetry/test/instrumented-process.ts'],
      { cwd: root, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' }, timeout: 110000 },
    );
    spans = JSON.parse(stdout.trim().split('\n').pop()!) as ExportedSpan[];
  }, 120000);

  it('makes server spans only for paths other than /health and /metrics, client spans named by template', () => {
    const byKindAndName = spans.map((s) => `${SpanKind[s.kind]} ${s.name}`).sort();
    expect(byKindAndName).toEqual([
      'CLIENT GET /health/ready',
      'CLIENT GET /metrics',
      'CLIENT GET /v2/pedidos/{id}/parcelas',
      'SERVER GET',
    ]);
  });

  it('redacts the secret query parameter on the server and the client span', () => {
    const server = spans.find((s) => s.kind === SpanKind.SERVER)!;
    expect([server.attributes['url.path'], server.attributes['url.query']]).toEqual(['/v2/pedidos/15579150/parcelas', 'access_token=[redacted]']);
    const client = spans.find((s) => s.name === 'GET /v2/pedidos/{id}/parcelas')!;
    const port = client.attributes['server.port'] as number;
    expect([client.attributes['url.template'], client.attributes['url.full'], client.attributes['url.query']]).toEqual([
      '/v2/pedidos/{id}/parcelas',
      `http://127.0.0.1:${port}/v2/pedidos/15579150/parcelas?access_token=%5Bredacted%5D`,
      '?access_token=%5Bredacted%5D',
    ]);
  });
});
