import { Client } from 'pg';
import { Kafka, Producer } from 'kafkajs';
import { deadLetterTopic, HEADERS } from '@gv/contracts';
import { ConsumerRunner, createKafka, ensureTopics, KafkaPublisher } from '@gv/kafka';
import { createLogger } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafka, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { kafkaInflightTableSql, PgCrashGuard } from '../src';

const logger = createLogger('crash-guard-test', 'silent');

describe('PgCrashGuard on PostgreSQL', () => {
  const env = testEnvironment();
  const schema = uniqueId('guard').toLowerCase();
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of kafkaInflightTableSql(schema)) await db.query(sql);
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  const rows = async (group: string) =>
    (await db.query(`SELECT "offset"::text AS "offset", "instance_id", "crashes" FROM "${schema}"."kafka_inflight" WHERE "group_id" = $1 ORDER BY "offset"`, [group])).rows;
  const message = (offset: string, crashes = 0) => ({ topic: 't', partition: 0, offset, crashes });

  it('counts a crash only for markers of a process that is gone, forgets markers below the first offset, and keeps counts across takeovers', async () => {
    const group = uniqueId('g');
    const dead = new PgCrashGuard({ url: env.databaseUrl, schema, logger });
    const alive = new PgCrashGuard({ url: env.databaseUrl, schema, logger });
    const taker = new PgCrashGuard({ url: env.databaseUrl, schema, logger });
    try {
      await dead.started(group, message('5'));
      await dead.started(group, message('6'));
      await dead.started(group, message('7'));
      await alive.started(group, message('8'));
      // 5 was committed (the new owner fetches from 6); 7 finished in the dead process but its
      // marker had not been removed yet (it rides on a later write that never came).
      await dead.finished(group, message('7'), false);
      await dead.close(); // the process dies: its connection, and so its liveness lock, is gone
      // close() wrote the pending finish of 7 first, as a graceful stop does; put it back as if it had not.
      await db.query(`INSERT INTO "${schema}"."kafka_inflight" VALUES ($1, 't', 0, 7, $2, 0, now())`, [group, dead.instance]);

      const first = await taker.takeOver(group, 't', 0, '6');
      expect(first.counted.sort()).toEqual(['6', '7']);
      expect([...first.crashes.entries()].sort()).toEqual([['6', 1], ['7', 1]]);
      expect(await rows(group)).toEqual([
        { offset: '6', instance_id: null, crashes: 1 },
        { offset: '7', instance_id: null, crashes: 1 },
        { offset: '8', instance_id: alive.instance, crashes: 0 }, // a live member's: not a crash
      ]);

      // A second takeover (another rebalance) counts nothing new: nobody had them in flight.
      const again = await alive.takeOver(group, 't', 0, '6');
      expect(again.counted).toEqual([]);
      expect([...again.crashes.entries()].sort()).toEqual([['6', 1], ['7', 1]]);

      // The taker runs 6 (alone) and dies with it in flight: the next takeover counts its second crash.
      await taker.started(group, message('6', 1));
      expect((await rows(group))[0]).toEqual({ offset: '6', instance_id: taker.instance, crashes: 1 });
      await taker.close();
      const second = await alive.takeOver(group, 't', 0, '6');
      expect(second.counted).toEqual(['6']);
      expect(second.crashes.get('6')).toBe(2);

      // Finishing removes the marker, whether in flight here or left by nobody.
      await alive.finished(group, message('6', 2), true);
      await alive.finished(group, message('7', 1), true);
      await alive.finished(group, message('8'), true);
      expect(await rows(group)).toEqual([]);
    } finally {
      await Promise.all([dead.close(), alive.close(), taker.close()]);
    }
  });

  it('a finish does not remove the marker of another live process that started the same message since', async () => {
    const group = uniqueId('g');
    const before = new PgCrashGuard({ url: env.databaseUrl, schema, logger });
    const now = new PgCrashGuard({ url: env.databaseUrl, schema, logger });
    try {
      await before.started(group, message('3'));
      await now.started(group, message('3'));
      await before.finished(group, message('3'), true);
      expect(await rows(group)).toEqual([{ offset: '3', instance_id: now.instance, crashes: 0 }]);
    } finally {
      await Promise.all([before.close(), now.close()]);
    }
  });

  it('stores concurrent starts (coalesced), keeps a known crash count when started again, writes lazy finishes', async () => {
    const group = uniqueId('g');
    const guard = new PgCrashGuard({ url: env.databaseUrl, schema, logger });
    try {
      await Promise.all(Array.from({ length: 50 }, (_, i) => guard.started(group, message(String(i), i === 7 ? 1 : 0))));
      const all = await rows(group);
      expect(all).toHaveLength(50);
      expect(all.filter((r) => r.crashes === 1).map((r) => r.offset)).toEqual(['7']);
      // Started again without the count (e.g. after a rebalance forgot it): the stored count stays.
      await guard.started(group, message('7', 0));
      expect((await rows(group)).find((r) => r.offset === '7')).toEqual({ offset: '7', instance_id: guard.instance, crashes: 1 });
      for (let i = 0; i < 50; i += 1) void guard.finished(group, message(String(i)), false);
      await eventually(async () => (await rows(group)).length === 0, 5000, 'lazy finishes written');
    } finally {
      await guard.close();
    }
  });
});

/**
 * Several instances of one consumer group (key-concurrency mode, as the dispatcher runs): the crash
 * count is shared through PostgreSQL. A process death is simulated in-process by dropping the
 * instance's guard connection (its liveness lock) and leaving the group without committing, while
 * its handler is stuck on the message; the process-level proof with real aborts is
 * services/mapping-service/test/crash-loop.integration.spec.ts.
 */
describe('ConsumerRunner + PgCrashGuard: several instances in one group share the crash count', () => {
  const env = testEnvironment();
  const schema = uniqueId('guardgrp').toLowerCase();
  const topic = uniqueId('test.crash-guard');
  const group = uniqueId('crash-guard-group');
  const dlq = deadLetterTopic(group);
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let producer: Producer;
  let probe: KafkaProbe;
  let db: Client;
  const instances: Instance[] = [];

  interface Instance {
    name: string;
    guard: PgCrashGuard;
    runner: ConsumerRunner;
    handled: string[];
    running: Set<string>;
    assigned: number[];
    release: () => void;
  }

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'crash-guard-test', logger, security: localKafkaSecurity() });
    await ensureTopics(kafka, [{ name: topic, partitions: 2 }, { name: dlq, partitions: 1 }]);
    publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    producer = localKafka('crash-guard-producer', env.kafkaBrokers).producer();
    await producer.connect();
    probe = new KafkaProbe(env.kafkaBrokers);
    await probe.listen([dlq]);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of kafkaInflightTableSql(schema)) await db.query(sql);
  });

  afterAll(async () => {
    for (const instance of instances) {
      instance.release();
      await instance.runner.stop().catch(() => undefined);
      await instance.guard.close();
    }
    await probe?.close();
    await producer?.disconnect();
    await publisher?.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, dlq] }).catch(() => undefined);
    await admin.disconnect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  async function startInstance(name: string): Promise<Instance> {
    const guard = new PgCrashGuard({ url: env.databaseUrl, schema, logger });
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    const instance: Instance = {
      name, guard, handled: [], running: new Set(), assigned: [], release,
      runner: new ConsumerRunner({
        kafka, publisher, logger, groupId: group, topics: [topic],
        keyConcurrency: { maxInFlight: 8 },
        crashGuard: guard,
        lagMonitor: false,
        sessionTimeoutMs: 6000,
        commitIntervalMs: 50,
        handler: async (message) => {
          const value = message.value!.toString('utf8');
          instance.running.add(value);
          try {
            // The deadly message never finishes in this instance: it "dies" with it in flight.
            if (value === 'deadly') await stuck;
            instance.handled.push(value);
          } finally {
            instance.running.delete(value);
          }
        },
      }),
    };
    instance.runner.rawConsumer.on(instance.runner.rawConsumer.events.GROUP_JOIN, (event) => {
      instance.assigned = event.payload.memberAssignment[topic] ?? [];
    });
    instances.push(instance);
    await instance.runner.start();
    return instance;
  }

  /** The instance's process dies: its liveness lock goes, it leaves the group, nothing is committed. */
  async function die(instance: Instance): Promise<void> {
    await instance.guard.close();
    await instance.runner.rawConsumer.disconnect();
  }

  const markers = async () =>
    (await db.query(`SELECT "partition", "offset"::text AS "offset", "instance_id", "crashes" FROM "${schema}"."kafka_inflight" WHERE "group_id" = $1 ORDER BY "partition", "offset"`, [group])).rows;

  async function expectMarkers(expected: unknown[]): Promise<void> {
    let last: unknown;
    try {
      await eventually(async () => {
        last = await markers();
        return JSON.stringify(last) === JSON.stringify(expected);
      }, 10000, 'the expected markers');
    } catch {
      expect(last).toEqual(expected);
    }
  }

  it('a message in flight in instances A, B and C when each died is dead-lettered by instance D', async () => {
    const a = await startInstance('A');
    const b = await startInstance('B');
    await eventually(() => a.assigned.length === 1 && b.assigned.length === 1, 60000, 'one partition each');
    const pa = a.assigned[0]!;
    const pb = b.assigned[0]!;

    await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value: 'deadly', partition: pa }, { key: 'k1', value: 'after-deadly', partition: pa }] });
    await producer.send({ topic, acks: -1, messages: [{ key: 'k2', value: 'b-own', partition: pb }] });
    await eventually(() => a.running.has('deadly') && b.handled.includes('b-own'), 30000, 'A stuck on the deadly message, B working');
    // Only the deadly message is in flight (b-own's marker goes with a later write).
    await expectMarkers([{ partition: pa, offset: '0', instance_id: a.guard.instance, crashes: 0 }]);

    // A dies. B takes A's partition over: one crash counted, the message handled alone.
    await die(a);
    await eventually(() => b.running.has('deadly'), 60000, 'B handles the deadly message');
    await expectMarkers([{ partition: pa, offset: '0', instance_id: b.guard.instance, crashes: 1 }]);
    // Alone: a message of another key, on B's own partition, waits while the suspect is in flight.
    await producer.send({ topic, acks: -1, messages: [{ key: 'k3', value: 'bystander', partition: pb }] });
    await new Promise((r) => setTimeout(r, 2000));
    expect(b.handled).not.toContain('bystander');
    expect([...b.running]).toEqual(['deadly']);

    // B dies too. C handles it alone again (two crashes: a kill from outside may have hit B).
    await die(b);
    const c = await startInstance('C');
    await eventually(() => c.running.has('deadly'), 60000, 'C handles the deadly message alone');
    await expectMarkers([{ partition: pa, offset: '0', instance_id: c.guard.instance, crashes: 2 }]);
    // C dies as well. D is the fourth process to get the message: it dead-letters it.
    await die(c);
    const d = await startInstance('D');
    const [dead] = await probe.waitFor(dlq, (m) => m.rawValue?.toString('utf8') === 'deadly', 1, 60000);
    expect(dead.headers[HEADERS.dlqReason]).toBe('crashed_consumer');
    expect(dead.headers[HEADERS.dlqOriginalTopic]).toBe(topic);
    expect(dead.headers[HEADERS.dlqOriginalPartition]).toBe(String(pa));
    expect(dead.headers[HEADERS.dlqOriginalOffset]).toBe('0');
    expect(dead.headers[HEADERS.dlqConsumerGroup]).toBe(group);
    // Everything behind it is handled once, and no marker is left. The message behind the deadly one on
    // its partition can only be D's; the bystander on the other partition is C's when C fetched that
    // partition before the suspect (it ran before the suspect started, not beside it), else D's.
    const handledByAll = () => instances.flatMap((instance) => instance.handled);
    await eventually(() => d.handled.includes('after-deadly') && handledByAll().includes('bystander'), 60000, 'the rest is handled');
    expect(handledByAll()).not.toContain('deadly');
    expect(d.handled.filter((v) => v === 'after-deadly')).toHaveLength(1);
    expect(handledByAll().filter((v) => v === 'bystander')).toHaveLength(1);
    expect([...c.handled, ...d.handled]).toContain('bystander');
    await eventually(async () => (await markers()).length === 0, 10000, 'no marker left');
  }, 240000);
});
