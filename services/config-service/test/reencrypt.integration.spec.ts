import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promisify } from 'util';
import { createLogger } from '@gv/telemetry';
import { entryCommand, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import { ConfigCredentialsClient } from '@gv/contracts';
import { loadConfigServiceConfig } from '../src/config-service.config';
import { reencryptCredentials, ReencryptReport } from '../src/reencrypt/reencrypt-credentials';
import type { RunningConfigService } from '../src/start-config-service';
import { createVhsysAccount, dropSchema, HttpApi, INTERNAL_TOKEN, query, serviceEnv, startInProcess, startSimulator, testSchema, VhsysAccountFixture } from './support';

jest.setTimeout(120000);

/** `config-service reencrypt`: every account's tokens moved to the active key, idempotent and resumable. */
describe('config-service re-encryption command', () => {
  let sim: RunningVhsysSimulator;
  let simAdmin: SimulatorAdmin;
  let schema: string;
  const running: RunningConfigService[] = [];
  const silent = createLogger('config-service', 'silent');
  const k1 = `k1:${randomBytes(32).toString('base64')}`;
  const k2 = `k2:${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    ({ sim, admin: simAdmin } = await startSimulator());
    schema = testSchema();
  });

  afterAll(async () => {
    for (const s of running) await s.stop();
    await sim?.close();
    await dropSchema(schema);
  });

  it('moves every account to the active key in resumable batches, changes nothing else, and the service still opens the tokens', async () => {
    const base = serviceEnv({ schema, vhsysUrl: sim.url });
    const envWith = (keys: string, active: string) => ({ ...base, CONFIG_ENCRYPTION_KEYS: keys, CONFIG_ENCRYPTION_ACTIVE_KEY: active });
    const start = async (env: Record<string, string>) => {
      const service = await startInProcess(env);
      running.push(service);
      return service;
    };
    const rows = () =>
      query<{ account_id: string; credentials_key_id: string; credentials_version: number; version: number }>(
        `SELECT account_id, credentials_key_id, credentials_version, version FROM "${schema}".integration ORDER BY account_id`,
      );
    const outboxRows = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0]!.n;

    // Three accounts sealed with k1.
    const first = await start(envWith(k1, 'k1'));
    const accounts: { accountId: string; vh: VhsysAccountFixture }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const vh = await createVhsysAccount(simAdmin, `re${i}`);
      const accountId = uniqueId(`acct_re${i}`);
      const saved = await new HttpApi(first.httpUrl).request('PUT', `/v1/accounts/${accountId}/vhsys-integration/detalhe`, {
        headers: { 'if-none-match': '*' },
        body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: true },
      });
      expect(saved.status).toBe(200);
      accounts.push({ accountId, vh });
    }
    await first.stop();
    running.splice(running.indexOf(first), 1);
    const before = await rows();
    expect(before.map((r) => r.credentials_key_id)).toEqual(['k1', 'k1', 'k1']);

    // Rotation: k2 active, k1 still configured; the service keeps running during the moves.
    const rotatedEnv = envWith(`${k1},${k2}`, 'k2');
    const service = await start(rotatedEnv);
    const outboxBefore = await outboxRows();

    // Without k1 configured nothing can be opened: reported, left as it is.
    const withoutK1 = await reencryptCredentials(loadConfigServiceConfig(envWith(k2, 'k2')), { batchSize: 2 }, silent);
    expect(withoutK1).toEqual({
      activeKeyId: 'k2', moved: 0, batches: 2, remaining: 3,
      unreadable: before.map((r) => ({ accountId: r.account_id, keyId: 'k1' })),
    });

    // An interrupted run (one batch of one account), through the command line as operators run it.
    const [node, ...args] = ['node', ...entryCommand('services/config-service/src/main.ts')];
    const cli = await promisify(execFile)(node!, [...args, 'reencrypt', '--batch-size', '1', '--max-batches', '1'], { env: { ...process.env, ...rotatedEnv, LOG_LEVEL: 'info' } });
    expect(JSON.parse(cli.stdout) as ReencryptReport).toEqual({ activeKeyId: 'k2', moved: 1, batches: 1, unreadable: [], remaining: 2 });
    expect((await rows()).map((r) => r.credentials_key_id)).toEqual(['k2', 'k1', 'k1']);
    for (const { vh } of accounts) for (const secret of [vh.accessToken, vh.secretAccessToken]) expect(cli.stdout + cli.stderr).not.toContain(secret);

    // The next run resumes with the other two; a third one finds nothing to do.
    const config = loadConfigServiceConfig(rotatedEnv);
    expect(await reencryptCredentials(config, { batchSize: 1 }, silent)).toEqual({ activeKeyId: 'k2', moved: 2, batches: 2, unreadable: [], remaining: 0 });
    expect(await reencryptCredentials(config, { batchSize: 1 }, silent)).toEqual({ activeKeyId: 'k2', moved: 0, batches: 0, unreadable: [], remaining: 0 });

    // Only the sealing changed: same versions, no outbox row (nothing for Kafka).
    const after = await rows();
    expect(after.map((r) => r.credentials_key_id)).toEqual(['k2', 'k2', 'k2']);
    expect(after.map((r) => [r.account_id, r.credentials_version, r.version])).toEqual(before.map((r) => [r.account_id, r.credentials_version, r.version]));
    expect(await outboxRows()).toBe(outboxBefore);

    // The running service opens them, and so does one that no longer has k1.
    const readAll = async (address: string) => {
      const client = new ConfigCredentialsClient({ address, token: INTERNAL_TOKEN });
      try {
        for (const { accountId, vh } of accounts) {
          expect(await client.getCredentials(accountId)).toMatchObject({ accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, credentialsVersion: 1 });
        }
      } finally {
        client.close();
      }
    };
    await readAll(service.internalGrpcAddress);
    const k2Only = await start(envWith(k2, 'k2'));
    await readAll(k2Only.internalGrpcAddress);
  });
});
