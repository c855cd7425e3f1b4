import * as grpc from '@grpc/grpc-js';
import { ACCOUNT_ID_RULE, IntegrationConfigSnapshotSchema, MAX_PRODUCTS_PER_ACCOUNT, TOPICS } from '@gv/contracts';
import { KafkaProbe, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import { ConfigCredentialsClient, decodeStatusDetails, grpcErrorInfo } from '@gv/contracts';
import type { RunningConfigService } from '../src/start-config-service';
import {
  ADMIN_TOKEN, createVhsysAccount, dropSchema, GrpcApi, HttpApi, INTERNAL_TOKEN, serviceEnv, startInProcess, startSimulator, testSchema,
} from './support';

const LIMITED_TOKEN = 'grpc-admin-token-limited-to-one-acct';

jest.setTimeout(120000);

describe('config-service over gRPC (real PostgreSQL, Kafka and the Vhsys simulator)', () => {
  let sim: RunningVhsysSimulator;
  let simAdmin: SimulatorAdmin;
  let service: RunningConfigService;
  let schema: string;
  let rpc: GrpcApi;
  let http: HttpApi;
  let probe: KafkaProbe;
  const limitedAccount = uniqueId('acct_a');

  beforeAll(async () => {
    ({ sim, admin: simAdmin } = await startSimulator());
    schema = testSchema();
    service = await startInProcess(
      serviceEnv({ schema, vhsysUrl: sim.url, adminTokens: `admin-backend:${ADMIN_TOKEN}:*,tenant-a:${LIMITED_TOKEN}:${limitedAccount}` }),
    );
    rpc = new GrpcApi(service.grpcAddress);
    http = new HttpApi(service.httpUrl);
    probe = new KafkaProbe();
    await probe.listen([TOPICS.integrationConfig]);
  });

  afterAll(async () => {
    rpc?.close();
    await probe?.close();
    await service?.stop();
    await sim?.close();
    await dropSchema(schema);
  });

  it('round-trips every section through the admin service, with the same state HTTP sees', async () => {
    const vh = await createVhsysAccount(simAdmin);
    const accountId = uniqueId('acct');

    const missing = await rpc.call('GetSettings', { accountId });
    expect(missing.error?.code).toBe(grpc.status.NOT_FOUND);

    const detalhe = await rpc.call('UpdateDetalhe', {
      accountId, expectedVersion: 0, accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken,
      criarVendaComJuros: false, enviarParcelas: true, ativo: true,
    });
    expect(detalhe.ok).toBe(true);
    expect(detalhe.response.message).toBe('Integração ativa');
    expect(detalhe.response.settings.version).toBe(1);
    expect(detalhe.response.settings.detalhe).toEqual({
      accessToken: { set: true, last4: vh.accessToken.slice(-4), setAt: expect.any(String) },
      secretAccessToken: { set: true, last4: vh.secretAccessToken.slice(-4), setAt: expect.any(String) },
      credentialsVersion: 1, criarVendaComJuros: false, enviarParcelas: true, ativo: true,
    });

    const payment = await rpc.call('UpdatePaymentMethods', { accountId, expectedVersion: 1, paymentMethods: { billet: 'Boleto', creditCard: 'Cartão de Crédito', pix: 'PIX' } });
    expect(payment.response.settings.paymentMethods).toEqual({ billet: 'Boleto', creditCard: 'Cartão de Crédito', paypal: '', pix: 'PIX' });

    const situacoes = await rpc.call('ListSituacoes', { accountId });
    expect(situacoes.response.situacoes).toEqual(expect.arrayContaining([{ id: vh.situacaoAtendidoId, name: 'Pago e liberado', status: 'Atendido' }]));

    const products = await rpc.call('ListVhsysProducts', { accountId, search: 'curso', page: 0 });
    expect(products.response).toEqual({ products: [{ id: vh.servicoId, description: 'Curso online', code: 'CURSO-01', unit: 'UN', kind: 'servico' }], total: 1, page: 1, pageSize: 20 });
    const badPage = await rpc.call('ListVhsysProducts', { accountId, page: 51 });
    expect(badPage.ok).toBe(false);

    const status = await rpc.call('UpdateStatusMap', {
      accountId, expectedVersion: 2,
      statusMap: {
        approved: { status: 'Atendido', situacaoId: vh.situacaoAtendidoId },
        canceled: { status: 'Cancelado' },
        pending: { status: 'Em Aberto' },
        refunded: { status: 'Cancelado' },
      },
    });
    expect(status.ok).toBe(true);

    const policy = await rpc.call('UpdateInvoicePolicy', { accountId, expectedVersion: 3, invoicePolicy: { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'manual_cancellation' } });
    expect(policy.response.settings.version).toBe(4);

    const nfe = await rpc.call('PutProduct', {
      accountId, expectedVersion: 4,
      product: { guruProductCode: 'LIVRO-01', vhsysProductId: vh.produtoId, kind: 'produto', issueInvoice: true, active: true, nfe: { naturezaOperacao: 'Venda', cfop: '5102', serie: 1 } },
    });
    expect(nfe.ok).toBe(true);
    const nfse = await rpc.call('PutProduct', {
      accountId, expectedVersion: 5,
      product: {
        guruProductCode: 'CURSO-01', vhsysProductId: vh.servicoId, description: 'Curso', kind: 'servico', issueInvoice: true, active: false,
        nfse: { serie: 2, naturezaOperacao: 1, codigoServico: '08.02', aliquotaIss: '5.00' },
      },
    });
    expect(nfse.ok).toBe(true);

    const read = await rpc.call('GetSettings', { accountId });
    expect(read.response).toMatchObject({
      accountId,
      version: 6,
      statusMap: {
        approved: { status: 'Atendido', situacaoId: vh.situacaoAtendidoId },
        canceled: { status: 'Cancelado', situacaoId: 0 },
      },
      invoicePolicy: { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'manual_cancellation' },
      products: [
        {
          guruProductCode: 'CURSO-01', vhsysProductId: vh.servicoId, description: 'Curso', kind: 'servico', issueInvoice: true, active: false, nfe: null,
          nfse: { serie: 2, naturezaOperacao: 1, codigoServico: '08.02', aliquotaIss: '5.00', regime: 1, descricaoServico: '' },
        },
        { guruProductCode: 'LIVRO-01', vhsysProductId: vh.produtoId, description: '', nfe: { naturezaOperacao: 'Venda', cfop: '5102', serie: 1 }, nfse: null },
      ],
    });

    // HTTP reads exactly the same settings.
    const viaHttp = (await http.request('GET', http.settingsPath(accountId))).body;
    expect(viaHttp.version).toBe(6);
    expect(viaHttp.products[0].nfse).toEqual({ serie: 2, naturezaOperacao: 1, codigoServico: '08.02', aliquotaIss: '5.00', regime: 1, descricaoServico: null });
    expect(viaHttp.paymentMethods.paypal).toBeNull();

    const removed = await rpc.call('DeleteProduct', { accountId, expectedVersion: 6, guruProductCode: 'CURSO-01' });
    expect(removed.response.settings.products.map((p: { guruProductCode: string }) => p.guruProductCode)).toEqual(['LIVRO-01']);

    const audit = await rpc.call('ListAudit', { accountId, limit: 3 });
    expect(audit.response.entries.map((e: { action: string }) => e.action)).toEqual(['product.delete', 'product.put', 'product.put']);
    expect(audit.response.entries[0]).toMatchObject({ actor: 'admin-backend', via: 'grpc', version: 7 });

    const messages = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId, 7);
    expect(messages.map((m) => IntegrationConfigSnapshotSchema.parse(m.value).version)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const deleted = await rpc.call('DeleteIntegration', { accountId, expectedVersion: 7 });
    expect(deleted.response).toEqual({ message: 'Integração excluída', version: 8 });
    await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId && m.value === null);
  });

  it('reports INVALID_ARGUMENT with the same field details as HTTP (trailers and google.rpc.BadRequest)', async () => {
    const accountId = uniqueId('acct');
    const bad = await rpc.call('UpdateStatusMap', { accountId, expectedVersion: 0, statusMap: { approved: { status: 'Aprovado' }, canceled: { status: 'Cancelado' } } });
    expect(bad.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    const info = grpcErrorInfo(bad.error!);
    expect(info.error).toBe('validation_failed');
    const expected = [
      { path: 'approved.status', message: 'must be one of Em Aberto, Em Andamento, Atendido, Cancelado' },
      { path: 'pending', message: 'is required' },
      { path: 'refunded', message: 'is required' },
    ];
    expect(info.details).toEqual(expected);
    const decoded = decodeStatusDetails(bad.error!.metadata.get('grpc-status-details-bin')[0] as Buffer);
    expect(decoded).toEqual({ code: grpc.status.INVALID_ARGUMENT, message: bad.error!.details, violations: expected });

    const viaHttp = await http.request('PUT', http.settingsPath(accountId, '/status-map'), {
      headers: { 'if-none-match': '*' },
      body: { approved: { status: 'Aprovado' }, canceled: { status: 'Cancelado' } },
    });
    expect(viaHttp.body.details).toEqual(expected);

    const accents = await rpc.call('UpdatePaymentMethods', { accountId, expectedVersion: 0, paymentMethods: { billet: 'Boleto Bancário' } });
    expect(grpcErrorInfo(accents.error!).details[0]).toEqual({ path: 'billet', message: expect.stringContaining('Cartão de Crédito') });

    const noSection = await rpc.call('UpdateInvoicePolicy', { accountId, expectedVersion: 0 });
    expect(grpcErrorInfo(noSection.error!).details).toEqual([{ path: 'invoicePolicy', message: 'is required' }]);

    const wrongTokens = await rpc.call('UpdateDetalhe', { accountId, expectedVersion: 0, accessToken: 'nope-nope-nope-1', secretAccessToken: 'nope-nope-nope-2', ativo: true });
    expect(wrongTokens.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(grpcErrorInfo(wrongTokens.error!).error).toBe('vhsys_credentials_rejected');

    const noVersion = await rpc.call('UpdateInvoicePolicy', { accountId, invoicePolicy: { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' } });
    expect(noVersion.error?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(grpcErrorInfo(noVersion.error!).error).toBe('precondition_required');

    // Account ids have no ":" (sale keys are `<accountId>:<id>`, docs/kafka.md#keys), on every call.
    for (const [method, request] of [
      ['GetSettings', { accountId: `${accountId}:x` }],
      ['UpdateInvoicePolicy', { accountId: `${accountId}:x`, expectedVersion: 0, invoicePolicy: { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' } }],
    ] as const) {
      const colon = await rpc.call(method, request);
      expect(colon.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(grpcErrorInfo(colon.error!)).toMatchObject({ error: 'invalid_request', details: [{ path: 'accountId', message: ACCOUNT_ID_RULE }] });
    }
  });

  it('refuses a product past MAX_PRODUCTS_PER_ACCOUNT and text past its length with INVALID_ARGUMENT naming the limit and the field', async () => {
    const vh = await createVhsysAccount(simAdmin);
    const accountId = uniqueId('acct_limits');
    const created = await rpc.call('UpdateDetalhe', {
      accountId, expectedVersion: 0, accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: false,
    });
    expect(created.ok).toBe(true);
    let version: number = created.response.settings.version;
    const product = (code: string, extra: object = {}) => ({
      guruProductCode: code, vhsysProductId: vh.produtoId, kind: 'produto', issueInvoice: true, active: true,
      nfe: { naturezaOperacao: 'Venda', cfop: '5102', serie: 1 }, ...extra,
    });
    for (let i = 0; i < MAX_PRODUCTS_PER_ACCOUNT; i += 1) {
      const added = await rpc.call('PutProduct', { accountId, expectedVersion: version, product: product(`P-${i}`) });
      expect(added.ok).toBe(true);
      version = added.response.settings.version;
    }

    const limitMessage = `must have at most ${MAX_PRODUCTS_PER_ACCOUNT} products per account (MAX_PRODUCTS_PER_ACCOUNT); delete one before adding another`;
    const over = await rpc.call('PutProduct', { accountId, expectedVersion: version, product: product('P-extra') });
    expect(over.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(over.error?.details).toBe(`invalid products: ${limitMessage}`);
    const info = grpcErrorInfo(over.error!);
    expect(info.error).toBe('validation_failed');
    expect(info.details).toEqual([{ path: 'products', message: limitMessage }]);
    const decoded = decodeStatusDetails(over.error!.metadata.get('grpc-status-details-bin')[0] as Buffer);
    expect(decoded).toEqual({ code: grpc.status.INVALID_ARGUMENT, message: `invalid products: ${limitMessage}`, violations: [{ path: 'products', message: limitMessage }] });

    const longDescription = await rpc.call('PutProduct', { accountId, expectedVersion: version, product: product('P-0', { description: 'd'.repeat(256) }) });
    expect(longDescription.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(grpcErrorInfo(longDescription.error!).details).toEqual([{ path: 'description', message: expect.stringContaining('255') }]);
    const longCode = await rpc.call('PutProduct', { accountId, expectedVersion: version, product: product('C'.repeat(192)) });
    expect(longCode.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(grpcErrorInfo(longCode.error!).details).toEqual([{ path: 'guruProductCode', message: 'must be 1-191 printable characters' }]);
    expect((await rpc.call('GetSettings', { accountId })).response.version).toBe(version);
  });

  it('answers conflicts with ABORTED and the current version; tenants with PERMISSION_DENIED; unknown tokens with UNAUTHENTICATED', async () => {
    const accountId = uniqueId('acct');
    const policy = { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' };
    expect((await rpc.call('UpdateInvoicePolicy', { accountId, expectedVersion: 0, invoicePolicy: policy })).ok).toBe(true);
    const [a, b] = await Promise.all([
      rpc.call('UpdateInvoicePolicy', { accountId, expectedVersion: 1, invoicePolicy: { ...policy, ambiente: 'homologacao' } }),
      rpc.call('UpdateInvoicePolicy', { accountId, expectedVersion: 1, invoicePolicy: { ...policy, issueWhen: 'after_warranty' } }),
    ]);
    const loser = a.ok ? b : a;
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(loser.error?.code).toBe(grpc.status.ABORTED);
    expect(grpcErrorInfo(loser.error!)).toMatchObject({ error: 'version_conflict', currentVersion: 2 });

    const denied = [];
    for (const target of [accountId, uniqueId('never')]) {
      denied.push(await rpc.call('GetSettings', { accountId: target }, LIMITED_TOKEN));
      denied.push(await rpc.call('UpdateInvoicePolicy', { accountId: target, expectedVersion: 2, invoicePolicy: policy }, LIMITED_TOKEN));
      denied.push(await rpc.call('DeleteIntegration', { accountId: target, expectedVersion: 2 }, LIMITED_TOKEN));
    }
    expect(new Set(denied.map((d) => `${d.error?.code} ${d.error?.details}`))).toEqual(new Set([`${grpc.status.PERMISSION_DENIED} this token may not access this account`]));
    expect((await rpc.call('UpdateInvoicePolicy', { accountId: limitedAccount, expectedVersion: 0, invoicePolicy: policy }, LIMITED_TOKEN)).ok).toBe(true);

    expect((await rpc.call('GetSettings', { accountId }, null)).error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await rpc.call('GetSettings', { accountId }, 'some-unknown-token-0000000')).error?.code).toBe(grpc.status.UNAUTHENTICATED);
    // The internal token is not an admin token, and the other way round.
    expect((await rpc.call('GetSettings', { accountId }, INTERNAL_TOKEN)).error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await rpc.call('GetCredentials', { accountId }, ADMIN_TOKEN)).error?.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('republishes one account\'s snapshot (Republish), every account only for all-accounts tokens', async () => {
    const accountId = uniqueId('acct');
    const policy = { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' };
    expect((await rpc.call('UpdateInvoicePolicy', { accountId, expectedVersion: 0, invoicePolicy: policy })).ok).toBe(true);
    const republished = await rpc.call('Republish', { accountId });
    expect(republished.response).toEqual({ republished: 1 });
    const [first, copy] = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId, 2);
    expect(copy!.value).toEqual(first!.value);
    const audit = await rpc.call('ListAudit', { accountId, limit: 1 });
    expect(audit.response.entries[0]).toMatchObject({ action: 'republish', via: 'grpc', actor: 'admin-backend', version: 1, changes: [] });

    const all = await rpc.call('Republish', {}, LIMITED_TOKEN);
    expect(all.error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect((await rpc.call('Republish', { accountId }, LIMITED_TOKEN)).error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect((await rpc.call('Republish', { accountId }, INTERNAL_TOKEN)).error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await rpc.call('Republish', { accountId: uniqueId('never') })).error?.code).toBe(grpc.status.NOT_FOUND);
    expect((await rpc.call('Republish', {})).response.republished).toBeGreaterThanOrEqual(1);
  });

  it('serves GetCredentials to invoice-dispatcher only, with the decrypted pair and its version', async () => {
    const vh = await createVhsysAccount(simAdmin);
    const accountId = uniqueId('acct');
    const client = new ConfigCredentialsClient({ address: service.grpcAddress, token: INTERNAL_TOKEN });
    try {
      await expect(client.getCredentials(accountId)).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
      await rpc.call('UpdateInvoicePolicy', { accountId, expectedVersion: 0, invoicePolicy: { ambiente: 'producao', issueWhen: 'on_approval', onRefundAfterInvoice: 'keep_invoice' } });
      const noTokens = await client.getCredentials(accountId).catch((e: grpc.ServiceError) => e);
      expect((noTokens as grpc.ServiceError).code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(grpcErrorInfo(noTokens as grpc.ServiceError).error).toBe('credentials_not_set');

      await rpc.call('UpdateDetalhe', { accountId, expectedVersion: 1, accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, ativo: true });
      const creds = await client.getCredentials(accountId);
      expect(creds).toEqual({
        accountId, accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, credentialsVersion: 1, active: true, setAt: expect.any(String),
      });
      const wrong = new ConfigCredentialsClient({ address: service.grpcAddress, token: 'not-the-dispatcher-token-123' });
      await expect(wrong.getCredentials(accountId)).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
      wrong.close();
    } finally {
      client.close();
    }
  });
});
