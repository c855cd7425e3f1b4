import { TOPICS } from '@gv/contracts';
import { eventually, KafkaProbe, OtlpCollector, ServiceProcess, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import { ConfigCredentialsClient } from '@gv/contracts';
import {
  createVhsysAccount, dropSchema, freePort, GrpcApi, HttpApi, INTERNAL_TOKEN, PRODUCT_NFE, query, secretToken, serviceEnv,
  startSimulator, testSchema,
} from './support';

jest.setTimeout(120000);

/**
 * Writes tokens every way there is (HTTP, gRPC, valid, rejected, malformed, misplaced) against the
 * service running as its own process with OTLP export, then looks for the token strings in every
 * log line, every admin response, every span and every Kafka message of the run.
 */
describe('config-service never lets a Vhsys token out', () => {
  let sim: RunningVhsysSimulator;
  let simAdmin: SimulatorAdmin;
  let collector: OtlpCollector;
  let probe: KafkaProbe;
  let service: ServiceProcess;
  let schema: string;

  beforeAll(async () => {
    ({ sim, admin: simAdmin } = await startSimulator());
    collector = new OtlpCollector();
    await collector.start();
    probe = new KafkaProbe();
    await probe.listen([TOPICS.integrationConfig]);
  });

  afterAll(async () => {
    await service?.kill();
    await probe?.close();
    await collector?.stop();
    await sim?.close();
    if (schema) await dropSchema(schema);
  });

  it('keeps the token strings out of responses, logs, trace attributes and Kafka messages', async () => {
    const vh = await createVhsysAccount(simAdmin, 'leak');
    const rotated = { accessToken: secretToken('leak-rotated-access'), secretAccessToken: secretToken('leak-rotated-secret') };
    await simAdmin.createAccount({ ...rotated, produtos: [{ idProduto: vh.produtoId + 100, codProduto: 'R', descProduto: 'R', valorProduto: '1.00' }] });
    const rejected = { accessToken: secretToken('leak-rejected-access'), secretAccessToken: secretToken('leak-rejected-secret') };
    const malformed = secretToken('leak-in-malformed-json');
    const misplaced = secretToken('leak-misplaced');
    const secrets = [vh.accessToken, vh.secretAccessToken, rotated.accessToken, rotated.secretAccessToken, rejected.accessToken, rejected.secretAccessToken, malformed, misplaced];

    schema = testSchema();
    const httpPort = await freePort();
    const grpcPort = await freePort();
    service = new ServiceProcess({
      entry: 'services/config-service/src/main.ts',
      name: 'config-service',
      readyUrl: `http://127.0.0.1:${httpPort}/health/ready`,
      env: serviceEnv({ schema, vhsysUrl: sim.url, httpPort, grpcPort, extra: { LOG_LEVEL: 'trace', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } }),
    });
    await service.start();
    const http = new HttpApi(`http://127.0.0.1:${httpPort}`);
    const rpc = new GrpcApi(`127.0.0.1:${grpcPort}`);
    const accountId = uniqueId('acct_leak');
    const path = (s = '') => http.settingsPath(accountId, s);

    // HTTP: rejected tokens, then good ones, malformed and misplaced secrets, reads, product, situações.
    expect((await http.request('PUT', path('/detalhe'), { headers: { 'if-none-match': '*' }, body: { ...rejected, criarVendaComJuros: false, enviarParcelas: false, ativo: true } })).status).toBe(422);
    expect((await http.request('PUT', path('/detalhe'), { headers: { 'if-none-match': '*' }, body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: true, enviarParcelas: true, ativo: true } })).status).toBe(200);
    expect((await http.request('PATCH', path('/detalhe'), { headers: { 'if-match': '"1"' }, rawBody: `{"accessToken": "${malformed}", "secretAccessToken": ` })).status).toBe(400);
    expect((await http.request('PATCH', path('/detalhe'), { headers: { 'if-match': '"1"' }, body: { accessToken: `${malformed} with spaces`, secretAccessToken: misplaced } })).status).toBe(422);
    expect((await http.request('PATCH', path('/detalhe'), { headers: { 'if-match': '"1"' }, body: { criarVendaComJuros: misplaced, ativo: misplaced } })).status).toBe(422);
    expect((await http.request('PATCH', path('/detalhe'), { headers: { 'if-match': '"0"' }, body: { accessToken: misplaced, secretAccessToken: misplaced } })).status).toBe(400);
    expect((await http.request('PATCH', path('/detalhe'), { headers: { 'if-match': '"9"' }, body: { accessToken: misplaced, secretAccessToken: misplaced } })).status).toBe(412);
    expect((await http.request('PUT', path('/products/LIVRO-01'), { headers: { 'if-match': '"1"' }, body: PRODUCT_NFE(vh.produtoId) })).status).toBe(200);
    expect((await http.request('GET', path('/situacoes'))).status).toBe(200);
    expect((await http.request('GET', path())).status).toBe(200);
    expect((await http.request('GET', path('/audit'))).status).toBe(200);

    // gRPC: rejected, rotated, misplaced, then the dispatcher's read.
    expect((await rpc.call('UpdateDetalhe', { accountId, expectedVersion: 2, ...rejected, ativo: true })).ok).toBe(false);
    expect((await rpc.call('UpdateDetalhe', { accountId, expectedVersion: 2, ...rotated, criarVendaComJuros: true, ativo: true })).ok).toBe(true);
    expect((await rpc.call('UpdateDetalhe', { accountId, expectedVersion: 3, accessToken: misplaced, ativo: true })).ok).toBe(false);
    expect((await rpc.call('GetSettings', { accountId })).ok).toBe(true);
    expect((await rpc.call('ListAudit', { accountId })).ok).toBe(true);
    const dispatcher = new ConfigCredentialsClient({ address: `127.0.0.1:${grpcPort}`, token: INTERNAL_TOKEN });
    const credentials = await dispatcher.getCredentials(accountId);
    dispatcher.close();
    rpc.close();
    // The one answer that carries the pair by design (internal, dispatcher-only).
    expect(credentials).toMatchObject({ ...rotated, credentialsVersion: 2 });

    const snapshots = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId, 3);
    await eventually(() => collector.spans.some((s) => s.service === 'config-service' && s.name.includes('GetCredentials')), 20000, 'GetCredentials span exported');
    await service.stop();

    // What was captured is real: logs, spans of every kind, messages, and Vhsys really got the tokens.
    expect(service.log).toContain('settings changed');
    expect(service.log).toContain('credentials served');
    const spans = collector.spans.filter((s) => s.service === 'config-service');
    const names = spans.map((s) => s.name).join('\n');
    for (const expected of [/^PUT/m, /VhsysIntegrationAdmin\/UpdateDetalhe/, /VhsysCredentials\/GetCredentials/, /config\.detalhe\.put/, /^send /m, /^(SELECT|INSERT|UPDATE|pg\.query)/m, /^GET$/m]) {
      expect(names).toMatch(expected);
    }
    expect(snapshots.length).toBeGreaterThanOrEqual(3);
    // The outbox publish continues the trace of the request that made the change.
    const change = spans.find((s) => s.name === 'config.detalhe.put' && spans.some((o) => o.traceId === s.traceId && o.name.startsWith('send ')));
    expect(change).toBeDefined();
    expect(JSON.stringify(await simAdmin.getState(vh.accessToken))).toBeTruthy();

    const captured: Record<string, string> = {
      'service stdout/stderr': service.log,
      'HTTP responses': JSON.stringify(http.exchanges),
      'gRPC responses': rpc.transcript.join('\n'),
      'span names and attributes': JSON.stringify(spans),
      'Kafka messages': JSON.stringify(probe.messages.map((m) => ({ key: m.key, value: m.rawValue?.toString('utf8') ?? null, headers: m.headers }))),
      'database at rest': JSON.stringify(await query(`SELECT * FROM "${schema}".integration`)) + JSON.stringify(await query(`SELECT * FROM "${schema}".audit_log`)) + JSON.stringify(await query(`SELECT * FROM "${schema}".outbox`)),
    };
    for (const [where, text] of Object.entries(captured)) {
      expect(text.length).toBeGreaterThan(100);
      for (const secret of secrets) {
        if (text.includes(secret)) throw new Error(`a token leaked into ${where}`);
        // Not even a long fragment of it.
        if (text.includes(secret.slice(0, 24)) || text.includes(secret.slice(-24))) throw new Error(`part of a token leaked into ${where}`);
      }
    }
  });
});
