import { randomBytes } from 'crypto';
import * as grpc from '@grpc/grpc-js';
import { uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator, SimulatorAdmin } from '@gv/vhsys-simulator';
import { ConfigCredentialsClient, grpcErrorInfo } from '@gv/contracts';
import type { RunningConfigService } from '../src/start-config-service';
import { createVhsysAccount, dropSchema, HttpApi, INTERNAL_TOKEN, query, serviceEnv, startInProcess, startSimulator, testSchema } from './support';

jest.setTimeout(120000);

describe('config-service encryption key rotation', () => {
  let sim: RunningVhsysSimulator;
  let simAdmin: SimulatorAdmin;
  let schema: string;
  const running: RunningConfigService[] = [];

  beforeAll(async () => {
    ({ sim, admin: simAdmin } = await startSimulator());
    schema = testSchema();
  });

  afterAll(async () => {
    for (const s of running) await s.stop();
    await sim?.close();
    await dropSchema(schema);
  });

  it('opens tokens sealed with an older key, seals new ones with the active key, and says clearly when a key is gone', async () => {
    const k1 = `k1:${randomBytes(32).toString('base64')}`;
    const k2 = `k2:${randomBytes(32).toString('base64')}`;
    const base = serviceEnv({ schema, vhsysUrl: sim.url });
    const start = async (keys: string, active: string) => {
      const service = await startInProcess({ ...base, CONFIG_ENCRYPTION_KEYS: keys, CONFIG_ENCRYPTION_ACTIVE_KEY: active });
      running.push(service);
      return service;
    };
    const stop = async (service: RunningConfigService) => {
      await service.stop();
      running.splice(running.indexOf(service), 1);
    };
    const keyIdOf = async (accountId: string) =>
      (await query<{ credentials_key_id: string }>(`SELECT credentials_key_id FROM "${schema}".integration WHERE account_id = $1`, [accountId]))[0]!.credentials_key_id;
    const saveTokens = (service: RunningConfigService, accountId: string, vh: { accessToken: string; secretAccessToken: string }, pre: Record<string, string>) =>
      new HttpApi(service.httpUrl).request('PUT', `/v1/accounts/${accountId}/vhsys-integration/detalhe`, {
        headers: pre,
        body: { accessToken: vh.accessToken, secretAccessToken: vh.secretAccessToken, criarVendaComJuros: false, enviarParcelas: false, ativo: true },
      });

    const vhA = await createVhsysAccount(simAdmin);
    const vhB = await createVhsysAccount(simAdmin);
    const accountA = uniqueId('acct_rot');
    const accountB = uniqueId('acct_rot');

    const first = await start(k1, 'k1');
    expect((await saveTokens(first, accountA, vhA, { 'if-none-match': '*' })).status).toBe(200);
    expect((await saveTokens(first, accountB, vhB, { 'if-none-match': '*' })).status).toBe(200);
    expect(await keyIdOf(accountA)).toBe('k1');
    await stop(first);

    // Rotation: k2 becomes active, k1 stays configured.
    const second = await start(`${k1},${k2}`, 'k2');
    const client = new ConfigCredentialsClient({ address: second.grpcAddress, token: INTERNAL_TOKEN });
    expect(await client.getCredentials(accountA)).toMatchObject({ accessToken: vhA.accessToken, secretAccessToken: vhA.secretAccessToken });
    client.close();
    const rotatedA = { accessToken: `${vhA.accessToken}-v2`, secretAccessToken: `${vhA.secretAccessToken}-v2` };
    await simAdmin.createAccount({ ...rotatedA });
    expect((await saveTokens(second, accountA, rotatedA, { 'if-match': '"1"' })).status).toBe(200);
    expect(await keyIdOf(accountA)).toBe('k2');
    expect(await keyIdOf(accountB)).toBe('k1');
    await stop(second);

    // k1 retired too early: B's tokens cannot be opened, and the answer says why; re-entering them works.
    const third = await start(k2, 'k2');
    const after = new ConfigCredentialsClient({ address: third.grpcAddress, token: INTERNAL_TOKEN });
    expect(await after.getCredentials(accountA)).toMatchObject(rotatedA);
    const failure = (await after.getCredentials(accountB).catch((e: grpc.ServiceError) => e)) as grpc.ServiceError;
    expect(failure.code).toBe(grpc.status.INTERNAL);
    expect(grpcErrorInfo(failure).message).toMatch(/cannot be decrypted \(sealed with key k1\)/);
    expect((await saveTokens(third, accountB, vhB, { 'if-match': '"1"' })).status).toBe(200);
    expect(await after.getCredentials(accountB)).toMatchObject({ accessToken: vhB.accessToken, credentialsVersion: 2 });
    after.close();
  });
});
