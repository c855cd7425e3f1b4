import { DataSource } from 'typeorm';
import { createLogger } from '@gv/telemetry';
import { testEnvironment, uniqueId } from '@gv/testing';
import { enqueueOutbox, openServiceDataSource, OutboxMessage, OutboxPublisher, OutboxRelay } from '../src';
import { TestOutbox1700000000000 } from './test-outbox';

/** A broker stand-in that takes a random 5–40 ms per request and records what it received, in order. */
class SlowRecordingPublisher implements OutboxPublisher {
  readonly received: { key: string; seq: number }[] = [];

  async publish(_topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 35)));
    for (const m of messages) this.received.push({ key: m.key, seq: (m.value as { seq: number }).seq });
  }

  permanentFailure(): null {
    return null;
  }
}

/**
 * Several instances each run an OutboxRelay on the same table (invoice-dispatcher, mapping-service).
 * Whatever the timing, each key's messages reach the broker in the order they were committed:
 * Guru reads a sale's results in the order the dispatcher decided them (docs/kafka.md#ordering).
 */
describe('OutboxRelay on several instances keeps per-key order', () => {
  const env = testEnvironment();
  const schema = uniqueId('outbox_order').toLowerCase();
  const logger = createLogger('outbox-order-test', 'silent');
  let instances: DataSource[] = [];

  beforeAll(async () => {
    // One DataSource per "instance", as separate processes would have.
    for (let i = 0; i < 3; i += 1) {
      instances.push(await openServiceDataSource({ url: env.databaseUrl, schema, entities: [OutboxMessage], migrations: [TestOutbox1700000000000], poolSize: 4 }));
    }
  });

  afterAll(async () => {
    await instances[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(instances.map((d) => d.destroy()));
    instances = [];
  });

  it('three relays publishing at once, small batches, a slow broker: every key in commit order', async () => {
    const publisher = new SlowRecordingPublisher();
    const relays = instances.map((dataSource) => new OutboxRelay({ dataSource, publisher, logger, pollIntervalMs: 20, batchSize: 3 }));
    relays.forEach((relay) => relay.start());
    const keys = Array.from({ length: 8 }, (_, i) => `acct:sale-${i}`);
    const perKey = 12;
    // Round k commits message k of every key, each from a different instance, while the relays run.
    for (let seq = 0; seq < perKey; seq += 1) {
      for (const [i, key] of keys.entries()) {
        await enqueueOutbox(instances[(seq + i) % instances.length]!.manager, { topic: 't', key, value: { seq } });
        relays[(seq + i) % relays.length]!.drainSoon();
      }
    }
    const deadline = Date.now() + 30_000;
    while (publisher.received.length < keys.length * perKey && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(relays.map((relay) => relay.stop()));

    expect(publisher.received).toHaveLength(keys.length * perKey);
    for (const key of keys) {
      expect(publisher.received.filter((m) => m.key === key).map((m) => m.seq)).toEqual(Array.from({ length: perKey }, (_, i) => i));
    }
  });
});
