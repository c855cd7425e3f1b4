import { CONSUMER_GROUPS, deadLetterTopicSpecs, prefixedTopics, prefixedTopicSpecs, TOPIC_SPECS, TOPICS } from './topics';

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
      ['vhsys.dispatch-results.v1', 6], ['deadletter.mapping-service.v1', 1], ['deadletter.mapping-service-config.v1', 1],
      ['deadletter.invoice-dispatcher.v1', 1], ['deadletter.invoice-dispatcher-retry.v1', 1],
    ]);
  });
});
