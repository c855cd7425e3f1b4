import { ACCOUNT_ID_PATTERN, AccountIdSchema, CONSUMER_GROUPS, deadLetterTopicSpecs, prefixedTopics, prefixedTopicSpecs, saleKeyMismatch, TOPIC_SPECS, TOPICS } from './topics';

describe('topic names', () => {
  it('prefixes every product topic the same way for every service, and leaves production names alone', () => {
    expect(prefixedTopics()).toEqual(TOPICS);
    expect(prefixedTopics('')).toEqual(TOPICS);
    const topics = prefixedTopics('iso_1.');
    expect(Object.keys(topics)).toEqual(Object.keys(TOPICS));
    for (const [key, name] of Object.entries(TOPICS)) expect(topics[key as keyof typeof TOPICS]).toBe(`iso_1.${name}`);
  });

  it('creates the prefixed topics with the production partition counts and compaction; dead-letter topics follow the groups', () => {
    const plain = prefixedTopicSpecs('');
    expect(prefixedTopicSpecs('p.')).toEqual(plain.map((spec) => ({ ...spec, name: `p.${spec.name}` })));
    expect(prefixedTopicSpecs('p.').find((t) => t.compacted)?.name).toBe(`p.${TOPICS.integrationConfig}`);
    expect(deadLetterTopicSpecs('iso-').map((t) => t.name)).toEqual(Object.values(CONSUMER_GROUPS).map((g) => `deadletter.iso-${g}.v1`));
    expect(TOPIC_SPECS).toEqual([...plain, ...deadLetterTopicSpecs('')]);
    expect(TOPIC_SPECS.map((t) => [t.name, t.partitions])).toEqual([
      ['guru.transactions.v1', 6], ['vhsys.integration-config.v1', 3], ['vhsys.sale-orders.v1', 6], ['vhsys.sale-orders.retry.v1', 6],
      ['vhsys.dispatch-results.v1', 6], ['vhsys.sale-reprocess.v1', 6], ['vhsys.audit-requests.v1', 3],
      ['vhsys.audit-results.v1', 3], ['deadletter.mapping-service.v1', 1], ['deadletter.mapping-service-config.v1', 1],
      ['deadletter.invoice-dispatcher.v1', 1], ['deadletter.invoice-dispatcher-retry.v1', 1], ['deadletter.config-service-sales-history.v1', 1],
      ['deadletter.invoice-dispatcher-audit.v1', 1], ['deadletter.config-service-audits.v1', 1],
    ]);
  });
});

describe('sale keys and account ids (docs/kafka.md#keys)', () => {
  it('account ids have no ":" so the first ":" of a key ends the account id', () => {
    for (const ok of ['acme-cursos', 'beta_marcenaria', 'acctW_0a1b2c3d4e', 'acc.1', 'A'.repeat(64)]) expect(AccountIdSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['a:b', '', '-lead', 'A'.repeat(65), 'acme cursos', 'acmé']) expect(AccountIdSchema.safeParse(bad).success).toBe(false);
    expect(ACCOUNT_ID_PATTERN.test('a:b')).toBe(false);
  });

  it('a key matches only its own account and sale', () => {
    expect(saleKeyMismatch('acme-cursos:tx-1', 'acme-cursos', 'tx-1')).toBeNull();
    expect(saleKeyMismatch('a:b:c', 'a', 'b:c')).toBeNull();
    expect(saleKeyMismatch('beta-marcenaria:tx-1', 'acme-cursos', 'tx-1')).toBe(
      'key_mismatch: message key "beta-marcenaria:tx-1" is not "acme-cursos:tx-1" (the value\'s accountId:guruTransactionId)',
    );
    expect(saleKeyMismatch(null, 'acme-cursos', 'tx-1')).toBe('key_mismatch: message key none is not "acme-cursos:tx-1" (the value\'s accountId:guruTransactionId)');
    expect(saleKeyMismatch('acme-cursos:tx-2', 'acme-cursos', 'tx-1')).toMatch(/^key_mismatch: /);
    // Without a readable transaction id only the account part is compared.
    expect(saleKeyMismatch('acme-cursos:anything', 'acme-cursos', null)).toBeNull();
    expect(saleKeyMismatch('acme-cursos-2:x', 'acme-cursos', null)).toMatch(/^key_mismatch: .*"acme-cursos:<transaction id>"/);
    expect(saleKeyMismatch(`acme:${'x'.repeat(1000)}`, 'acme', 'y')!.length).toBeLessThan(450);
  });
});
