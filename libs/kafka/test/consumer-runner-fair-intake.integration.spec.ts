import { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@gv/contracts';
import { createLogger } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { ConsumerRunner, createKafka, ensureTopics, FairIntakeOptions, KafkaPublisher } from '../src';

const LANE = 'x-lane';
const FLOOD = 100;
const OTHERS = 5;

/**
 * Fair intake (docs/kafka.md#fair-intake) on the real broker: one lane publishes a burst, another
 * lane's messages come right behind it in the same partition, and the in-flight window is small
 * (8), so without fair intake the other lane waits until the burst has gone through the window.
 */
describe('ConsumerRunner with fair intake on the real broker', () => {
  const env = testEnvironment();
  const logger = createLogger('test', 'silent');
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let runner: ConsumerRunner | null = null;
  let probe: KafkaProbe;
  let topic: string;
  let group: string;

  beforeEach(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'runner-fair-test', logger, security: localKafkaSecurity() });
    topic = uniqueId('test.runner-fair');
    group = uniqueId('runner-fair-group');
    await ensureTopics(kafka, [
      { name: topic, partitions: 1 },
      { name: deadLetterTopic(group), partitions: 1 },
    ]);
    publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    probe = new KafkaProbe(env.kafkaBrokers);
  });

  afterEach(async () => {
    await runner?.stop();
    runner = null;
    await probe.close();
    await publisher.disconnect();
  });

  async function committedOffset(): Promise<string> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return committed!.partitions[0]!.offset;
    } finally {
      await admin.disconnect();
    }
  }

  /** Runs a runner with `intake` over FLOOD messages of lane `flood` then OTHERS of lane `other`; returns each key's start time. */
  async function runBurst(intake: Pick<FairIntakeOptions, 'maxQueued' | 'maxQueuedBytes'>): Promise<{ flood: number[]; others: number[]; handled: Map<string, number> }> {
    const starts = new Map<string, { lane: string; at: number }>();
    const handled = new Map<string, number>();
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      fairIntake: { perSecond: 20, burst: 4, tickMs: 250, ...intake, laneOf: (m) => m.headers[LANE] ?? null },
      handler: async (message) => {
        if (!starts.has(message.key!)) starts.set(message.key!, { lane: message.headers[LANE]!, at: Date.now() });
        await new Promise((r) => setTimeout(r, 2));
        handled.set(message.key!, (handled.get(message.key!) ?? 0) + 1);
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [
      ...Array.from({ length: FLOOD }, (_, i) => ({ key: `flood-${i}`, value: '{}', headers: { [LANE]: 'flood' } })),
      ...Array.from({ length: OTHERS }, (_, i) => ({ key: `other-${i}`, value: '{}', headers: { [LANE]: 'other' } })),
    ]);
    await eventually(() => handled.size === FLOOD + OTHERS, 60000, 'every message handled');
    await eventually(async () => (await committedOffset()) === String(FLOOD + OTHERS), 10000, 'every offset committed');
    const of = (lane: string) => [...starts.values()].filter((s) => s.lane === lane).map((s) => s.at).sort((a, b) => a - b);
    return { flood: of('flood'), others: of('other'), handled };
  }

  /** Most of `times` in any window [t, t + 1000 ms). */
  function mostInOneSecond(times: number[]): number {
    let most = 0;
    let end = 0;
    for (let start = 0; start < times.length; start += 1) {
      while (end < times.length && times[end]! < times[start]! + 1000) end += 1;
      most = Math.max(most, end - start);
    }
    return most;
  }

  it('paces the flooding lane and starts the other lane behind it at once, each message once', async () => {
    const { flood, others, handled } = await runBurst({ maxQueued: 1000, maxQueuedBytes: 1024 * 1024 });
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    // 4 at once, then 20 per second on ticks of 250 ms: never more than 4 + (1000 + 250) / 50 starts
    // in a second (timers only make starts later).
    expect(mostInOneSecond(flood)).toBeLessThanOrEqual(29);
    // 96 paced at 20/s: the burst's last start is at least 4.75 s after its first.
    expect(flood[flood.length - 1]! - flood[0]!).toBeGreaterThanOrEqual(4750);
    // The other lane did not wait for the burst: all of it started while the burst still had
    // seconds to go, although the window (8) is far smaller than the burst.
    expect(others[others.length - 1]! - flood[0]!).toBeLessThan(2000);
    expect(flood[flood.length - 1]! - others[others.length - 1]!).toBeGreaterThan(2500);
  });

  it('cuts the paced waits of a halted partition short, so it is rewound after its backoff, not after the pace', async () => {
    // One message a second after a burst of 2: the ninth of the lane would wait about 8 s.
    let failedAt = 0;
    const handled: string[] = [];
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      backoff: { initialMs: 50, maxMs: 200 },
      fairIntake: { perSecond: 1, burst: 2, tickMs: 1, maxQueued: 100, maxQueuedBytes: 1024 * 1024, laneOf: (m) => m.headers[LANE] ?? null },
      handler: async (message) => {
        if (message.key === 'f1' && failedAt === 0) {
          // Fails once the rest of the lane has been read and is waiting for its turn.
          await new Promise((r) => setTimeout(r, 500));
          failedAt = Date.now();
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        handled.push(`${message.key}@${Date.now()}`);
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, Array.from({ length: 10 }, (_, i) => ({ key: `f${i}`, value: '{}', headers: { [LANE]: 'flood' } })));
    await eventually(() => handled.some((h) => h.startsWith('f1@')), 30000, 'f1 handled after its failure');
    const f1At = Number(handled.find((h) => h.startsWith('f1@'))!.split('@')[1]);
    // Rewound at once and read again with a fresh schedule: f1 is in its burst. Had the rewind
    // waited for the last paced message (about 8 s), or had the lane's schedule kept the dropped
    // turns, f1 would come at least 8 s after the failure.
    expect(f1At - failedAt).toBeLessThan(5000);
    await eventually(() => new Set(handled.map((h) => h.split('@')[0])).size === 10, 30000, 'every message handled');
    await eventually(async () => (await committedOffset()) === '10', 10000, 'every offset committed');
  });

  it('stops fetching once the queue budget is spent, so memory stays bounded and the other lane waits', async () => {
    // Room for 10 waiting outside the window of 8: the other lane's messages are read only once all
    // but 18 of the burst have started, which the pace makes at least (100 − 4 − 18) / 20 s.
    const { flood, others, handled } = await runBurst({ maxQueued: 10, maxQueuedBytes: 1024 * 1024 });
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    expect(mostInOneSecond(flood)).toBeLessThanOrEqual(29);
    expect(others[0]! - flood[0]!).toBeGreaterThanOrEqual(3500);
  });
});
