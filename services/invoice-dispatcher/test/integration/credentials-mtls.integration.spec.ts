/**
 * invoice-dispatcher and config-service (child process) with GRPC_TLS=on: the dispatcher fetches
 * the pair over mutual TLS (its client certificate, the server checked against the test CA) and a
 * sale reaches Vhsys; once the integration is deleted, the settings tombstone makes the dispatcher
 * drop its cached pair, so the next sale of the account never calls Vhsys with the old tokens.
 */
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { Writable } from 'stream';
import * as grpc from '@grpc/grpc-js';
import { Client } from 'pg';
import { bearerMetadata, grpcChannelCredentials, loadConfigServiceProto } from '@gv/contracts';
import { createLogger } from '@gv/telemetry';
import { eventually, freePort, generateTestPki, grpcTlsClientEnv, grpcTlsServerEnv, ServiceProcess, testEnvironment, TestPki, uniqueId } from '@gv/testing';
import { loadDispatcherConfig } from '../../src/config';
import { RunningInvoiceDispatcher, startInvoiceDispatcher } from '../../src/start-invoice-dispatcher';
import { buildSaleOrder } from '../support/sale-order-builder';
import { startConfigServiceProcess } from '../support/config-service-process';
import { CATALOG, checkVhsysState, DispatcherTestBed } from '../support/test-bed';

jest.setTimeout(120_000);

const ADMIN_TOKEN = `admin-${randomBytes(16).toString('hex')}`;
const INTERNAL_TOKEN = `dispatcher-${randomBytes(16).toString('hex')}`;

describe('invoice-dispatcher with credentials over mutual TLS', () => {
  const env = testEnvironment();
  const configSchema = uniqueId('cfg_mtls');
  let pki: TestPki;
  let bed: DispatcherTestBed;
  let configService: ServiceProcess;
  let adminClient: grpc.Client & Record<string, Function>;
  let internalPort: number;
  let dispatcher: RunningInvoiceDispatcher | null = null;
  const logLines: string[] = [];

  beforeAll(async () => {
    pki = generateTestPki();
    bed = await DispatcherTestBed.create();
    // config-service publishes the settings on the bed's (prefixed) settings topic, which the dispatcher watches.
    const adminPort = await freePort();
    internalPort = await freePort();
    configService = await startConfigServiceProcess(bed, {
      schema: configSchema, adminToken: ADMIN_TOKEN, internalToken: INTERNAL_TOKEN, grpcPort: adminPort,
      env: {
        KAFKA_TOPIC_PREFIX: bed.topicPrefix,
        CONFIG_SERVICE_INTERNAL_GRPC_PORT: String(internalPort),
        ...grpcTlsServerEnv(pki),
        OUTBOX_POLL_INTERVAL_MS: '200',
      },
    });
    const proto = loadConfigServiceProto();
    // The admin port is TLS without client certificates: the CA is all an admin client needs.
    adminClient = new proto.VhsysIntegrationAdmin(`127.0.0.1:${adminPort}`, grpcChannelCredentials({ ca: readFileSync(pki.ca.certFile) })) as never;
  });

  afterAll(async () => {
    await dispatcher?.stop();
    adminClient?.close();
    await configService?.stop();
    await bed?.cleanup();
    pki?.cleanup();
    const client = new Client({ connectionString: env.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${configSchema}" CASCADE`).finally(() => client.end());
  });

  function admin<T = any>(method: string, request: Record<string, unknown>): Promise<T> {
    return new Promise((resolve, reject) => {
      adminClient[method]!(request, bearerMetadata(ADMIN_TOKEN), { deadline: Date.now() + 10_000 }, (error: grpc.ServiceError | null, response: T) =>
        (error ? reject(error) : resolve(response)));
    });
  }

  it('dispatches a sale with the pair fetched over mutual TLS, and stops using it once the integration is deleted', async () => {
    const account = await bed.addAccount();
    const { accountId } = account;
    const saved = await admin<{ settings: { version: number } }>('UpdateDetalhe', {
      accountId, expectedVersion: 0, accessToken: account.accessToken, secretAccessToken: account.secretAccessToken,
      criarVendaComJuros: false, enviarParcelas: true, ativo: true,
    });

    const config = loadDispatcherConfig(bed.dispatcherEnv({
      STATIC_CREDENTIALS: '',
      CONFIG_SERVICE_GRPC_URL: `127.0.0.1:${internalPort}`,
      CONFIG_SERVICE_INTERNAL_TOKEN: INTERNAL_TOKEN,
      ...grpcTlsClientEnv(pki),
      LOG_LEVEL: 'info',
    }));
    expect(config.grpcTls).not.toBeNull();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    dispatcher = await startInvoiceDispatcher(config, { logger: createLogger('invoice-dispatcher', 'info', sink) });
    await dispatcher.waitUntilJoined();

    // 1. Over mutual TLS: the pair is fetched (and cached), the sale reaches Vhsys.
    const first = buildSaleOrder({ accountId, guruTransactionId: uniqueId('txm'), catalog: CATALOG, seed: 910, credentialsVersion: 1 });
    await bed.produce([first]);
    await eventually(() => bed.results((r) => r.guruTransactionId === first.guruTransactionId && r.outcome === 'created').length === 1, 30_000, 'created over mTLS');
    expect(checkVhsysState(await bed.admin.getState(account.accessToken), [first]).problems).toEqual([]);

    // 2. The integration is deleted: the tombstone reaches the dispatcher, which drops the cached pair.
    const deletedAt = Date.now();
    await admin('DeleteIntegration', { accountId, expectedVersion: saved.settings.version });
    await eventually(
      () => logLines.some((line) => line.includes('cached Vhsys credentials dropped') && line.includes(accountId) && line.includes('"deleted"')),
      15_000,
      'the dispatcher saw the deletion',
    );

    // 3. A sale of the account mapped before the deletion (same credentialsVersion the cache holds)
    // is not sent with the old tokens: config-service says the integration is gone, the sale waits.
    const second = buildSaleOrder({ accountId, guruTransactionId: uniqueId('txm'), catalog: CATALOG, seed: 911, credentialsVersion: 1 });
    await bed.produce([second]);
    await eventually(() => bed.results((r) => r.guruTransactionId === second.guruTransactionId).length > 0, 30_000, 'a result for the sale after the deletion');
    const [result] = bed.results((r) => r.guruTransactionId === second.guruTransactionId);
    expect([result!.outcome, result!.reason]).toEqual(['paused', 'vhsys_credentials_missing']);
    const { entries } = await bed.admin.requestLog(account.accessToken);
    expect(entries.filter((e) => e.atMs >= deletedAt)).toEqual([]);
    expect(entries.length).toBeGreaterThan(0); // the log does record this account's calls (the first sale's)

    // The tokens and the internal token never reached a log line.
    for (const secret of [account.accessToken, account.secretAccessToken, INTERNAL_TOKEN]) expect(logLines.join('')).not.toContain(secret);
  });
});
