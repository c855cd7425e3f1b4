/**
 * Secrets are write-only, over a whole end-to-end run: the four processes of the stack with debug
 * logs and OTLP export, an account set up with random Vhsys tokens, Guru sales carrying a random
 * `api_token` (an approved sale whose NF-e is issued, then its refund; a sale parked for an
 * unconfigured product; a message the mapping dead-letters), settings reads over HTTP and gRPC,
 * a seller's rejected tokens (HTTP and gRPC), a seller's Guru API user token saved (checked with the
 * Guru API simulator) and a refused one. Then every secret of the run is searched for in every log line of
 * every service, every exported span (attributes, events, resources), every message (key, value,
 * headers) of every topic of the stack including the dead-letter topics, every answer the suite
 * received, and every column of every table of every schema of the database except the sealed
 * token columns. Zero found.
 */
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { Client } from 'pg';
import { CONSUMER_GROUPS, DispatchResult, saleKey } from '@gv/contracts';
import { GuruSimulatorAdmin } from '@gv/guru-api-simulator';
import { generateSale, generateStatusChange } from '@gv/guru-sale-generator';
import { eventually, KafkaProbe, OtlpCollector, testEnvironment } from '@gv/testing';
import { reportFigures } from './figures';
import { grpcMethodsOfProto, RecordingGrpc } from './grpc-surface';
import { RecordingHttp, recordEveryFetch } from './http-surface';
import { countSpans, readTopics, scanDatabase, Secret, secretsIn } from './secret-scan';
import { dropStackSchemas, grpcRouteOf, randomSecret, securityKafka, SecurityStack, startSecurityStack } from './security-stack';

/**
 * The only columns that may hold a token: its AES-256-GCM ciphertext (`v1.<keyId>.<iv>.<tag>.<ct>`),
 * config-service's integration table (any schema of the stack: `config_service_<iso>`).
 */
const SEALED_COLUMNS: Record<string, string[]> = { integration: ['access_token_sealed', 'secret_access_token_sealed', 'guru_token_sealed'] };
const isSealed = (schema: string, table: string, column: string) => schema.startsWith('config_service') && (SEALED_COLUMNS[table] ?? []).includes(column);

/** A 40-character Guru Account Token, as Guru puts it in every webhook body (`api_token`). */
const guruApiToken = () => randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 40);

describe('security: no secret leaves its place in a whole end-to-end run', () => {
  const env = testEnvironment();
  const collector = new OtlpCollector();
  const probe = new KafkaProbe();
  const http = new RecordingHttp();
  /** Every HTTP answer the test process receives (the account set-up's included). */
  const answers = recordEveryFetch();
  let rpc: RecordingGrpc;
  let sec: SecurityStack;
  let tlsKeys: Secret[] = [];
  const apiToken = guruApiToken();
  const rejected = { accessToken: randomSecret('sec-vhsys-rejected-access'), secretAccessToken: randomSecret('sec-vhsys-rejected-secret') };
  /** The seller's Guru API user token (accepted by the Guru API simulator) and one Guru does not know. */
  const guruUserToken = randomSecret('sec-guru-user');
  const rejectedGuruUserToken = randomSecret('sec-guru-user-rejected');

  beforeAll(async () => {
    await collector.start();
    sec = await startSecurityStack({ logLevel: 'debug', collector, env: { 'invoice-dispatcher': { RETRY_BASE_DELAY_MS: '500' } } });
    // The gRPC TLS private keys (the PEM body without its armour lines), read while their files exist.
    const pki = sec.stack.pki!;
    tlsKeys = [['gRPC server private key', pki.server.keyFile], ['gRPC client private key', pki.client.keyFile], ['gRPC CA private key', pki.ca.keyFile]]
      .map(([label, file]) => ({ label: label!, value: readFileSync(file!, 'utf8').split('\n').filter((line) => line && !line.startsWith('-----')).join('') }));
    rpc = new RecordingGrpc(grpcRouteOf(sec.stack));
    await probe.listen([sec.stack.topics.dispatchResults]);
  }, 240000);

  afterAll(async () => {
    answers.restore();
    rpc?.close();
    await probe.close();
    await sec?.stack.stop();
    if (sec) await dropStackSchemas(sec.isolation);
    await collector.stop();
  });

  const results = (saleId: string) => probe.received(sec.stack.topics.dispatchResults, (m) => (m.value as DispatchResult).guruTransactionId === saleId).map((m) => m.value as DispatchResult);

  it('finds none of the run\'s secrets in logs, spans, Kafka messages, answers or the database', async () => {
    const { stack, accountA } = sec;
    const topics = stack.topics;
    // 1. An approved sale of a printed book: order, then its NF-e (invoice policy: on approval).
    const sale = generateSale({ seed: 7001, id: `sec_sale_${randomBytes(5).toString('hex')}`, accountId: accountA, status: 'approved', method: 'credit_card', installments: 2, productCode: 'LIVRO-CONF', orderBumpCodes: [], coupon: false, buyer: 'cpf', variants: 'canonical' });
    (sale.transaction as Record<string, unknown>).api_token = apiToken;
    const saleId = String(sale.transaction.id);
    await probe.produce(topics.guruTransactions, [{ key: saleKey(accountA, saleId), value: sale }]);
    const created = await eventually(() => results(saleId).find((r) => r.stage === 'dispatch' && r.outcome === 'created'), 90000, 'the sale created in Vhsys');
    await eventually(() => results(saleId).some((r) => r.vhsys?.nfe?.emitted === true) || (created.vhsys?.nfe?.emitted ?? false), 90000, 'its NF-e issued');

    // 2. Its refund (same api_token, as Guru sends it).
    const refund = generateStatusChange(sale, 'refunded', new Date(Date.parse(String(sale.receivedAt)) + 86400000));
    await probe.produce(topics.guruTransactions, [{ key: saleKey(accountA, saleId), value: refund }]);
    await eventually(() => results(saleId).some((r) => r.stage === 'dispatch' && r.revision > created.revision), 90000, 'the refund dispatched');

    // 3. A sale of a product without Faturamento settings: parked in mapping-service's table.
    const parked = generateSale({
      seed: 7002, id: `sec_parked_${randomBytes(5).toString('hex')}`, accountId: accountA, status: 'approved', method: 'pix', coupon: false, buyer: 'cpf', variants: 'canonical',
      products: [{ code: 'SEC-UNCONFIGURED', name: 'Curso sem Faturamento', priceCents: 9900, kind: 'servico', vhsysProductId: 1, orderBump: false }], productCode: 'SEC-UNCONFIGURED', orderBumpCodes: [],
    });
    (parked.transaction as Record<string, unknown>).api_token = apiToken;
    const parkedId = String(parked.transaction.id);
    await probe.produce(topics.guruTransactions, [{ key: saleKey(accountA, parkedId), value: parked }]);
    await eventually(() => results(parkedId).some((r) => r.outcome === 'needs_configuration'), 90000, 'the unconfigured sale parked');

    // 4. A message mapping-service cannot read: dead-lettered as it came.
    const broken = { accountId: accountA, receivedAt: new Date().toISOString(), transaction: { webhook_type: 'transaction', api_token: apiToken, id: `sec_broken_${randomBytes(5).toString('hex')}` } };
    await probe.produce(topics.guruTransactions, [{ key: saleKey(accountA, broken.transaction.id), value: broken }]);

    // 5. The admin backend reads the settings (HTTP and gRPC) and a seller pastes wrong tokens.
    const base = `${stack.configServiceUrl}/v1/accounts/${accountA}/vhsys-integration`;
    const view = await http.send('GET', base, { token: sec.credentials.adminAll });
    expect(view.status).toBe(200);
    for (const path of ['/audit', '/situacoes', '/products/LIVRO-CONF']) expect((await http.send('GET', `${base}${path}`, { token: sec.credentials.adminAll })).status).toBe(200);
    const refusedTokens = await http.send('PATCH', `${base}/detalhe`, {
      token: sec.credentials.adminAll,
      headers: { 'content-type': 'application/json', 'if-match': `"${(view.json as { version: number }).version}"` },
      body: JSON.stringify({ ...rejected, ativo: true }),
    });
    expect(refusedTokens.status).toBe(422);
    const methods = new Map(grpcMethodsOfProto().map((m) => [m.name, m]));
    for (const name of ['GetSettings', 'ListAudit', 'ListSituacoes']) {
      const method = methods.get(name)!;
      expect((await rpc.call(method.path, method.encode({ accountId: accountA }), sec.credentials.adminAll)).code).toBe(0);
    }
    // The same wrong tokens over gRPC: refused by Vhsys, answered INVALID_ARGUMENT.
    const version = (view.json as { version: number }).version;
    const update = methods.get('UpdateDetalhe')!;
    const refusedOverGrpc = await rpc.call(update.path, update.encode({ accountId: accountA, expectedVersion: version, ...rejected, criarVendaComJuros: true, enviarParcelas: true, ativo: true }), sec.credentials.adminAll);
    expect(refusedOverGrpc.trailers['x-error-code']).toBe('vhsys_credentials_rejected');
    expect(rpc.answers.length).toBe(4);

    // 6. The seller saves a Guru API user token (checked with Guru), then pastes one Guru refuses.
    await new GuruSimulatorAdmin(stack.guruSimulatorAdminUrl).createAccount({ accountId: 'sec-seller', userTokens: [guruUserToken] });
    const guruPut = async (userToken: string) => {
      const current = await http.send('GET', base, { token: sec.credentials.adminAll });
      return http.send('PUT', `${base}/guru-api`, {
        token: sec.credentials.adminAll,
        headers: { 'content-type': 'application/json', 'if-match': `"${(current.json as { version: number }).version}"` },
        body: JSON.stringify({ userToken }),
      });
    };
    expect((await guruPut(guruUserToken)).status).toBe(200);
    const refusedGuru = await guruPut(rejectedGuruUserToken);
    expect({ status: refusedGuru.status, error: (refusedGuru.json as { error: string }).error }).toEqual({ status: 422, error: 'guru_token_rejected' });

    // Everything the run wrote to Kafka: every topic of this stack, dead-letter topics included.
    const stackTopics = [...Object.values(topics), ...(await listTopics(sec.isolation))];
    const deadLetterTopics = stackTopics.filter((t) => t.startsWith('deadletter.'));
    expect(deadLetterTopics).toHaveLength(Object.keys(CONSUMER_GROUPS).length);
    await eventually(async () => (await readTopics(env.kafkaBrokers, deadLetterTopics)).length > 0, 60000, 'the unreadable message dead-lettered');
    await new Promise((r) => setTimeout(r, 1500));
    const messages = await readTopics(env.kafkaBrokers, stackTopics);
    const database = await scanDatabase(env.databaseUrl, secretsOf(), isSealed);
    const sealedValues = await sealedColumnValues();
    // Stopping flushes the last log lines and spans.
    await stack.stop();

    const secrets = secretsOf();
    const found: string[] = [];
    const search = (where: string, text: string, allowed: string[] = []) => {
      for (const label of secretsIn(text, secrets)) if (!allowed.includes(label)) found.push(`${where}: ${label}`);
    };

    // Logs: every line of every service process.
    let logLines = 0;
    for (const name of ['config-service', 'mapping-service', 'invoice-dispatcher'] as const) {
      const lines = stack.processes[name].log.split('\n').filter((l) => l.trim() !== '');
      logLines += lines.length;
      lines.forEach((line, i) => search(`${name} log line ${i + 1}`, line));
    }
    // Spans: every export body as received (attributes, events, resources, status messages).
    collector.payloads.forEach((payload, i) => search(`OTLP export ${i + 1}`, payload));
    const spans = countSpans(collector.payloads);
    // Kafka: key, value and headers of every message. Guru's own input topic carries its
    // api_token (Guru puts it in every webhook body); the dead-letter copy of an input message
    // the mapping could not read keeps it byte for byte (docs/security.md, "Kafka").
    for (const m of messages) {
      const guruInput = m.topic === topics.guruTransactions || m.topic === `deadletter.${sec.isolation}-mapping-service.v1`;
      search(`${m.topic}/${m.partition}@${m.offset}`, JSON.stringify([m.key, m.value, m.headers]), guruInput ? ['Guru api_token'] : []);
    }
    // Every answer the suite received.
    await answers.settled();
    answers.exchanges.forEach((e, i) => search(`HTTP answer ${i + 1} (${e.method} ${new URL(e.url).pathname})`, e.text));
    rpc.answers.forEach((a, i) => search(`gRPC answer ${i + 1} (${a.path})`, JSON.stringify(a)));
    found.push(...database.found);

    const figures = {
      logLines, spans: spans.spans, spanEvents: spans.events, otlpExports: collector.payloads.length,
      kafkaMessages: messages.length, kafkaTopics: new Set(messages.map((m) => m.topic)).size, deadLetterMessages: messages.filter((m) => m.topic.startsWith('deadletter.')).length,
      httpAnswers: answers.exchanges.length, grpcAnswers: rpc.answers.length,
      dbSchemas: database.schemas, dbTables: database.tables, dbColumns: database.columns, dbRows: database.rows, dbCells: database.cells,
      secretsSearched: secrets.length, secretsFound: found.length,
    };
    reportFigures('secret-scan', figures);
    // Where and what (labels only, never the values), before the checks below can stop the test.
    if (found.length > 0) console.error(`secrets found:\n${found.join('\n')}`);

    // What was scanned is real: lines of every service, spans of every service, the sale's
    // messages on every topic it crossed, the dead letter, rows in every service's schema.
    expect(logLines).toBeGreaterThan(50);
    for (const name of ['config-service', 'mapping-service', 'invoice-dispatcher'] as const) expect({ name, logged: stack.processes[name].log.length > 0 }).toEqual({ name, logged: true });
    expect(spans.spans).toBeGreaterThan(100);
    for (const topic of [topics.guruTransactions, topics.saleOrders, topics.dispatchResults, topics.integrationConfig]) expect(messages.some((m) => m.topic === topic)).toBe(true);
    expect(messages.some((m) => m.topic.startsWith('deadletter.') && m.value?.includes(broken.transaction.id))).toBe(true);
    // The input really carried the Guru api_token (so finding none elsewhere means something).
    expect(messages.filter((m) => m.topic === topics.guruTransactions && m.value?.includes(apiToken))).toHaveLength(4);
    expect(database.rows).toBeGreaterThan(20);
    // The sealed columns hold ciphertexts of this run's key, never the tokens.
    expect(sealedValues.length).toBeGreaterThan(0);
    for (const value of sealedValues) {
      expect(value).toMatch(/^v1\.sec\./);
      expect(secretsIn(value, secrets)).toEqual([]);
    }
    expect(found).toEqual([]);
  });

  /** Every secret of the run, with the forms it could leak in. */
  function secretsOf(): Secret[] {
    const key = sec.credentials.encryptionKey;
    return [
      { label: 'Vhsys access token', value: sec.vhsysA.accessToken },
      { label: 'Vhsys secret token', value: sec.vhsysA.secretAccessToken },
      { label: 'rejected Vhsys access token', value: rejected.accessToken },
      { label: 'rejected Vhsys secret token', value: rejected.secretAccessToken },
      { label: 'Guru API user token', value: guruUserToken },
      { label: 'rejected Guru API user token', value: rejectedGuruUserToken },
      { label: 'encryption key (base64)', value: key.toString('base64') },
      { label: 'encryption key (hex)', value: key.toString('hex') },
      { label: 'encryption key (base64url)', value: key.toString('base64url') },
      { label: 'Guru api_token', value: apiToken },
      { label: 'admin token (all accounts)', value: sec.credentials.adminAll },
      { label: 'admin token (scoped)', value: sec.credentials.adminScoped },
      { label: 'admin token (operator)', value: sec.credentials.operator },
      { label: 'internal token', value: sec.credentials.internal },
      { label: 'ops token', value: sec.credentials.ops },
      ...tlsKeys,
    ];
  }

  async function listTopics(isolation: string): Promise<string[]> {
    const admin = securityKafka(env.kafkaBrokers).admin();
    await admin.connect();
    try {
      return (await admin.listTopics()).filter((t) => t.startsWith(`deadletter.${isolation}-`));
    } finally {
      await admin.disconnect();
    }
  }

  async function sealedColumnValues(): Promise<string[]> {
    const client = new Client({ connectionString: env.databaseUrl });
    await client.connect();
    try {
      const schema = `config_service_${sec.isolation}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
      const { rows } = await client.query<{ a: string | null; s: string | null; g: string | null }>(
        `SELECT access_token_sealed AS a, secret_access_token_sealed AS s, guru_token_sealed AS g FROM "${schema}".integration`,
      );
      expect(rows.some((r) => r.g !== null)).toBe(true);
      return rows.flatMap((r) => [r.a, r.s, r.g]).filter((v): v is string => v !== null);
    } finally {
      await client.end();
    }
  }
});
