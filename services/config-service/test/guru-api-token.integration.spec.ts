import * as grpc from '@grpc/grpc-js';
import { TOPICS } from '@gv/contracts';
import { KafkaProbe, uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator } from '@gv/vhsys-simulator';
import { SettingsService } from '../src/settings/settings-service';
import type { RunningConfigService } from '../src/start-config-service';
import {
  ADMIN_TOKEN, dropSchema, GrpcApi, GuruSimulatorProcess, HttpApi, query, secretToken, serviceEnv, startGuruSimulatorProcess, startInProcess, startSimulator, testSchema,
} from './support';

const LIMITED_TOKEN = 'guru-admin-token-limited-to-one-acct';

jest.setTimeout(120000);

/**
 * The seller's Guru API user token in config-service, against real PostgreSQL, Kafka and the Guru
 * API simulator over HTTP: checked with Guru when saved, sealed at rest, shown as set + last 4,
 * audited without a value, never on Kafka, never in an answer.
 */
describe('Guru API user token (real PostgreSQL, Kafka and the Guru API simulator)', () => {
  let vhsys: RunningVhsysSimulator;
  let guru: GuruSimulatorProcess;
  let service: RunningConfigService;
  let schema: string;
  let http: HttpApi;
  let rpc: GrpcApi;
  let probe: KafkaProbe;
  const accountId = uniqueId('acct_guru');
  const otherAccount = uniqueId('acct_other');
  // Two tokens Guru accepts (a seller's users), and one it does not know.
  const accepted = secretToken('guru-user-a');
  const acceptedB = secretToken('guru-user-b');
  const refused = secretToken('guru-user-unknown');
  const path = (suffix = '') => http.settingsPath(accountId, suffix);

  beforeAll(async () => {
    ({ sim: vhsys } = await startSimulator());
    guru = await startGuruSimulatorProcess([{ accountId: 'seller', userTokens: [accepted, acceptedB] }]);
    schema = testSchema();
    service = await startInProcess(serviceEnv({
      schema, vhsysUrl: vhsys.url,
      adminTokens: `admin-backend:${ADMIN_TOKEN}:*,tenant-a:${LIMITED_TOKEN}:${otherAccount}`,
      extra: { GURU_API_BASE_URL: guru.url, GURU_API_TIMEOUT_MS: '2000' },
    }));
    http = new HttpApi(service.httpUrl);
    rpc = new GrpcApi(service.grpcAddress);
    probe = new KafkaProbe();
    await probe.listen([TOPICS.integrationConfig]);
  });

  afterAll(async () => {
    rpc?.close();
    await probe?.close();
    await service?.stop();
    await guru?.stop();
    await vhsys?.close();
    await dropSchema(schema);
  });

  /** Everything the account's row, audit entries and outbox rows hold, as text. */
  const storedText = async () => JSON.stringify([
    await query(`SELECT * FROM "${schema}".integration WHERE account_id = $1`, [accountId]),
    await query(`SELECT * FROM "${schema}".audit_log WHERE account_id = $1`, [accountId]),
    await query(`SELECT * FROM "${schema}".outbox`),
  ]);
  const row = async () => (await query<{ guru_token_sealed: string | null; guru_token_key_id: string | null; guru_token_last4: string | null; version: number }>(
    `SELECT guru_token_sealed, guru_token_key_id, guru_token_last4, version FROM "${schema}".integration WHERE account_id = $1`, [accountId],
  ))[0];
  const guruRequests = () => guru.requestCount('seller');

  it('saves a token Guru accepts: sealed at rest, shown as set + last 4, audited without a value', async () => {
    const saved = await http.request('PUT', path('/guru-api'), { body: { userToken: accepted }, headers: { 'if-none-match': '*' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.body.message).toBe('Configurações salvas');
    expect(saved.body.settings.guruApi).toEqual({ set: true, last4: accepted.slice(-4), setAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(await guruRequests()).toBe(1);

    const read = await http.request('GET', path());
    expect(read.body.guruApi).toEqual(saved.body.settings.guruApi);

    const stored = await row();
    expect(stored).toMatchObject({ guru_token_key_id: 'k1', guru_token_last4: accepted.slice(-4), version: 1 });
    expect(stored!.guru_token_sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await storedText()).not.toContain(accepted);

    // The integration was created by this save: the entry lists the defaults and the token, as changed only.
    const audit = await http.request('GET', path('/audit'));
    expect(audit.body.entries.map((e: { action: string; version: number }) => [e.action, e.version])).toEqual([['guru_api.put', 1]]);
    const changes = audit.body.entries[0].changes as { path: string }[];
    expect(changes.filter((c) => c.path.startsWith('guruApi'))).toEqual([{ path: 'guruApi.userToken', secret: true }]);
    expect(changes.map((c) => c.path)).toContain('detalhe.ativo');

    // The internal access (the import, later): the same token, decrypted.
    expect(await service.app.get(SettingsService).getGuruUserToken('guru-import', accountId)).toBe(accepted);
  });

  it('refuses a token Guru refuses with 422 guru_token_rejected naming userToken, and stores nothing', async () => {
    const before = await row();
    const answer = await http.request('PUT', path('/guru-api'), { body: { userToken: refused }, headers: { 'if-match': '"1"' } });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      error: 'guru_token_rejected',
      message: expect.stringContaining('O Guru recusou o token de usuário'),
      details: [{ path: 'userToken', message: 'was refused by Guru (HTTP 401)' }],
    });
    expect(await row()).toEqual(before);
    expect(await storedText()).not.toContain(refused);
    expect((await http.request('GET', path('/audit'))).body.entries).toHaveLength(1);
  });

  it('validates before asking Guru, needs a precondition, and changes nothing for the same token', async () => {
    const asked = await guruRequests();
    const invalid = await http.request('PUT', path('/guru-api'), { body: { userToken: 'a b' }, headers: { 'if-match': '"1"' } });
    expect({ status: invalid.status, error: invalid.body.error, paths: invalid.body.details.map((d: { path: string }) => d.path) }).toEqual({ status: 422, error: 'validation_failed', paths: ['userToken'] });
    const noPrecondition = await http.request('PUT', path('/guru-api'), { body: { userToken: acceptedB } });
    expect(noPrecondition.status).toBe(428);
    const stale = await http.request('PUT', path('/guru-api'), { body: { userToken: acceptedB }, headers: { 'if-match': '"7"' } });
    expect({ status: stale.status, etag: stale.headers.etag }).toEqual({ status: 412, etag: '"1"' });
    expect(await guruRequests()).toBe(asked);

    const same = await http.request('PUT', path('/guru-api'), { body: { userToken: accepted }, headers: { 'if-match': '"1"' } });
    expect({ status: same.status, message: same.body.message, version: same.body.settings.version }).toEqual({ status: 200, message: 'Nada mudou', version: 1 });
  });

  it('answers 403 to a token limited to other accounts, before looking at anything', async () => {
    const asked = await guruRequests();
    const limited = http.withToken(LIMITED_TOKEN);
    const put = await limited.request('PUT', path('/guru-api'), { body: { userToken: acceptedB }, headers: { 'if-match': '"1"' } });
    const del = await limited.request('DELETE', path('/guru-api'), { headers: { 'if-match': '"1"' } });
    expect([put.status, put.body.error, del.status, del.body.error]).toEqual([403, 'forbidden', 403, 'forbidden']);
    const overGrpc = await rpc.call('UpdateGuruApiToken', { accountId, expectedVersion: 1, userToken: acceptedB }, LIMITED_TOKEN);
    expect(overGrpc.error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(await guruRequests()).toBe(asked);
    expect((await row())!.version).toBe(1);
  });

  it('replaces, refuses and deletes the token over gRPC', async () => {
    const replaced = await rpc.call('UpdateGuruApiToken', { accountId, expectedVersion: 1, userToken: acceptedB });
    expect(replaced.ok).toBe(true);
    expect(replaced.response.settings.version).toBe(2);
    expect(replaced.response.settings.guruApi).toEqual({ set: true, last4: acceptedB.slice(-4), setAt: expect.any(String) });
    expect(await service.app.get(SettingsService).getGuruUserToken('guru-import', accountId)).toBe(acceptedB);

    const rejected = await rpc.call('UpdateGuruApiToken', { accountId, expectedVersion: 2, userToken: refused });
    expect(rejected.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(rejected.error?.metadata.get('x-error-code')).toEqual(['guru_token_rejected']);
    expect(JSON.parse(String(rejected.error?.metadata.get('x-error-details')[0]))).toEqual([{ path: 'userToken', message: 'was refused by Guru (HTTP 401)' }]);

    const deleted = await rpc.call('DeleteGuruApiToken', { accountId, expectedVersion: 2 });
    expect(deleted.response.settings.guruApi).toEqual({ set: false, last4: '', setAt: '' });
    expect(await row()).toEqual({ guru_token_sealed: null, guru_token_key_id: null, guru_token_last4: null, version: 3 });
    const again = await rpc.call('DeleteGuruApiToken', { accountId, expectedVersion: 3 });
    expect(again.error?.code).toBe(grpc.status.NOT_FOUND);
    expect((await rejectionCode(service.app.get(SettingsService).getGuruUserToken('guru-import', accountId)))).toBe('guru_token_not_set');
    expect(rpc.transcript.join('\n')).not.toMatch(new RegExp(`${accepted}|${acceptedB}|${refused}`));
  });

  it('sets it again and deletes it over HTTP, each change audited without a value', async () => {
    const set = await http.request('PUT', path('/guru-api'), { body: { userToken: accepted }, headers: { 'if-match': '"3"' } });
    expect(set.body.settings.guruApi.set).toBe(true);
    const deleted = await http.request('DELETE', path('/guru-api'), { headers: { 'if-match': '"4"' } });
    expect({ status: deleted.status, etag: deleted.headers.etag, guruApi: deleted.body.settings.guruApi }).toEqual({ status: 200, etag: '"5"', guruApi: { set: false, last4: null, setAt: null } });
    const audit = await http.request('GET', path('/audit'));
    expect(audit.body.entries.slice(0, 4).map((e: { action: string; via: string; changes: unknown[] }) => [e.action, e.via, e.changes])).toEqual([
      ['guru_api.delete', 'http', [{ path: 'guruApi.userToken', secret: true }]],
      ['guru_api.put', 'http', [{ path: 'guruApi.userToken', secret: true }]],
      ['guru_api.delete', 'grpc', [{ path: 'guruApi.userToken', secret: true }]],
      ['guru_api.put', 'grpc', [{ path: 'guruApi.userToken', secret: true }]],
    ]);
    expect(audit.body.entries[4]).toMatchObject({ action: 'guru_api.put', via: 'http', version: 1 });
  });

  it('never puts the token (nor whether it is set) on the settings topic, and never answers it', async () => {
    const snapshots = await probe.waitFor(TOPICS.integrationConfig, (m) => m.key === accountId, 5, 30000);
    for (const m of snapshots) {
      const text = m.rawValue?.toString('utf8') ?? '';
      expect(text).not.toMatch(new RegExp(`${accepted}|${acceptedB}|${refused}|guru_?[Tt]oken|guruApi`));
    }
    expect(http.exchanges.map((e) => e.text).join('\n')).not.toMatch(new RegExp(`${accepted}|${acceptedB}|${refused}`));
  });

  it('answers 502 guru_unavailable when Guru cannot be reached, and stores nothing', async () => {
    await guru.stop();
    const answer = await http.request('PUT', path('/guru-api'), { body: { userToken: accepted }, headers: { 'if-match': '"5"' } });
    expect({ status: answer.status, error: answer.body.error }).toEqual({ status: 502, error: 'guru_unavailable' });
    expect(await row()).toEqual({ guru_token_sealed: null, guru_token_key_id: null, guru_token_last4: null, version: 5 });
    const overGrpc = await rpc.call('UpdateGuruApiToken', { accountId, expectedVersion: 5, userToken: accepted });
    expect(overGrpc.error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(overGrpc.error?.metadata.get('x-error-code')).toEqual(['guru_unavailable']);
  });
});

async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'resolved';
}
