import { buildMessages, parseArgs } from './cli';

describe('cli', () => {
  it('parses its arguments', () => {
    expect(parseArgs([])).toEqual({ count: 10, accounts: 1, seed: 1, products: null, dryRun: false });
    expect(parseArgs(['--count', '5', '--accounts', '2', '--seed', '42', '--products', 'LIVRO-CONF, 1587151083', '--dry-run'])).toEqual({
      count: 5, accounts: 2, seed: 42, products: ['LIVRO-CONF', '1587151083'], dryRun: true,
    });
    expect(() => parseArgs(['--count', '0'])).toThrow('positive integer');
    expect(() => parseArgs(['--products', 'NOPE'])).toThrow('unknown product codes: NOPE');
    expect(() => parseArgs(['--bogus'])).toThrow('unknown argument');
    expect(() => parseArgs(['--seed'])).toThrow('needs a value');
  });

  it('builds keyed, reproducible messages spread over the accounts', () => {
    const options = { count: 4, accounts: 2, seed: 42, products: ['LIVRO-CONF'], dryRun: true };
    const messages = buildMessages(options);
    expect(messages).toEqual(buildMessages(options));
    expect(messages.map((m) => m.key.split(':')[0])).toEqual(['acc-1', 'acc-2', 'acc-1', 'acc-2']);
    for (const m of messages) {
      const event = JSON.parse(m.value);
      expect(m.key).toBe(`${event.accountId}:${event.transaction.id}`);
      expect(event.transaction.items[0].id).toBe('LIVRO-CONF');
    }
  });
});
