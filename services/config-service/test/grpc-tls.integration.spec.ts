import { readFileSync } from 'fs';
import * as grpc from '@grpc/grpc-js';
import { ConfigCredentialsClient, GrpcClientTls, grpcErrorInfo } from '@gv/contracts';
import { generateTestPki, grpcTlsServerEnv, TestPki, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import type { RunningConfigService } from '../src/start-config-service';
import { createVhsysAccount, dropSchema, GrpcApi, HttpApi, INTERNAL_TOKEN, serviceEnv, startInProcess, startSimulator, testSchema } from './support';

jest.setTimeout(120000);

/**
 * GRPC_TLS=on: TLS on the admin port, mutual TLS on the internal (GetCredentials) port, with
 * certificates made for this run (libs/testing generateTestPki).
 */
describe('config-service gRPC over TLS and mutual TLS', () => {
  let sim: RunningVhsysSimulator;
  let simAdmin: SimulatorAdmin;
  let pki: TestPki;
  let schema: string;
  let service: RunningConfigService;
  const pem = (file: string) => readFileSync(file);
  /** What the admin backend has: the CA only (the admin port asks for no client certificate). */
  let serverOnly: GrpcClientTls;
  /** What invoice-dispatcher has: the CA and a client certificate the service trusts. */
  let trustedClient: GrpcClientTls;
  /** A client certificate from a CA the service does not trust. */
  let foreignClient: GrpcClientTls;
  const open: { close(): void }[] = [];
  const track = <T extends { close(): void }>(client: T): T => {
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    ({ sim, admin: simAdmin } = await startSimulator());
    pki = generateTestPki();
    serverOnly = { ca: pem(pki.ca.certFile) };
    trustedClient = { ca: pem(pki.ca.certFile), cert: pem(pki.client.certFile), key: pem(pki.client.keyFile) };
    foreignClient = { ca: pem(pki.ca.certFile), cert: pem(pki.otherClient.certFile), key: pem(pki.otherClient.keyFile) };
    schema = testSchema();
    service = await startInProcess(
      serviceEnv({
        schema,
        vhsysUrl: sim.url,
        extra: { ...grpcTlsServerEnv(pki), CONFIG_SERVICE_INTERNAL_GRPC_PORT: '0' },
      }),
    );
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await service?.stop();
    await sim?.close();
    await dropSchema(schema);
    pki?.cleanup();
  });

  it('serves the admin service over TLS to a client that checks the server against the CA', async () => {
    expect(service.internalGrpcPort).not.toBe(service.grpcPort);
    const admin = track(new GrpcApi(service.grpcAddress, serverOnly));
    const account = uniqueId('acct_tls');
    const outcome = await admin.call('GetSettings', { accountId: account });
    // NOT_FOUND: the call went through TLS and the token guard, and the service looked the account up.
    expect(grpcErrorInfo(outcome.error!).error).toBe('not_found');
  });

  it('refuses a plaintext client on either port', async () => {
    for (const address of [service.grpcAddress, service.internalGrpcAddress]) {
      const plaintext = track(new GrpcApi(address));
      const outcome = await plaintext.call(address === service.grpcAddress ? 'GetSettings' : 'GetCredentials', { accountId: 'acct-x' }, INTERNAL_TOKEN);
      expect(outcome.error!.code).toBe(grpc.status.UNAVAILABLE);
    }
  });

  it('serves GetCredentials to a client certificate signed by the trusted CA, still requiring the internal token', async () => {
    const vh = await createVhsysAccount(simAdmin, 'tls');
    const account = uniqueId('acct_tls');
    const saved = await new HttpApi(service.httpUrl).request('PUT', `/v1/accounts/${account}/vhsys-integration/detalhe`, {
      headers: { 'if-none-match': '*' },
      body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: true },
    });
    expect(saved.status).toBe(200);

    const client = track(new ConfigCredentialsClient({ address: service.internalGrpcAddress, token: INTERNAL_TOKEN, tls: trustedClient }));
    expect(await client.getCredentials(account)).toMatchObject({ accountId: account, accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, credentialsVersion: 1 });

    // The certificate alone is not enough: no token, or an admin token, is refused by the guard.
    const withCert = track(new GrpcApi(service.internalGrpcAddress, trustedClient));
    expect((await withCert.call('GetCredentials', { accountId: account }, null)).error!.code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await withCert.call('GetCredentials', { accountId: account })).error!.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('refuses GetCredentials without a client certificate, or with one from another CA, whatever the token', async () => {
    const account = uniqueId('acct_tls');
    for (const tls of [serverOnly, foreignClient]) {
      const client = track(new ConfigCredentialsClient({ address: service.internalGrpcAddress, token: INTERNAL_TOKEN, tls }));
      const error = (await client.getCredentials(account).catch((e: grpc.ServiceError) => e)) as grpc.ServiceError;
      // The handshake fails: the call never reaches the service (no NOT_FOUND, no token check).
      expect(error.code).toBe(grpc.status.UNAVAILABLE);
    }
  });

  it('refuses a client that trusts another CA (the server certificate does not verify)', async () => {
    const client = track(new GrpcApi(service.grpcAddress, { ca: pem(pki.otherCa.certFile) }));
    expect((await client.call('GetSettings', { accountId: 'acct-x' })).error!.code).toBe(grpc.status.UNAVAILABLE);
  });
});
