import { mayAccess, parseServiceTokens, ServiceTokens } from './service-tokens';

describe('service tokens', () => {
  it('parses the compact admin form with account lists and *', () => {
    const { entries, problems } = parseServiceTokens('admin-backend:aaaaaaaaaaaaaaaa1:*, tenant-a:bbbbbbbbbbbbbbbb2:acct1|acct2', { withAccounts: true });
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { name: 'admin-backend', token: 'aaaaaaaaaaaaaaaa1', accounts: '*', operator: false },
      { name: 'tenant-a', token: 'bbbbbbbbbbbbbbbb2', accounts: ['acct1', 'acct2'], operator: false },
    ]);
  });

  it('parses the JSON form (tokens may then contain : and ,)', () => {
    const { entries, problems } = parseServiceTokens('[{"name":"x","token":"tok:en,with-odd-chars","accounts":["a"]}]', { withAccounts: true });
    expect(problems).toEqual([]);
    expect(entries[0]).toEqual({ name: 'x', token: 'tok:en,with-odd-chars', accounts: ['a'], operator: false });
  });

  it('parses internal tokens without accounts', () => {
    const { entries, problems } = parseServiceTokens('invoice-dispatcher:cccccccccccccccc3', { withAccounts: false });
    expect(problems).toEqual([]);
    expect(entries).toEqual([{ name: 'invoice-dispatcher', token: 'cccccccccccccccc3', accounts: '*', operator: false }]);
  });

  it('parses the operator role in both forms, only on admin tokens with every account', () => {
    const compact = parseServiceTokens('sre:ffffffffffffffff6:*:operator,backend:gggggggggggggggg7:*', { withAccounts: true });
    expect(compact.problems).toEqual([]);
    expect(compact.entries.map((e) => [e.name, e.operator])).toEqual([['sre', true], ['backend', false]]);
    const json = parseServiceTokens('[{"name":"sre","token":"hhhhhhhhhhhhhhhh8","accounts":["*"],"roles":["operator"]}]', { withAccounts: true });
    expect(json.entries).toEqual([{ name: 'sre', token: 'hhhhhhhhhhhhhhhh8', accounts: '*', operator: true }]);
    expect(parseServiceTokens('sre:iiiiiiiiiiiiiiii9:acct1:operator', { withAccounts: true }).problems).toEqual([
      "entry 1 (sre): an operator sees every account's dead letters and pauses, so its accounts must be '*'",
    ]);
    expect(parseServiceTokens('sre:jjjjjjjjjjjjjjjj0:*:root', { withAccounts: true }).problems).toEqual(["entry 1 (sre): roles may only be 'operator'"]);
    expect(parseServiceTokens('[{"name":"d","token":"kkkkkkkkkkkkkkkk1","roles":["operator"]}]', { withAccounts: false }).problems).toEqual([
      'entry 1 (d): only admin tokens can be operators',
    ]);
  });

  it('reports problems without ever quoting a token', () => {
    const short = 'short-token';
    const { problems } = parseServiceTokens(`a:${short}:*,b:dddddddddddddddd4,c:eeeeeeeeeeeeeeee5:*,d:eeeeeeeeeeeeeeee5:*`, { withAccounts: true });
    expect(problems).toEqual([
      'entry 1 (a): token must be 16-512 visible ASCII characters (compact form: name:token:accounts)',
      'entry 2 (b): token must be 16-512 visible ASCII characters (compact form: name:token:accounts)',
      "entry 4 (d): token repeats another entry's token",
    ]);
    expect(problems.join()).not.toContain(short);
    expect(parseServiceTokens('[not json', { withAccounts: true }).problems).toEqual(['is not a valid JSON array of {name, token, accounts}']);
    expect(parseServiceTokens('', { withAccounts: true }).problems).toEqual(['has no entries']);
  });

  it('authenticates bearer tokens and limits accounts', () => {
    const tokens = new ServiceTokens([
      { name: 'all', token: 'token-for-all-accounts', accounts: '*', operator: true },
      { name: 'one', token: 'token-for-one-account-', accounts: ['acct1'], operator: false },
    ]);
    const all = tokens.authenticate('Bearer token-for-all-accounts')!;
    const one = tokens.authenticate('bearer token-for-one-account-')!;
    expect(all.name).toBe('all');
    expect(one.name).toBe('one');
    expect([all.operator, one.operator]).toEqual([true, false]);
    expect(mayAccess(all, 'anything')).toBe(true);
    expect(mayAccess(one, 'acct1')).toBe(true);
    expect(mayAccess(one, 'acct2')).toBe(false);
    expect(tokens.authenticate('token-for-all-accounts')).toBeNull();
    expect(tokens.authenticate('Bearer token-for-all-accounts-not')).toBeNull();
    expect(tokens.authenticate(undefined)).toBeNull();
  });
});
