import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { Logger } from '@gv/telemetry';
import type { ConfigMetrics } from '../metrics';
import { SecretBox } from '../security/secret-box';
import { ServiceError } from './errors';
import { GuruApiPutSchema, validate } from './sections';
import { aad, SettingsService } from './settings-service';
import type { SettingsStore } from './settings-store';
import { diffStates, GURU_TOKEN_PATH, IntegrationState, newIntegrationState, toSnapshot, toView } from './settings-state';

const now = new Date('2026-11-29T12:00:00.000Z');
const TOKEN = 'guru-user-token-0123456789abcdefWXYZ';
const box = new SecretBox(new Map([['k1', Buffer.alloc(32, 3)]]), 'k1');

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  }
  throw new Error('expected a ServiceError');
}

async function rejectionOf(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  }
  throw new Error('expected a ServiceError');
}

function withGuruToken(accountId = 'acct-1', token = TOKEN): IntegrationState {
  const s = newIntegrationState(accountId, 3, 0, now);
  s.guruToken = { sealed: box.seal(token, aad(accountId, 'guru_token')), keyId: 'k1', last4: token.slice(-4), setAt: now };
  return s;
}

describe('Guru API token: validation', () => {
  it('accepts a token of 8-512 visible characters', () => {
    expect(validate(GuruApiPutSchema, { userToken: TOKEN })).toEqual({ userToken: TOKEN });
    expect(validate(GuruApiPutSchema, { userToken: 'a'.repeat(8) })).toEqual({ userToken: 'a'.repeat(8) });
    expect(validate(GuruApiPutSchema, { userToken: '~'.repeat(512) })).toEqual({ userToken: '~'.repeat(512) });
  });

  it('refuses a missing, short, long, spaced or non-string token, naming userToken and never repeating it', () => {
    const bad = ['short12', 'x'.repeat(513), 'has a space in it', 'tab\there-123', 'acentuação-123', 'line\nbreak-123'];
    for (const userToken of bad) {
      const error = errorOf(() => validate(GuruApiPutSchema, { userToken }));
      expect({ code: error.code, details: error.details }).toEqual({
        code: 'validation_failed',
        details: [{ path: 'userToken', message: 'must be the user token copied from Guru (8-512 visible characters, no spaces)' }],
      });
      expect(error.message).not.toContain(userToken);
    }
    expect(errorOf(() => validate(GuruApiPutSchema, {})).details).toEqual([{ path: 'userToken', message: 'is required' }]);
    expect(errorOf(() => validate(GuruApiPutSchema, { userToken: 12345678 })).details).toEqual([
      { path: 'userToken', message: 'must be the user token copied from Guru (Meu Perfil > Tokens API)' },
    ]);
    expect(errorOf(() => validate(GuruApiPutSchema, { userToken: TOKEN, accountToken: 'x' })).details).toEqual([
      { path: 'accountToken', message: 'is not a field of this section' },
    ]);
  });

  it('accepts exactly the strings of 8-512 printable ASCII characters without whitespace', () => {
    const visible = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.array(visible, { minLength: 8, maxLength: 512 }).map((cs) => cs.join('')), (token) => {
      expect(validate(GuruApiPutSchema, { userToken: token })).toEqual({ userToken: token });
    }));
    fc.assert(fc.property(fc.string({ minLength: 0, maxLength: 600 }), (token) => {
      const ok = /^[\x21-\x7e]{8,512}$/.test(token);
      let accepted = true;
      try {
        validate(GuruApiPutSchema, { userToken: token });
      } catch {
        accepted = false;
      }
      expect(accepted).toBe(ok);
    }));
  });
});

describe('Guru API token: view, snapshot, audit', () => {
  it('shows the token only as set / last 4 / when, and never its value or ciphertext', () => {
    const state = withGuruToken();
    const view = toView(state);
    expect(view.guruApi).toEqual({ set: true, last4: 'WXYZ', setAt: now.toISOString() });
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(JSON.stringify(view)).not.toContain(state.guruToken!.sealed);
    expect(toView(newIntegrationState('acct-1', 1, 0, now)).guruApi).toEqual({ set: false, last4: null, setAt: null });
  });

  it('leaves the published snapshot exactly as without the token', () => {
    const state = withGuruToken();
    const without = structuredClone(state);
    without.guruToken = null;
    expect(toSnapshot(state)).toEqual(toSnapshot(without));
    expect(JSON.stringify(toSnapshot(state))).not.toMatch(/guru_token|guruApi|WXYZ|v1\.k1/);
  });

  it('records a set, replaced or removed token as a secret change without values', () => {
    const none = newIntegrationState('acct-1', 3, 0, now);
    const set = withGuruToken();
    const replaced = withGuruToken('acct-1', 'another-guru-token-9999');
    expect(diffStates(none, set)).toEqual([{ path: GURU_TOKEN_PATH, secret: true }]);
    expect(diffStates(set, replaced)).toEqual([{ path: 'guruApi.userToken', secret: true }]);
    expect(diffStates(set, none)).toEqual([{ path: 'guruApi.userToken', secret: true }]);
    expect(diffStates(set, structuredClone(set))).toEqual([]);
  });
});

describe('Guru API token: internal access (getGuruUserToken)', () => {
  const logged: unknown[] = [];
  const logger = { info: (...args: unknown[]) => logged.push(args), error: (...args: unknown[]) => logged.push(args), warn: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
  const service = (state: IntegrationState | null) =>
    new SettingsService({
      dataSource: {} as DataSource,
      store: { load: async () => (state ? { kind: 'present', state } : { kind: 'absent' }) } as unknown as SettingsStore,
      box,
      vhsys: {} as never,
      guru: { verifyUserToken: async () => undefined },
      logger,
      metrics: {} as ConfigMetrics,
      outboxChannel: 'unused',
      topic: 'unused',
      onCommitted: () => undefined,
    });

  beforeEach(() => {
    logged.length = 0;
  });

  it('returns the decrypted token of the account and logs that it was served, never the token', async () => {
    expect(await service(withGuruToken()).getGuruUserToken('guru-import', 'acct-1')).toBe(TOKEN);
    expect(logged).toEqual([[{ accountId: 'acct-1', caller: 'guru-import', keyId: 'k1' }, 'Guru API token served']]);
  });

  it('says guru_token_not_set when the seller saved none, not_found without an integration', async () => {
    expect((await rejectionOf(service(newIntegrationState('acct-1', 1, 0, now)).getGuruUserToken('guru-import', 'acct-1'))).code).toBe('guru_token_not_set');
    expect((await rejectionOf(service(null).getGuruUserToken('guru-import', 'acct-1'))).code).toBe('not_found');
    expect((await rejectionOf(service(null).getGuruUserToken('guru-import', 'bad:id'))).code).toBe('invalid_request');
  });

  it('refuses a ciphertext sealed for another account (bound by the AAD)', async () => {
    const moved = withGuruToken('acct-1');
    moved.guruToken!.sealed = withGuruToken('acct-2').guruToken!.sealed;
    const error = await rejectionOf(service(moved).getGuruUserToken('guru-import', 'acct-1'));
    expect(error.code).toBe('internal');
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });
});
