import {
  ACCOUNT_ID_RULE, IntegrationConfigSnapshotSchema, INTEGRATION_CONFIG, HEADERS, MAX_PRODUCTS_PER_ACCOUNT, TOPICS, VHSYS_FORMAS_PAGAMENTO,
} from '@gv/contracts';
import { KafkaProbe, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import type { RunningConfigService } from '../src/start-config-service';
import { SettingsViewSchema, WriteResponseSchema } from '../src/settings/view-schema';
import {
  ADMIN_TOKEN, createVhsysAccount, dropSchema, HttpApi, PRODUCT_NFE, PRODUCT_NFSE, query, secretToken, serviceEnv,
  startInProcess, startSimulator, testSchema,
} from './support';

const LIMITED_TOKEN = 'admin-token-limited-to-one-account-01';

jest.setTimeout(120000);

describe('config-service over HTTP (real PostgreSQL, Kafka and the Vhsys simulator)', () => {
  let sim: RunningVhsysSimulator;
  let simAdmin: SimulatorAdmin;
  let service: RunningConfigService;
  let schema: string;
  let api: HttpApi;
  let probe: KafkaProbe;
  const limitedAccount = uniqueId('acct_a');

  beforeAll(async () => {
    ({ sim, admin: simAdmin } = await startSimulator());
    schema = testSchema();
    service = await startInProcess(
      serviceEnv({ schema, vhsysUrl: sim.url, adminTokens: `admin-backend:${ADMIN_TOKEN}:*,tenant-a:${LIMITED_TOKEN}:${limitedAccount}` }),
    );
    api = new HttpApi(service.httpUrl);
    probe = new KafkaProbe();
    await probe.listen([TOPICS.integrationConfig]);
  });

  afterAll(async () => {
    await probe?.close();
    await service?.stop();
    await sim?.close();
    await dropSchema(schema);
  });

  const snapshotsOf = (accountId: string) => probe.received(TOPICS.integrationConfig, (m) => m.key === accountId);

  it('round-trips every section, answers "Integração ativa", and publishes one valid snapshot per committed change', async () => {
    const vh = await createVhsysAccount(simAdmin);
    const accountId = uniqueId('acct');
    const path = (s = '') => api.settingsPath(accountId, s);

    expect((await api.request('GET', path())).status).toBe(404);

    const detalhe = await api.request('PUT', path('/detalhe'), {
      headers: { 'if-none-match': '*' },
      body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: true, enviarParcelas: true, ativo: true },
    });
    expect(detalhe.status).toBe(200);
    expect(detalhe.body.message).toBe('Integração ativa');
    expect(detalhe.headers.etag).toBe('"1"');
    WriteResponseSchema.parse(detalhe.body);
    expect(detalhe.body.settings.detalhe).toEqual({
      accessToken: { set: true, last4: vh.accessToken.slice(-4), setAt: expect.any(String) },
      secretAccessToken: { set: true, last4: vh.secretAccessToken.slice(-4), setAt: expect.any(String) },
      credentialsVersion: 1,
      criarVendaComJuros: true,
      enviarParcelas: true,
      ativo: true,
    });

    const payment = await api.request('PUT', path('/payment-methods'), {
      headers: { 'if-match': '"1"' },
      body: { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: 'Pagamento online', pix: 'PIX' },
    });
    expect(payment.status).toBe(200);
    expect(payment.headers.etag).toBe('"2"');

    const situacoes = await api.request('GET', path('/situacoes'));
    expect(situacoes.status).toBe(200);
    expect(situacoes.body.situacoes).toEqual(
      expect.arrayContaining([
        { id: vh.situacaoAtendidoId, name: 'Pago e liberado', status: 'Atendido' },
        { id: vh.situacaoAbertoId, name: 'Aguardando confirmação', status: 'Em Aberto' },
      ]),
    );

    const statusMap = {
      approved: { status: 'Atendido', situacaoId: vh.situacaoAtendidoId },
      canceled: { status: 'Cancelado', situacaoId: null },
      pending: { status: 'Em Aberto', situacaoId: vh.situacaoAbertoId },
      refunded: { status: 'Cancelado', situacaoId: null },
    };
    const status = await api.request('PUT', path('/status-map'), { headers: { 'if-match': '"2"' }, body: statusMap });
    expect(status.status).toBe(200);

    const policy = { ambiente: 'producao', issueWhen: 'after_warranty', onRefundAfterInvoice: 'keep_invoice' };
    expect((await api.request('PUT', path('/invoice-policy'), { headers: { 'if-match': '"3"' }, body: policy })).status).toBe(200);

    const livro = await api.request('PUT', path('/products/LIVRO-01'), { headers: { 'if-match': '"4"' }, body: PRODUCT_NFE(vh.produtoId) });
    expect(livro.status).toBe(200);
    const curso = await api.request('PUT', path('/products/CURSO%2F01'), { headers: { 'if-match': '"5"' }, body: PRODUCT_NFSE(vh.servicoId) });
    expect(curso.status).toBe(200);
    expect(curso.body.message).toBe('Integração ativa');

    // PATCH touches only what it names.
    const patched = await api.request('PATCH', path('/payment-methods'), { headers: { 'if-match': '"6"' }, body: { paypal: null } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings.paymentMethods).toEqual({ billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: null, pix: 'PIX' });

    const read = await api.request('GET', path());
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"7"');
    const view = SettingsViewSchema.parse(read.body);
    expect(view).toMatchObject({
      accountId,
      version: 7,
      statusMap,
      invoicePolicy: policy,
      products: [
        { guruProductCode: 'CURSO/01', ...PRODUCT_NFSE(vh.servicoId) },
        { guruProductCode: 'LIVRO-01', ...PRODUCT_NFE(vh.produtoId) },
      ],
    });
    expect((await api.request('GET', path('/products/LIVRO-01'))).body).toEqual({ guruProductCode: 'LIVRO-01', ...PRODUCT_NFE(vh.produtoId) });

    // Re-sending the same section changes nothing: no new version, no new event.
    const same = await api.request('PUT', path('/invoice-policy'), { headers: { 'if-match': '"7"' }, body: policy });
    expect(same.status).toBe(200);
    expect(same.headers.etag).toBe('"7"');

    const messages = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId, 7);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshotsOf(accountId)).toHaveLength(7);
    const versions = messages.map((m) => IntegrationConfigSnapshotSchema.parse(m.value).version);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const last = messages[6]!;
    expect(last.headers[HEADERS.contract]).toBe(INTEGRATION_CONFIG);
    expect(last.headers[HEADERS.accountId]).toBe(accountId);
    expect(last.value).toEqual({
      accountId,
      version: 7,
      active: true,
      criarVendaComJuros: true,
      enviarParcelas: true,
      credentialsSet: true,
      credentialsVersion: 1,
      paymentMethods: { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: null, pix: 'PIX' },
      statusMap,
      invoicePolicy: policy,
      products: view.products,
      updatedAt: view.updatedAt,
    });

    // Audit: who, when, which fields; token changes recorded without values.
    const audit = await api.request('GET', path('/audit?limit=10'));
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'payment_methods.patch', 'product.put', 'product.put', 'invoice_policy.put', 'status_map.put', 'payment_methods.put', 'detalhe.put',
    ]);
    const first = audit.body.entries[6];
    expect(first).toMatchObject({ actor: 'admin-backend', via: 'http', version: 1 });
    expect(first.changes).toEqual(expect.arrayContaining([{ path: 'detalhe.accessToken', secret: true }, { path: 'detalhe.ativo', from: null, to: true }]));
    expect(audit.body.entries[0].changes).toEqual([{ path: 'paymentMethods.paypal', from: 'Pagamento online', to: null }]);

    // New tokens bump credentialsVersion (and re-verify, the integration being active).
    await simAdmin.createAccount({ accessToken: 'rotated-access-token-0001', secretAccessToken: 'rotated-secret-token-0001' });
    const rotated = await api.request('PATCH', path('/detalhe'), {
      headers: { 'if-match': '"7"' },
      body: { accessToken: 'rotated-access-token-0001', secretAccessToken: 'rotated-secret-token-0001' },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.settings.detalhe.credentialsVersion).toBe(2);
    expect(rotated.body.settings.detalhe.accessToken.last4).toBe('0001');
    const eighth = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId && (m.value as { version: number }).version === 8);
    expect(eighth[0]!.value).toMatchObject({ credentialsVersion: 2, credentialsSet: true });

    // Tokens at rest are sealed (AES-256-GCM with the key id), never in clear.
    const rows = await query<{ access_token_sealed: string; credentials_key_id: string }>(
      `SELECT access_token_sealed, credentials_key_id FROM "${schema}".integration WHERE account_id = $1`,
      [accountId],
    );
    expect(rows[0]!.credentials_key_id).toBe('k1');
    expect(rows[0]!.access_token_sealed).toMatch(/^v1\.k1\./);
    expect(rows[0]!.access_token_sealed).not.toContain('rotated-access-token');

    // Deleting publishes a tombstone; the account can be set up again with increasing versions.
    expect((await api.request('DELETE', path(), { headers: { 'if-match': '"7"' } })).status).toBe(412);
    const deleted = await api.request('DELETE', path(), { headers: { 'if-match': '"8"' } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: 'Integração excluída', version: 9 });
    const tombstone = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId && m.value === null);
    expect(tombstone[0]!.rawValue).toBeNull();
    expect((await api.request('GET', path())).status).toBe(404);
    const again = await api.request('PUT', path('/invoice-policy'), { headers: { 'if-none-match': '*' }, body: policy });
    expect(again.status).toBe(200);
    expect(again.body.settings).toMatchObject({ version: 10, products: [], detalhe: { ativo: false, credentialsVersion: 3, accessToken: { set: false } } });
  });

  it('refuses activation with tokens Vhsys rejects, and saves nothing', async () => {
    const accountId = uniqueId('acct');
    const res = await api.request('PUT', api.settingsPath(accountId, '/detalhe'), {
      headers: { 'if-none-match': '*' },
      body: { accessToken: secretToken('wrong'), secretAccessToken: secretToken('wrong'), criarVendaComJuros: false, enviarParcelas: false, ativo: true },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('vhsys_credentials_rejected');
    expect(res.body.message).toMatch(/A Vhsys recusou o Access-Token e o Secret-Access-Token/);
    expect(res.body.details).toEqual([
      { path: 'accessToken', message: 'was refused by Vhsys' },
      { path: 'secretAccessToken', message: 'was refused by Vhsys' },
    ]);
    expect((await api.request('GET', api.settingsPath(accountId))).status).toBe(404);

    // Saving inactive tokens is allowed; switching on later verifies the stored pair.
    const stored = await api.request('PUT', api.settingsPath(accountId, '/detalhe'), {
      headers: { 'if-none-match': '*' },
      body: { accessToken: secretToken('wrong'), secretAccessToken: secretToken('wrong'), criarVendaComJuros: false, enviarParcelas: false, ativo: false },
    });
    expect(stored.status).toBe(200);
    expect(stored.body.message).toBe('Configurações salvas');
    const activate = await api.request('PATCH', api.settingsPath(accountId, '/detalhe'), { headers: { 'if-match': '"1"' }, body: { ativo: true } });
    expect(activate.status).toBe(422);
    expect(activate.body.error).toBe('vhsys_credentials_rejected');

    const noTokens = await api.request('PUT', api.settingsPath(uniqueId('acct'), '/detalhe'), {
      headers: { 'if-none-match': '*' },
      body: { criarVendaComJuros: false, enviarParcelas: false, ativo: true },
    });
    expect(noTokens.status).toBe(422);
    expect(noTokens.body.details.map((d: { path: string }) => d.path)).toEqual(['accessToken', 'secretAccessToken']);
  });

  it('refuses Faturamento settings for a product missing (or trashed) in Vhsys, and situações the account does not have', async () => {
    const vh = await createVhsysAccount(simAdmin);
    const accountId = uniqueId('acct');
    const path = (s = '') => api.settingsPath(accountId, s);
    // Without tokens there is nothing to check the product against.
    const early = await api.request('PUT', path('/products/P1'), { headers: { 'if-none-match': '*' }, body: PRODUCT_NFE(vh.produtoId) });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('credentials_not_set');

    await api.request('PUT', path('/detalhe'), {
      headers: { 'if-none-match': '*' },
      body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: true },
    });
    const missing = await api.request('PUT', path('/products/P1'), { headers: { 'if-match': '"1"' }, body: PRODUCT_NFE(vh.produtoId + 7) });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toBe('vhsys_product_not_found');
    expect(missing.body.details).toEqual([{ path: 'vhsysProductId', message: 'is not a product of this Vhsys account' }]);
    expect(missing.body.message).toMatch(/não encontrado na Vhsys/);

    const trashed = await api.request('PUT', path('/products/P1'), { headers: { 'if-match': '"1"' }, body: PRODUCT_NFE(vh.trashedProdutoId) });
    expect(trashed.status).toBe(422);
    expect(trashed.body.details[0].path).toBe('vhsysProductId');

    const badSituacao = await api.request('PATCH', path('/status-map'), {
      headers: { 'if-match': '"1"' },
      body: { approved: { status: 'Em Andamento', situacaoId: vh.situacaoAtendidoId }, pending: { status: 'Em Aberto', situacaoId: 123 } },
    });
    expect(badSituacao.status).toBe(422);
    expect(badSituacao.body.details).toEqual([
      { path: 'approved.situacaoId', message: `situação ${vh.situacaoAtendidoId} belongs to status "Atendido", not "Em Andamento"` },
      { path: 'pending.situacaoId', message: 'is not a situação de pedido of this Vhsys account (see GET /situacoes)' },
    ]);
    expect((await api.request('GET', path())).body.version).toBe(1);
  });

  it('validates every field with paths: 422 with details, 400 for malformed requests, 428 without a precondition', async () => {
    const accountId = uniqueId('acct');
    const path = (s = '') => api.settingsPath(accountId, s);
    const create = { 'if-none-match': '*' };

    const payment = await api.request('PUT', path('/payment-methods'), { headers: create, body: { billet: 'Boleto Bancário', credit_card: 'Cartão de Crédito', pix: 'PIX', paypall: 'Outros' } });
    expect(payment.status).toBe(422);
    expect(payment.body.error).toBe('validation_failed');
    expect(payment.body.details).toEqual([
      { path: 'billet', message: expect.stringContaining('must be one of the Vhsys formas de pagamento') },
      { path: 'paypal', message: 'is required' },
      { path: 'paypall', message: 'is not a field of this section' },
    ]);
    for (const forma of VHSYS_FORMAS_PAGAMENTO) expect(payment.body.details[0].message).toContain(forma);

    const status = await api.request('PUT', path('/status-map'), { headers: create, body: { approved: { status: 'Aprovado' }, canceled: { status: 'Cancelado', situacaoId: -1 } } });
    expect(status.status).toBe(422);
    expect(status.body.details).toEqual([
      { path: 'approved.status', message: 'must be one of Em Aberto, Em Andamento, Atendido, Cancelado' },
      { path: 'canceled.situacaoId', message: expect.any(String) },
      { path: 'pending', message: 'is required' },
      { path: 'refunded', message: 'is required' },
    ]);

    const product = await api.request('PUT', path('/products/X'), {
      headers: create,
      body: { vhsysProductId: 0, kind: 'produto', issueInvoice: true, active: true, nfe: { naturezaOperacao: 'Venda', cfop: '51020', serie: 1 }, nfse: null },
    });
    expect(product.status).toBe(422);
    expect(product.body.details.map((d: { path: string }) => d.path)).toEqual(['vhsysProductId', 'nfe.cfop']);
    const noNfe = await api.request('PUT', path('/products/X'), { headers: create, body: { vhsysProductId: 5, kind: 'servico', issueInvoice: true, active: true } });
    expect(noNfe.body.details).toEqual([{ path: 'nfse', message: expect.stringMatching(/required to issue an NFS-e/) }]);

    const policy = await api.request('PUT', path('/invoice-policy'), { headers: create, body: { ambiente: 'teste', issueWhen: 'on_approval' } });
    expect(policy.body.details.map((d: { path: string }) => d.path)).toEqual(['ambiente', 'onRefundAfterInvoice']);

    const halfTokens = await api.request('PATCH', path('/detalhe'), { headers: create, body: { accessToken: 'abcdefgh1234' } });
    expect(halfTokens.status).toBe(422);
    expect(halfTokens.body.details).toEqual([{ path: 'secretAccessToken', message: expect.stringMatching(/send both or neither/) }]);

    const malformed = await api.request('PUT', path('/invoice-policy'), { headers: create, rawBody: '{"ambiente": "producao",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ error: 'invalid_request', message: 'request body is not valid JSON', details: [] });

    const noPrecondition = await api.request('PUT', path('/invoice-policy'), { body: { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' } });
    expect(noPrecondition.status).toBe(428);
    expect(noPrecondition.body.error).toBe('precondition_required');

    const badIfMatch = await api.request('PUT', path('/invoice-policy'), { headers: { 'if-match': 'yesterday' }, body: {} });
    expect(badIfMatch.status).toBe(400);

    expect((await api.request('GET', api.settingsPath('bad id!'))).status).toBe(400);
    // No ":" in account ids (sale keys are `<accountId>:<id>`, docs/kafka.md#keys): not even created.
    const colon = await api.request('PUT', api.settingsPath('acme:cursos', '/invoice-policy'), {
      headers: create, body: { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' },
    });
    expect(colon.status).toBe(400);
    expect(colon.body).toEqual({ error: 'invalid_request', message: `accountId ${ACCOUNT_ID_RULE}`, details: [{ path: 'accountId', message: ACCOUNT_ID_RULE }] });
    expect((await api.request('GET', api.settingsPath('acme:cursos'))).status).toBe(400);
    expect((await api.withToken(null).request('GET', path())).status).toBe(401);
    expect((await api.withToken('not-a-configured-token-000000').request('GET', path())).status).toBe(401);
    expect((await api.request('GET', path())).status).toBe(404);
  });

  it('bounds each account: at most MAX_PRODUCTS_PER_ACCOUNT products and every text field to its length, 422 naming the limit and the field', async () => {
    const vh = await createVhsysAccount(simAdmin);
    const accountId = uniqueId('acct_limits');
    const path = (s = '') => api.settingsPath(accountId, s);
    const created = await api.request('PUT', path('/detalhe'), {
      headers: { 'if-none-match': '*' },
      body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: false },
    });
    expect(created.status).toBe(200);
    let version: number = created.body.settings.version;
    const put = (code: string, body: object = PRODUCT_NFE(vh.produtoId)) =>
      api.request('PUT', path(`/products/${encodeURIComponent(code)}`), { headers: { 'if-match': `"${version}"` }, body });
    for (let i = 0; i < MAX_PRODUCTS_PER_ACCOUNT; i += 1) {
      const added = await put(`P-${String(i).padStart(3, '0')}`);
      expect(added.status).toBe(200);
      version = added.body.settings.version;
    }

    const limitMessage = `must have at most ${MAX_PRODUCTS_PER_ACCOUNT} products per account (MAX_PRODUCTS_PER_ACCOUNT); delete one before adding another`;
    const over = await put('P-extra');
    expect(over.status).toBe(422);
    expect(over.body).toEqual({ error: 'validation_failed', message: `invalid products: ${limitMessage}`, details: [{ path: 'products', message: limitMessage }] });
    expect((await api.request('GET', path())).body.products).toHaveLength(MAX_PRODUCTS_PER_ACCOUNT);

    // At the limit, a product already there may still change, and one may be replaced.
    const changed = await put('P-000', { ...PRODUCT_NFE(vh.produtoId), description: 'Outra descrição' });
    expect(changed.status).toBe(200);
    version = changed.body.settings.version;
    const removed = await api.request('DELETE', path('/products/P-001'), { headers: { 'if-match': `"${version}"` } });
    expect(removed.status).toBe(200);
    version = removed.body.settings.version;
    const replaced = await put('P-extra');
    expect(replaced.status).toBe(200);
    version = replaced.body.settings.version;
    expect(replaced.body.settings.products).toHaveLength(MAX_PRODUCTS_PER_ACCOUNT);

    // Every text field of the snapshot is bounded, and the refusal names the field and the limit.
    const longDescription = await put('P-000', { ...PRODUCT_NFE(vh.produtoId), description: 'd'.repeat(256) });
    expect(longDescription.status).toBe(422);
    expect(longDescription.body.error).toBe('validation_failed');
    expect(longDescription.body.details).toEqual([{ path: 'description', message: expect.stringContaining('255') }]);
    const longNatureza = await put('P-000', { ...PRODUCT_NFE(vh.produtoId), nfe: { naturezaOperacao: 'n'.repeat(121), cfop: '5102', serie: 1 } });
    expect(longNatureza.status).toBe(422);
    expect(longNatureza.body.details).toEqual([{ path: 'nfe.naturezaOperacao', message: expect.stringContaining('120') }]);
    const longServico = await put('P-000', {
      ...PRODUCT_NFSE(vh.servicoId),
      nfse: { serie: 1, naturezaOperacao: 1, codigoServico: 'c'.repeat(21), aliquotaIss: '2.00', regime: 1, descricaoServico: 's'.repeat(256) },
    });
    expect(longServico.status).toBe(422);
    expect(longServico.body.details).toEqual([
      { path: 'nfse.codigoServico', message: expect.stringContaining('20') },
      { path: 'nfse.descricaoServico', message: expect.stringContaining('255') },
    ]);
    const longCode = await put('C'.repeat(192));
    expect(longCode.status).toBe(422);
    expect(longCode.body.details).toEqual([{ path: 'guruProductCode', message: 'must be 1-191 printable characters' }]);
    expect((await api.request('GET', path())).body.version).toBe(version);

    // The snapshot of an account at the limit is published like any other.
    const [snapshot] = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId && (m.value as { version?: number } | null)?.version === version);
    expect(IntegrationConfigSnapshotSchema.parse(snapshot!.value).products).toHaveLength(MAX_PRODUCTS_PER_ACCOUNT);
  });

  it('isolates tenants: a token limited to account A gets the same 403 for B whether B exists or not, and cannot change it', async () => {
    const limited = api.withToken(LIMITED_TOKEN);
    const existingB = uniqueId('acct_b');
    const missingB = uniqueId('acct_b');
    const policy = { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' };
    expect((await api.request('PUT', api.settingsPath(existingB, '/invoice-policy'), { headers: { 'if-none-match': '*' }, body: policy })).status).toBe(200);

    const own = await limited.request('PUT', limited.settingsPath(limitedAccount, '/invoice-policy'), { headers: { 'if-none-match': '*' }, body: policy });
    expect(own.status).toBe(200);

    const answers: { status: number; text: string; headers: Record<string, string> }[] = [];
    for (const b of [existingB, missingB]) {
      for (const [method, suffix, body, headers] of [
        ['GET', '', undefined, {}],
        ['GET', '/situacoes', undefined, {}],
        ['GET', '/vhsys-products', undefined, {}],
        ['GET', '/audit', undefined, {}],
        ['GET', '/products/LIVRO-01', undefined, {}],
        ['PUT', '/invoice-policy', policy, { 'if-match': '"1"' }],
        ['PUT', '/invoice-policy', policy, { 'if-none-match': '*' }],
        ['PATCH', '/detalhe', { ativo: true }, { 'if-match': '"1"' }],
        ['PUT', '/products/LIVRO-01', PRODUCT_NFE(1), {}],
        ['DELETE', '', undefined, { 'if-match': '"1"' }],
        ['DELETE', '', undefined, { 'if-match': 'not-even-valid' }],
      ] as const) {
        const res = await limited.request(method, limited.settingsPath(b, suffix), { body, headers: headers as Record<string, string> });
        answers.push({ status: res.status, text: res.text, headers: { etag: res.headers.etag ?? '', length: res.headers['content-length'] ?? '' } });
      }
    }
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([403]));
    expect(new Set(answers.map((a) => a.text))).toEqual(new Set([JSON.stringify({ error: 'forbidden', message: 'this token may not access this account', details: [] })]));
    expect(new Set(answers.map((a) => JSON.stringify(a.headers))).size).toBe(1);
    // B is untouched.
    expect((await api.request('GET', api.settingsPath(existingB))).body.version).toBe(1);
  });

  it("lists the account's Vhsys products live (the Faturamento picker): search, pages, lixeira left out, bounded queries", async () => {
    const vh = await createVhsysAccount(simAdmin);
    const accountId = uniqueId('acct');
    const path = (s = '') => api.settingsPath(accountId, s);
    expect((await api.request('GET', path('/vhsys-products'))).status).toBe(404);
    expect((await api.request('PUT', path('/invoice-policy'), { headers: { 'if-none-match': '*' }, body: { ambiente: 'homologacao', issueWhen: 'on_approval', onRefundAfterInvoice: 'manual_cancellation' } })).status).toBe(200);
    expect((await api.request('GET', path('/vhsys-products'))).body.error).toBe('credentials_not_set');
    expect((await api.request('PUT', path('/detalhe'), { headers: { 'if-match': '"1"' }, body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: false } })).status).toBe(200);

    const all = await api.request('GET', path('/vhsys-products'));
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      products: [
        { id: vh.produtoId, description: 'Livro impresso', code: 'LIVRO-01', unit: 'UN', kind: 'produto' },
        { id: vh.servicoId, description: 'Curso online', code: 'CURSO-01', unit: 'UN', kind: 'servico' },
      ],
      total: 2,
      page: 1,
      pageSize: 20,
    });
    expect((await api.request('GET', path('/vhsys-products?search=curso'))).body.products.map((p: { id: number }) => p.id)).toEqual([vh.servicoId]);
    expect((await api.request('GET', path('/vhsys-products?search=nada%20disso'))).body).toEqual({ products: [], total: 0, page: 1, pageSize: 20 });
    expect((await api.request('GET', path('/vhsys-products?page=2'))).body).toMatchObject({ products: [], page: 2 });

    for (const [queryString, field] of [['search=' + 'x'.repeat(61), 'search'], ['page=0', 'page'], ['page=51', 'page'], ['page=abc', 'page'], ['search=a&search=b', 'search'], ['search=%01', 'search']]) {
      const refused = await api.request('GET', path(`/vhsys-products?${queryString}`));
      expect([refused.status, refused.body.error, refused.body.details.map((d: { path: string }) => d.path)]).toEqual([422, 'validation_failed', [field]]);
    }
  });

  it('serves the fixed lists of the screens: exactly the values the settings accept', async () => {
    const res = await api.request('GET', '/v1/vhsys-integration/enumerations');
    expect(res.status).toBe(200);
    expect(res.body.formasPagamento).toEqual([...VHSYS_FORMAS_PAGAMENTO]);
    expect(res.body.orderStatuses).toEqual(['Em Aberto', 'Em Andamento', 'Atendido', 'Cancelado']);
    expect(res.body.guruPaymentMethods).toEqual([
      { value: 'billet', label: 'Boleto Bancário' }, { value: 'credit_card', label: 'Cartão de Crédito' }, { value: 'paypal', label: 'Paypal' }, { value: 'pix', label: 'PIX' },
    ]);
    expect(res.body.guruStatusGroups).toEqual([
      { value: 'approved', label: 'Aprovada' }, { value: 'canceled', label: 'Cancelada/Expirada' }, { value: 'pending', label: 'Pendente' }, { value: 'refunded', label: 'Reembolsada' },
    ]);
    expect((await fetch(`${service.httpUrl}/v1/vhsys-integration/enumerations`)).status).toBe(401);
  });

  it('lets one of two concurrent edits from the same version win; the other gets a conflict with the current version', async () => {
    const accountId = uniqueId('acct');
    const path = api.settingsPath(accountId, '/payment-methods');
    expect((await api.request('PUT', path, { headers: { 'if-none-match': '*' }, body: { billet: 'Boleto', credit_card: null, paypal: null, pix: null } })).status).toBe(200);

    for (let round = 0; round < 3; round++) {
      const version = (await api.request('GET', api.settingsPath(accountId))).body.version as number;
      const [a, b] = await Promise.all([
        api.request('PUT', path, { headers: { 'if-match': `"${version}"` }, body: { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: null, pix: `PIX` } }),
        api.request('PUT', path, { headers: { 'if-match': `"${version}"` }, body: { billet: 'Faturar', credit_card: 'Cartão de Débito', paypal: 'Outros', pix: null } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      expect(loser.body).toMatchObject({ error: 'version_conflict', currentVersion: version + 1 });
      expect(loser.headers.etag).toBe(`"${version + 1}"`);
      const now = await api.request('GET', api.settingsPath(accountId));
      expect(now.body.version).toBe(version + 1);
      expect(now.body.paymentMethods).toEqual(winner.body.settings.paymentMethods);
      // Restore a different state so the next round's writes are both real changes.
      await api.request('PUT', path, { headers: { 'if-match': `"${version + 1}"` }, body: { billet: 'Boleto', credit_card: null, paypal: null, pix: null } });
    }

    // Two concurrent creations: one creates, the other conflicts.
    const fresh = api.settingsPath(uniqueId('acct'), '/payment-methods');
    const both = await Promise.all([
      api.request('PUT', fresh, { headers: { 'if-none-match': '*' }, body: { billet: 'Boleto', credit_card: null, paypal: null, pix: null } }),
      api.request('PUT', fresh, { headers: { 'if-none-match': '*' }, body: { billet: 'PIX', credit_card: null, paypal: null, pix: null } }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
  });

  it('republishes the current snapshot of one account, a deleted one\'s tombstone, or every account (all-accounts tokens only), with an audit entry', async () => {
    const policy = { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' };
    const live = uniqueId('acct_rp');
    const gone = uniqueId('acct_rp');
    for (const accountId of [live, gone]) {
      expect((await api.request('PUT', api.settingsPath(accountId, '/invoice-policy'), { headers: { 'if-none-match': '*' }, body: policy })).status).toBe(200);
    }
    expect((await api.request('PUT', api.settingsPath(live, '/invoice-policy'), { headers: { 'if-match': '"1"' }, body: { ...policy, ambiente: 'homologacao' } })).status).toBe(200);
    expect((await api.request('DELETE', api.settingsPath(gone), { headers: { 'if-match': '"1"' } })).status).toBe(200);
    await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === live && (m.value as { version: number }).version === 2);
    await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === gone && m.value === null);

    // One account: its current snapshot again, same version; a deleted one: its tombstone again.
    const one = await api.request('POST', '/v1/admin/republish', { body: { accountId: live } });
    expect([one.status, one.body]).toEqual([200, { republished: 1 }]);
    const copies = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === live && (m.value as { version: number }).version === 2, 2);
    expect(copies[1]!.value).toEqual(copies[0]!.value);
    expect(copies[1]!.headers[HEADERS.contract]).toBe(INTEGRATION_CONFIG);
    expect((await api.request('POST', '/v1/admin/republish', { body: { accountId: gone } })).body).toEqual({ republished: 1 });
    await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === gone && m.value === null, 2);
    expect(snapshotsOf(live)).toHaveLength(3);

    const audit = await api.request('GET', api.settingsPath(live, '/audit?limit=1'));
    expect(audit.body.entries[0]).toMatchObject({ actor: 'admin-backend', via: 'http', action: 'republish', version: 2, changes: [] });
    // Versions do not move: the settings are untouched.
    expect((await api.request('GET', api.settingsPath(live))).body.version).toBe(2);

    // Every account of the service: the rows it has, present or deleted.
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}"."integration"`);
    const all = await api.request('POST', '/v1/admin/republish', { rawBody: '' });
    expect([all.status, all.body]).toEqual([200, { republished: n }]);
    expect((await api.request('POST', '/v1/admin/republish', { body: {} })).body).toEqual({ republished: n });
    await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === live && (m.value as { version: number }).version === 2, 4);

    // Refusals, none of which publishes anything.
    const limited = api.withToken(LIMITED_TOKEN);
    expect((await limited.request('POST', '/v1/admin/republish', { body: {} })).status).toBe(403);
    expect((await limited.request('POST', '/v1/admin/republish', { body: { accountId: live } })).body).toEqual({ error: 'forbidden', message: 'this token may not access this account', details: [] });
    expect((await api.withToken(null).request('POST', '/v1/admin/republish', { body: {} })).status).toBe(401);
    expect((await api.request('POST', '/v1/admin/republish', { body: { accountId: uniqueId('never') } })).body.error).toBe('not_found');
    const invalid = await api.request('POST', '/v1/admin/republish', { body: { accountId: 7, everything: true } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['accountId', 'everything']);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshotsOf(live)).toHaveLength(5);
  });

  it('serves OpenAPI at /docs, health and metrics', async () => {
    const docs = await fetch(`${service.httpUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const spec = (await (await fetch(`${service.httpUrl}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/accounts/{accountId}/vhsys-integration',
        '/v1/accounts/{accountId}/vhsys-integration/detalhe',
        '/v1/accounts/{accountId}/vhsys-integration/products/{guruProductCode}',
        '/v1/accounts/{accountId}/vhsys-integration/situacoes',
        '/v1/accounts/{accountId}/vhsys-integration/vhsys-products',
        '/v1/vhsys-integration/enumerations',
        '/v1/admin/republish',
      ]),
    );
    const put = spec.paths['/v1/accounts/{accountId}/vhsys-integration/payment-methods']!.put as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } };
    expect(Object.keys(put.requestBody.content['application/json']!.schema.properties)).toEqual(['billet', 'credit_card', 'paypal', 'pix']);
    const ready = await fetch(`${service.httpUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, kafka: true, kafka_producer: true, sales_history_consumer_joined: true, audits_consumer_joined: true } });
    expect((await fetch(`${service.httpUrl}/health/live`)).status).toBe(200);
  });
});
