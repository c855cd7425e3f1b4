/**
 * Observability end to end (the three services as processes, real Kafka, PostgreSQL, the Vhsys
 * simulator over HTTP): one trace per sale across every service, a retry inside the same trace,
 * and service logs that are JSON, carry trace/sale ids and never a secret.
 */
import { randomBytes } from 'crypto';
import { DispatchResult } from '@gv/contracts';
import { LOCAL_ADMIN_TOKEN, LOCAL_ENCRYPTION_KEY, LOCAL_INTERNAL_TOKEN, RunningStack, setUpAccount, startStack } from '@gv/stack';
import { CollectedSpan, eventually, KafkaProbe, OtlpCollector, testEnvironment, uniqueId } from '@gv/testing';
import { SimulatorAdmin } from '@gv/vhsys-simulator';
import { dispatchResults, endpoints, produceSales, tracedSale, waitForSnapshot } from './support';

const SERVICES = ['mapping-service', 'invoice-dispatcher', 'config-service'] as const;

describe('observability: traces across the services, retries in the trace, clean logs', () => {
  const env = testEnvironment();
  const collector = new OtlpCollector();
  const probe = new KafkaProbe();
  const accountId = uniqueId('obs_acct');
  const tokens = { accessToken: `obs-access-${randomBytes(12).toString('hex')}`, secretAccessToken: `obs-secret-${randomBytes(12).toString('hex')}` };
  const rejectedTokens = { accessToken: `obs-wrong-access-${randomBytes(12).toString('hex')}`, secretAccessToken: `obs-wrong-secret-${randomBytes(12).toString('hex')}` };
  let stack: RunningStack;
  let admin: SimulatorAdmin;

  beforeAll(async () => {
    await collector.start();
    stack = await startStack({
      kafkaBrokers: env.kafkaBrokers,
      databaseUrl: env.databaseUrl,
      isolation: uniqueId('obs'),
      otlpEndpoint: collector.url,
      // Debug logs: the most log lines a run can write, all of which must stay free of secrets.
      logLevel: 'debug',
      env: { 'invoice-dispatcher': { RETRY_BASE_DELAY_MS: '2500' } },
    });
    admin = new SimulatorAdmin(stack.simulatorAdminUrl);
    await probe.listen([stack.topics.dispatchResults, stack.topics.saleOrdersRetry, stack.topics.integrationConfig]);
    await waitForSnapshot(probe, stack.topics, accountId, await setUpAccount(endpoints(stack), { accountId, ...tokens }));
  }, 240000);

  afterAll(async () => {
    await probe.close();
    await stack?.stop();
    await collector.stop();
  });

  const servicesIn = (spans: CollectedSpan[]) => new Set(spans.map((s) => s.service));
  const vhsysSpans = (spans: CollectedSpan[]) => spans.filter((s) => s.service === 'invoice-dispatcher' && String(s.attributes['url.template'] ?? '').startsWith('/v2/'));

  it('follows one sale in one trace: mapping, dispatcher, its Vhsys calls, gRPC credentials, Kafka and PostgreSQL', async () => {
    const sale = tracedSale(accountId, 101);
    const { topics } = stack;
    await produceSales(probe, topics, [sale]);
    await eventually(() => dispatchResults(probe, topics, sale.saleId).some((r) => r.outcome === 'created'), 90000, 'the sale created in Vhsys');

    // What the sale's trace must hold; polled until every span has been exported (batches of 500 ms).
    const isDb = (s: CollectedSpan) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql';
    const isKafka = (s: CollectedSpan, service: string, kind: number, topic: string) =>
      s.service === service && s.kind === kind && s.attributes['messaging.system'] === 'kafka' && s.attributes['messaging.destination.name'] === topic;
    const expectations: [string, (spans: CollectedSpan[]) => boolean][] = [
      ['mapping-service consumes guru.transactions.v1', (spans) => spans.some((s) => isKafka(s, 'mapping-service', 5, topics.guruTransactions))],
      ['mapping-service produces vhsys.sale-orders.v1', (spans) => spans.some((s) => isKafka(s, 'mapping-service', 4, topics.saleOrders))],
      ['invoice-dispatcher consumes vhsys.sale-orders.v1', (spans) => spans.some((s) => isKafka(s, 'invoice-dispatcher', 5, topics.saleOrders))],
      ['mapping-service annotates the sale', (spans) => spans.some((s) => s.service === 'mapping-service' && s.attributes['guru.transaction_id'] === sale.saleId && s.attributes['guru.account_id'] === accountId && s.attributes['guru.sale_revision'] !== undefined)],
      ['invoice-dispatcher annotates the sale', (spans) => spans.some((s) => s.name === 'dispatcher.sale_order' && s.attributes['guru.transaction_id'] === sale.saleId && s.attributes['guru.account_id'] === accountId && s.attributes['guru.sale_revision'] !== undefined)],
      ['invoice-dispatcher writes PostgreSQL', (spans) => spans.some((s) => s.service === 'invoice-dispatcher' && isDb(s))],
      ['mapping-service writes PostgreSQL', (spans) => spans.some((s) => s.service === 'mapping-service' && isDb(s))],
      ['config-service serves credentials over gRPC', (spans) => spans.some((s) => s.service === 'config-service' && s.attributes['rpc.system'] === 'grpc')],
      ['the dispatcher calls Vhsys', (spans) => ['POST /v2/clientes', 'POST /v2/pedidos', 'POST /v2/pedidos/{id}/produtos'].every((n) => vhsysSpans(spans).some((s) => s.name === n))],
    ];
    const missing = () => expectations.filter(([, holds]) => !holds(collector.trace(sale.traceId))).map(([what]) => what);
    await eventually(() => missing().length === 0, 30000, 'the sale trace to be complete').catch(() => undefined);
    expect(missing()).toEqual([]);
    const spans = collector.trace(sale.traceId);
    for (const service of SERVICES) expect(servicesIn(spans).has(service)).toBe(true);

    // Each Vhsys call: method, path template (never ids), status.
    for (const call of vhsysSpans(spans)) {
      expect(call.name).toBe(`${call.attributes['http.request.method']} ${call.attributes['url.template']}`);
      expect(String(call.attributes['url.template'])).not.toMatch(/\/\d+(\/|$)/);
      expect(call.attributes['http.response.status_code']).toEqual(expect.any(Number));
    }

    // No token anywhere in the exported spans.
    const exported = JSON.stringify(collector.spans);
    for (const secret of Object.values(tokens)) expect(exported).not.toContain(secret);
  });

  it('keeps a transient Vhsys failure and its retry (through the retry topic) in the sale trace', async () => {
    // One-shot fault: every POST /pedidos of this account answers 500 until the retry is scheduled.
    await admin.setFaults(tokens.accessToken, { rates: { serverError: 1 }, match: { methods: ['POST'], routes: ['/pedidos'] } });
    const sale = tracedSale(accountId, 202);
    const { topics } = stack;
    await produceSales(probe, topics, [sale]);
    // The retry of the failed call, on the stack's retry topic.
    const [retried] = await probe.waitFor(topics.saleOrdersRetry, (m) => m.key === sale.key, 1, 90000);
    expect(retried.headers['x-retry-reason']).toMatch(/^(transient|outcome_unknown)$/);
    await admin.clearFaults(tokens.accessToken);

    await eventually(() => dispatchResults(probe, topics, sale.saleId).some((r) => r.outcome === 'created'), 90000, 'the retried sale created');
    expect(dispatchResults(probe, topics, sale.saleId).filter((r: DispatchResult) => r.outcome === 'created')).toHaveLength(1);

    await eventually(() => {
      const spans = collector.trace(sale.traceId);
      return spans.some((s) => s.name === 'dispatcher.retry') &&
        vhsysSpans(spans).some((s) => s.name === 'POST /v2/pedidos' && s.attributes['http.response.status_code'] === 200);
    }, 30000, 'the retry and its successful Vhsys call in the sale trace');
    const spans = collector.trace(sale.traceId);
    const pedidos = vhsysSpans(spans).filter((s) => s.name === 'POST /v2/pedidos');
    expect(pedidos.some((s) => s.attributes['http.response.status_code'] === 500)).toBe(true);
    expect(pedidos.some((s) => s.attributes['http.response.status_code'] === 200)).toBe(true);
    const retry = spans.find((s) => s.name === 'dispatcher.retry')!;
    expect(retry.attributes['guru.transaction_id']).toBe(sale.saleId);
    expect(Number(retry.attributes['dispatcher.retry_attempt'])).toBeGreaterThanOrEqual(1);
    // The retry message was produced and consumed inside the trace.
    expect(spans.some((s) => s.attributes['messaging.destination.name'] === topics.saleOrdersRetry && s.kind === 4)).toBe(true);
    expect(spans.some((s) => s.attributes['messaging.destination.name'] === topics.saleOrdersRetry && s.kind === 5)).toBe(true);

    // Exactly one order in Vhsys for the sale despite the failed attempt.
    const state = await admin.getState(tokens.accessToken);
    expect(state.pedidos.filter((p) => JSON.stringify(p).includes(sale.saleId))).toHaveLength(1);
  });

  it('writes JSON logs with trace, span, account and sale ids, and never a secret, even for rejected tokens', async () => {
    // A seller pastes wrong tokens: config-service checks them with Vhsys, which refuses them.
    const base = `${stack.configServiceUrl}/v1/accounts/${encodeURIComponent(accountId)}/vhsys-integration`;
    const current = await fetch(base, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    const version = (await current.json() as { version: number }).version;
    const refused = await fetch(`${base}/detalhe`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ ...rejectedTokens, criarVendaComJuros: true, enviarParcelas: true, ativo: true }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // And an unauthenticated call carrying a made-up bearer token.
    const unauthenticated = await fetch(base, { headers: { authorization: `Bearer ${rejectedTokens.accessToken}` } });
    expect(unauthenticated.status).toBe(401);
    await new Promise((r) => setTimeout(r, 1000));

    const secrets = [
      ...Object.values(tokens), ...Object.values(rejectedTokens), LOCAL_ADMIN_TOKEN, LOCAL_INTERNAL_TOKEN,
      LOCAL_ENCRYPTION_KEY.split(':')[1]!,
    ];
    let lines = 0;
    for (const [name, process] of Object.entries(stack.processes)) {
      const log = process.log;
      for (const secret of secrets) {
        if (log.includes(secret)) throw new Error(`${name} logged a secret (${secret.slice(0, 10)}…)`);
      }
      if (name === 'vhsys-simulator') continue;
      for (const line of log.split('\n').filter((l) => l.trim() !== '')) {
        lines += 1;
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`${name} wrote a line that is not JSON: ${line.slice(0, 200)}`);
        }
        expect(parsed).toMatchObject({ service: name, level: expect.any(String), message: expect.any(String) });
      }
    }
    expect(lines).toBeGreaterThan(10);

    // A dispatcher log line about the first sale carries its trace and span ids and the sale.
    const dispatcherLines = stack.processes['invoice-dispatcher'].log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const reconciled = dispatcherLines.filter((l) => l.message === 'sale reconciled' && String(l.saleKey ?? '').startsWith(`${accountId}:`));
    expect(reconciled.length).toBeGreaterThanOrEqual(2);
    for (const line of reconciled) {
      expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
      const saleId = String(line.saleKey).split(':')[1];
      expect(collector.spans.some((s) => s.traceId === line.trace_id && s.attributes['guru.transaction_id'] === saleId)).toBe(true);
    }
  });
});
