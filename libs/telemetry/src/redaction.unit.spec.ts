import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { isSecretKey, RedactingSpanProcessor, redactSecrets, scrubSecretsInText, scrubUrlQuery } from './redaction';
import { pathTemplateOf } from './tracing';
import { findSamples, parsePrometheusText, sampleValue } from './prometheus-text';

const SECRET = 'tok_9d8c7b6a5f4e3d2c1b0a';

describe('isSecretKey', () => {
  it.each([
    'accessToken', 'secretAccessToken', 'access-token', 'secret-access-token', 'access_token', 'authorization',
    'Authorization', 'password', 'token', 'tokens', 'apiToken', 'encryptionKey', 'CONFIG_ENCRYPTION_KEYS',
    'ADMIN_API_TOKENS', 'internalToken', 'http.request.header.access-token', 'rpc.grpc.request.metadata.authorization',
    'clientSecret', 'cookie',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each([
    'accountId', 'guru.account_id', 'guru.transaction_id', 'credentialsVersion', 'tokenVersion', 'http.response.status_code',
    'url.template', 'messaging.kafka.message.key', 'reason', 'traceparent',
  ])('%s is not secret', (key) => expect(isSecretKey(key)).toBe(false));
});

describe('scrubSecretsInText / scrubUrlQuery', () => {
  it.each([
    `Authorization: Bearer ${SECRET}`,
    `access-token: ${SECRET}`,
    `secret-access-token=${SECRET}`,
    `{"accessToken":"${SECRET}"}`,
    `'password': '${SECRET}'`,
  ])('removes the secret from %s', (text) => {
    const out = scrubSecretsInText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Vhsys refused the token pair for account acc-1 (3 tokens checked)';
    expect(scrubSecretsInText(text)).toBe(text);
  });

  it('censors secret-named query parameters only', () => {
    expect(scrubUrlQuery(`http://h/v2/pedidos?access_token=${SECRET}&limit=10`)).toBe('http://h/v2/pedidos?access_token=%5Bredacted%5D&limit=10');
  });

  it('redactSecrets returns the same object when nothing needs redaction', () => {
    const value = { a: 1, b: { c: 'x' } };
    expect(redactSecrets(value)).toBe(value);
  });
});

describe('RedactingSpanProcessor', () => {
  it('drops secret-named attributes and scrubs values before the exporter sees the span', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new RedactingSpanProcessor(), new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('test');
    const span = tracer.startSpan('POST /v2/pedidos', {
      attributes: {
        'guru.account_id': 'acc-1',
        'guru.transaction_id': 'tx-1',
        'guru.sale_revision': 3,
        'http.request.header.access-token': [SECRET],
        'http.request.header.secret-access-token': [SECRET],
        'rpc.grpc.request.metadata.authorization': `Bearer ${SECRET}`,
        'url.full': `http://vhsys/v2/pedidos?access_token=${SECRET}&limit=1`,
        note: `retrying with Bearer ${SECRET}`,
      },
    });
    span.addEvent('exception', { 'exception.message': `401 for access-token: ${SECRET}`, token: SECRET });
    span.end();
    await provider.forceFlush();
    const [finished] = exporter.getFinishedSpans();
    expect(JSON.stringify({ attributes: finished.attributes, events: finished.events })).not.toContain(SECRET);
    expect(finished.attributes['guru.account_id']).toBe('acc-1');
    expect(finished.attributes['guru.sale_revision']).toBe(3);
    expect(finished.attributes['http.request.header.access-token']).toBeUndefined();
    expect(finished.attributes['url.full']).toContain('limit=1');
    expect(finished.events[0].attributes?.token).toBeUndefined();
    await provider.shutdown();
    trace.disable();
  });
});

describe('pathTemplateOf', () => {
  it.each([
    ['/v2/pedidos/15579150/parcelas', '/v2/pedidos/{id}/parcelas'],
    ['/v2/pedidos?limit=1&access_token=x', '/v2/pedidos'],
    ['/v2/clientes/42', '/v2/clientes/{id}'],
    ['/v1/accounts/3f2b1c4e-1111-4a2b-9c3d-0123456789ab/x', '/v1/accounts/{id}/x'],
    ['/v2/notas-fiscais/7/emitir', '/v2/notas-fiscais/{id}/emitir'],
  ])('%s → %s', (path, template) => expect(pathTemplateOf(path)).toBe(template));
});

describe('parsePrometheusText', () => {
  const text = [
    '# HELP kafka_messages_total Kafka messages',
    '# TYPE kafka_messages_total counter',
    'kafka_messages_total{group="g",topic="t",outcome="processed"} 4',
    'kafka_messages_total{group="g",topic="t",outcome="dead_lettered"} 1',
    'kafka_consumer_lag{group="g",topic="t",partition="0"} 0',
    'dispatcher_vhsys_request_duration_ms_bucket{endpoint="POST /pedidos",status_class="2xx",le="+Inf"} 7',
    'target_info{service_name="x",note="a \\"quoted\\" value"} 1',
  ].join('\n');

  it('reads names, labels and values', () => {
    const samples = parsePrometheusText(text);
    expect(sampleValue(samples, 'kafka_messages_total', { outcome: 'processed' })).toBe(4);
    expect(sampleValue(samples, 'kafka_messages_total', { group: 'g' })).toBe(5);
    expect(sampleValue(samples, 'kafka_messages_total', { outcome: 'retrying' })).toBe(0);
    expect(findSamples(samples, 'dispatcher_vhsys_request_duration_ms_bucket')[0].labels.le).toBe('+Inf');
    expect(findSamples(samples, 'target_info')[0].labels.note).toBe('a "quoted" value');
  });
});
