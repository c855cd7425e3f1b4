import { ServiceError } from '../settings/errors';
import { SettingsGuruUserTokens } from './guru-user-tokens';

describe('the Guru user token of an import', () => {
  const development = new Map([['acct-dev', 'dev-token-0001']]);
  const settings = (answer: () => Promise<string>) => ({ getGuruUserToken: jest.fn(answer) });

  it('is the sealed token of the settings when the account has one, whatever the development map says', async () => {
    const source = settings(async () => 'sealed-token-0002');
    expect(await new SettingsGuruUserTokens(source, development).userTokenFor('acct-dev')).toBe('sealed-token-0002');
    expect(source.getGuruUserToken).toHaveBeenCalledWith('imports', 'acct-dev');
  });

  it('falls back to GURU_API_DEV_USER_TOKENS only when the settings hold none (or no integration)', async () => {
    for (const code of ['guru_token_not_set', 'not_found'] as const) {
      const tokens = new SettingsGuruUserTokens(settings(async () => { throw new ServiceError(code, 'none'); }), development);
      expect(await tokens.userTokenFor('acct-dev')).toBe('dev-token-0001');
      expect(await tokens.userTokenFor('acct-other')).toBeNull();
    }
  });

  it('lets any other failure through (a sealed token that cannot be opened is not silently replaced)', async () => {
    const tokens = new SettingsGuruUserTokens(settings(async () => { throw new ServiceError('internal', 'cannot open'); }), development);
    await expect(tokens.userTokenFor('acct-dev')).rejects.toThrow('cannot open');
  });
});
