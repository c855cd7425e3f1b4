/**
 * Credentials from the real config-service (child process) over its internal gRPC call: fetched
 * with the dispatcher's internal token, cached, refreshed when a sale carries a newer
 * credentialsVersion, and never written to a log line.
 */
import { randomBytes } from 'crypto';
import { Writable } from 'stream';
import * as grpc from '@grpc/grpc-js';
import { Client } from 'pg';
import { saleKey } from '@gv/contracts';
import { createLogger } from '@gv/telemetry';
import { eventually, freePort, ServiceProcess, testEnvironment, uniqueId } from '@gv/testing';
import { bearerMetadata, loadConfigServiceProto } from '@gv/contracts';
import { loadDispatcherConfig } from '../../src/config';
import { RunningInvoiceDispatcher, startInvoiceDispatcher } from '../../src/start-invoice-dispatcher';
import { buildSaleOrder } from '../support/sale-order-builder';
import { startConfigServiceProcess } from '../support/config-service-process';
import { CATALOG, checkVhsysState, DispatcherTestBed } from '../support/test-bed';

jest.setTimeout(120_000);

const ADMIN_TOKEN = `admin-${randomBytes(16).toString('hex')}`;
const INTERNAL_TOKEN = `dispatcher-${randomBytes(16).toString('hex')}`;


describe('invoice-dispatcher with credentials from config-service (gRPC)', () => {
  const env = testEnvironment();
  const configSchema = uniqueId('cfg_disp');
  let bed: DispatcherTestBed;
  let configService: ServiceProcess;
  let adminClient: grpc.Client & Record<string, Function>;
  let grpcPort: number;
  let dispatcher: RunningInvoiceDispatcher | null = null;
  const logLines: string[] = [];

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
    grpcPort = await freePort();
    configService = await startConfigServiceProcess(bed, { schema: configSchema, adminToken: ADMIN_TOKEN, internalToken: INTERNAL_TOKEN, grpcPort });
    const proto = loadConfigServiceProto();
    adminClient = new proto.VhsysIntegrationAdmin(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure()) as never;
  });

  afterAll(async () => {
    await dispatcher?.stop();
    adminClient?.close();
    await configService?.stop();
    await bed?.cleanup();
    const client = new Client({ connectionString: env.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${configSchema}" CASCADE`).finally(() => client.end());
  });

  function updateDetalhe(request: Record<string, unknown>): Promise<{ settings: { version: number; detalhe: { credentialsVersion: number } } }> {
    return new Promise((resolve, reject) => {
      adminClient.UpdateDetalhe(request, bearerMetadata(ADMIN_TOKEN), { deadline: Date.now() + 10_000 }, (error: grpc.ServiceError | null, response: never) =>
        (error ? reject(error) : resolve(response)));
    });
  }

  it('fetches the pair with its internal token, refreshes it when credentialsVersion changes, and never logs it', async () => {
    const account = await bed.addAccount();
    const accountId = account.accountId;
    // The seller first saves tokens Vhsys refuses (inactive, so config-service does not check them).
    const wrong = { accessToken: `wrong-${randomBytes(12).toString('hex')}`, secretAccessToken: `wrong-${randomBytes(12).toString('hex')}` };
    const v1 = await updateDetalhe({ accountId, expectedVersion: 0, ...wrong, criarVendaComJuros: false, enviarParcelas: true, ativo: false });
    expect(v1.settings.detalhe.credentialsVersion).toBe(1);

    const config = loadDispatcherConfig(bed.dispatcherEnv({
      STATIC_CREDENTIALS: '',
      CONFIG_SERVICE_GRPC_URL: `127.0.0.1:${grpcPort}`,
      CONFIG_SERVICE_INTERNAL_TOKEN: INTERNAL_TOKEN,
      LOG_LEVEL: 'debug',
    }));
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    dispatcher = await startInvoiceDispatcher(config, { logger: createLogger('invoice-dispatcher', 'debug', sink) });
    await dispatcher.waitUntilJoined();

    const sale = buildSaleOrder({ accountId, guruTransactionId: uniqueId('txg'), catalog: CATALOG, seed: 900, credentialsVersion: 1 });
    await bed.produce([sale]);
    await eventually(() => bed.results((r) => r.guruTransactionId === sale.guruTransactionId && r.outcome === 'paused').length === 1, 30_000, 'paused with the refused tokens');

    // The seller fixes the tokens: credentials version 2; the next message for the account carries it.
    const v2 = await updateDetalhe({
      accountId, expectedVersion: v1.settings.version, accessToken: account.accessToken, secretAccessToken: account.secretAccessToken,
      criarVendaComJuros: false, enviarParcelas: true, ativo: true,
    });
    expect(v2.settings.detalhe.credentialsVersion).toBe(2);
    const again = { ...sale, revision: 2, credentialsVersion: 2 };
    await bed.produce([again]);
    await eventually(() => bed.results((r) => r.guruTransactionId === sale.guruTransactionId && r.outcome === 'created').length === 1, 30_000, 'created with the new tokens');
    expect(checkVhsysState(await bed.admin.getState(account.accessToken), [again]).problems).toEqual([]);
    const [acct] = await bed.sql<{ paused: boolean; latest_credentials_version: number }>(
      `SELECT paused, latest_credentials_version FROM vhsys_account WHERE account_id = $1`, [accountId]);
    expect(acct).toEqual({ paused: false, latest_credentials_version: 2 });
    expect(bed.resultsBySale().get(saleKey(accountId, sale.guruTransactionId))?.outcome).toBe('created');

    await dispatcher.stop();
    dispatcher = null;
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [wrong.accessToken, wrong.secretAccessToken, account.accessToken, account.secretAccessToken, INTERNAL_TOKEN]) {
      expect(logs).not.toContain(secret);
    }
    // Nor in any message the dispatcher published.
    const published = JSON.stringify(bed.probe.messages.map((m) => [m.value, m.headers]));
    for (const secret of [account.accessToken, account.secretAccessToken, INTERNAL_TOKEN]) expect(published).not.toContain(secret);
  });
});
