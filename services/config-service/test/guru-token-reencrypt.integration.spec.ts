import { randomBytes } from 'crypto';
import { createLogger } from '@gv/telemetry';
import { uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import { loadConfigServiceConfig } from '../src/config-service.config';
import { reencryptCredentials } from '../src/reencrypt/reencrypt-credentials';
import { SettingsService } from '../src/settings/settings-service';
import type { RunningConfigService } from '../src/start-config-service';
import {
  createVhsysAccount, dropSchema, GuruSimulatorProcess, HttpApi, query, secretToken, serviceEnv, startGuruSimulatorProcess, startInProcess, startSimulator, testSchema,
} from './support';

jest.setTimeout(120000);

/** Key rotation moves the Guru API token like the Vhsys pair: `config-service:reencrypt`. */
describe('re-encryption of the Guru API token', () => {
  let vhsys: RunningVhsysSimulator;
  let vhsysAdmin: SimulatorAdmin;
  let guru: GuruSimulatorProcess;
  let schema: string;
  const running: RunningConfigService[] = [];
  const silent = createLogger('config-service', 'silent');
  const k1 = `k1:${randomBytes(32).toString('base64')}`;
  const k2 = `k2:${randomBytes(32).toString('base64')}`;
  const guruOnly = { accountId: uniqueId('acct_guru_only'), userToken: secretToken('guru-re-a') };
  const both = { accountId: uniqueId('acct_both'), userToken: secretToken('guru-re-b') };

  beforeAll(async () => {
    ({ sim: vhsys, admin: vhsysAdmin } = await startSimulator());
    guru = await startGuruSimulatorProcess([{ accountId: 'seller', userTokens: [guruOnly.userToken, both.userToken] }]);
    schema = testSchema();
  });

  afterAll(async () => {
    for (const s of running) await s.stop();
    await guru?.stop();
    await vhsys?.close();
    await dropSchema(schema);
  });

  it('moves the Guru token to the active key (alone or with the Vhsys pair), changing nothing else', async () => {
    const base = serviceEnv({ schema, vhsysUrl: vhsys.url, extra: { GURU_API_BASE_URL: guru.url } });
    const envWith = (keys: string, active: string) => ({ ...base, CONFIG_ENCRYPTION_KEYS: keys, CONFIG_ENCRYPTION_ACTIVE_KEY: active });
    const rows = () => query<{ account_id: string; credentials_key_id: string | null; guru_token_key_id: string; guru_token_sealed: string; version: number }>(
      `SELECT account_id, credentials_key_id, guru_token_key_id, guru_token_sealed, version FROM "${schema}".integration ORDER BY account_id`,
    );
    const auditCount = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".audit_log`))[0]!.n;

    const first = await startInProcess(envWith(k1, 'k1'));
    running.push(first);
    const api = new HttpApi(first.httpUrl);
    const vh = await createVhsysAccount(vhsysAdmin, 'regt');
    expect((await api.request('PUT', api.settingsPath(both.accountId, '/detalhe'), {
      headers: { 'if-none-match': '*' }, body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: false },
    })).status).toBe(200);
    expect((await api.request('PUT', api.settingsPath(both.accountId, '/guru-api'), { headers: { 'if-match': '"1"' }, body: { userToken: both.userToken } })).status).toBe(200);
    expect((await api.request('PUT', api.settingsPath(guruOnly.accountId, '/guru-api'), { headers: { 'if-none-match': '*' }, body: { userToken: guruOnly.userToken } })).status).toBe(200);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    const before = await rows();
    expect(before.map((r) => [r.credentials_key_id, r.guru_token_key_id])).toEqual(
      [both, guruOnly].sort((a, b) => a.accountId.localeCompare(b.accountId)).map((a) => (a === both ? ['k1', 'k1'] : [null, 'k1'])),
    );
    const audits = await auditCount();

    // Without k1 nothing opens: both accounts reported, left as they are.
    const withoutK1 = await reencryptCredentials(loadConfigServiceConfig(envWith(k2, 'k2')), { batchSize: 10 }, silent);
    expect({ moved: withoutK1.moved, remaining: withoutK1.remaining, unreadable: withoutK1.unreadable }).toEqual({
      moved: 0, remaining: 2, unreadable: before.map((r) => ({ accountId: r.account_id, keyId: 'k1' })),
    });

    const report = await reencryptCredentials(loadConfigServiceConfig(envWith(`${k1},${k2}`, 'k2')), { batchSize: 1 }, silent);
    expect({ moved: report.moved, batches: report.batches, remaining: report.remaining, unreadable: report.unreadable }).toEqual({ moved: 2, batches: 2, remaining: 0, unreadable: [] });
    const after = await rows();
    expect(after.map((r) => [r.credentials_key_id, r.guru_token_key_id, r.version])).toEqual(before.map((r) => [r.credentials_key_id === null ? null : 'k2', 'k2', r.version]));
    for (const [i, r] of after.entries()) {
      expect(r.guru_token_sealed).toMatch(/^v1\.k2\./);
      expect(r.guru_token_sealed).not.toBe(before[i]!.guru_token_sealed);
    }
    expect(await auditCount()).toBe(audits);
    // A second run has nothing left to move.
    expect((await reencryptCredentials(loadConfigServiceConfig(envWith(`${k1},${k2}`, 'k2')), { batchSize: 10 }, silent)).moved).toBe(0);

    // With k1 removed, the service still opens the tokens.
    const rotated = await startInProcess(envWith(k2, 'k2'));
    running.push(rotated);
    const settings = rotated.app.get(SettingsService);
    expect(await settings.getGuruUserToken('guru-import', guruOnly.accountId)).toBe(guruOnly.userToken);
    expect(await settings.getGuruUserToken('guru-import', both.accountId)).toBe(both.userToken);
    expect((await settings.getCredentials('invoice-dispatcher', both.accountId)).tokens).toEqual({ accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken });
  });
});
