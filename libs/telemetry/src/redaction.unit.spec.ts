import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CleanTextCache, isSecretKey, RedactingSpanProcessor, redactSecrets, scrubSecretsInText, scrubUrlQuery } from './redaction';
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

describe('CleanTextCache', () => {
  const SQL = 'SELECT "l"."account_id" AS "l_account_id" FROM "invoice_dispatcher"."sale_ledger" "l" WHERE "l"."account_id" = $1';

  it('returns a repeated clean string unchanged and remembers it', () => {
    const cache = new CleanTextCache();
    expect(cache.scrub(SQL)).toBe(SQL);
    expect(cache.has(SQL)).toBe(true);
    expect(cache.size).toBe(1);
    expect(cache.scrub(SQL)).toBe(SQL);
    // The same text in another string object (as each new span carries) is a hit too.
    expect(cache.scrub(SQL.slice(0, 10) + SQL.slice(10))).toBe(SQL);
    expect(cache.size).toBe(1);
  });

  it('scrubs a secret-bearing string every time and never stores it, nor its scrubbed form', () => {
    const cache = new CleanTextCache();
    for (let i = 0; i < 3; i++) {
      expect(cache.scrub(`Authorization: Bearer ${SECRET}`)).toBe('Authorization: [redacted] [redacted]');
      expect(cache.scrub(`retrying with Bearer ${SECRET}`)).toBe('retrying with Bearer [redacted]');
      expect(cache.scrub(`{"password":"${SECRET}"}`)).toBe('{"password":"[redacted]"}');
    }
    expect(cache.size).toBe(0);
    expect(cache.has(`retrying with Bearer ${SECRET}`)).toBe(false);
    expect(cache.has('retrying with Bearer [redacted]')).toBe(false);
  });

  it('gives exactly what scrubSecretsInText gives, first time and cached', () => {
    const cache = new CleanTextCache();
    const texts = [SQL, 'guru.transactions.v1', '', 'token pair refused (3 tokens)', `access-token: ${SECRET}`, `x api_key=${SECRET}&y=1`, 'Basic', 'token: [redacted]'];
    for (let round = 0; round < 2; round++) {
      for (const text of texts) expect(cache.scrub(text)).toBe(scrubSecretsInText(text));
    }
  });

  it('is bounded by entries: two generations of maxEntries, the oldest dropped', () => {
    const cache = new CleanTextCache(3);
    for (let i = 1; i <= 10; i++) cache.scrub(`topic-${i}`);
    // Generations rotated at the 4th, 7th and 10th string: previous = 7..9, current = 10.
    expect(cache.size).toBe(4);
    expect([1, 6, 7, 9, 10].map((i) => cache.has(`topic-${i}`))).toEqual([false, false, true, true, true]);
    // A hit in the previous generation is copied into the current one, so hot strings survive.
    expect(cache.scrub('topic-7')).toBe('topic-7');
    for (let i = 11; i <= 12; i++) cache.scrub(`topic-${i}`);
    expect([7, 8, 10, 11, 12].map((i) => cache.has(`topic-${i}`))).toEqual([true, false, true, true, true]);
    expect(cache.size).toBeLessThanOrEqual(6);
  });

  it('is bounded by characters, and never stores a string longer than maxLength', () => {
    const cache = new CleanTextCache(100, 10, 6);
    cache.scrub('aaaa');
    cache.scrub('bbbb');
    expect(cache.chars).toBe(8);
    cache.scrub('cccc'); // 12 > 10: a new generation
    expect(cache.chars).toBe(12);
    cache.scrub('dddd');
    cache.scrub('eeee'); // previous = c, d; a and b dropped
    expect(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'].map((t) => cache.has(t))).toEqual([false, false, true, true, true]);
    expect(cache.chars).toBeLessThanOrEqual(20);
    expect(cache.scrub('long clean text')).toBe('long clean text');
    expect(cache.has('long clean text')).toBe(false);
    expect(cache.scrub(`token=${SECRET}`)).toBe('token=[redacted]');
  });

  it('with 0 entries stores nothing', () => {
    const cache = new CleanTextCache(0);
    expect(cache.scrub(SQL)).toBe(SQL);
    expect(cache.size).toBe(0);
  });
});

describe('RedactingSpanProcessor cache', () => {
  const SQL = 'INSERT INTO "sale_ledger"("account_id", "guru_transaction_id") VALUES ($1, $2)';

  async function run(processor: RedactingSpanProcessor, times: number) {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [processor, new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('test');
    for (let i = 0; i < times; i++) {
      const span = tracer.startSpan('pg.query:INSERT', {
        attributes: {
          'db.statement': SQL,
          'db.system': 'postgresql',
          'messaging.destination.name': 'vhsys.sale-orders.v1',
          note: `retrying with Bearer ${SECRET}`,
          'http.request.header.access-token': [SECRET],
          'url.full': `http://vhsys/v2/pedidos?privateKey=${SECRET}&limit=1`,
          tags: ['a', `token=${SECRET}`],
        },
      });
      span.addEvent('exception', { 'exception.message': `401 for access-token: ${SECRET}`, apiToken: SECRET });
      span.end();
    }
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans().map((s) => ({ attributes: s.attributes, events: s.events.map((e) => e.attributes) }));
    await provider.shutdown();
    return spans;
  }

  it('exports the same redacted spans with and without the cache, span after span', async () => {
    const expected = {
      attributes: {
        'db.statement': SQL,
        'db.system': 'postgresql',
        'messaging.destination.name': 'vhsys.sale-orders.v1',
        note: 'retrying with Bearer [redacted]',
        'url.full': 'http://vhsys/v2/pedidos?privateKey=%5Bredacted%5D&limit=1',
        tags: ['a', 'token=[redacted]'],
      },
      events: [{ 'exception.message': '401 for access-token: [redacted]' }],
    };
    const cached = new RedactingSpanProcessor();
    expect(await run(cached, 3)).toEqual([expected, expected, expected]);
    expect(await run(new RedactingSpanProcessor({ cacheEntries: 0 }), 3)).toEqual([expected, expected, expected]);
    expect(cached.texts.has(SQL)).toBe(true);
    expect(cached.texts.has('vhsys.sale-orders.v1')).toBe(true);
    // Only the clean values: no secret-bearing value, and no URL (those bypass the cache).
    expect(cached.texts.size).toBe(4); // SQL, 'postgresql', the topic, 'a'
    expect(cached.texts.has(`http://vhsys/v2/pedidos?privateKey=${SECRET}&limit=1`)).toBe(false);
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
