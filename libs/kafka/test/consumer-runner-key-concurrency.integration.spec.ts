import { Kafka } from 'kafkajs';
import { z } from 'zod';
import { deadLetterTopic, HEADERS, parseContract } from '@gv/contracts';
import { KeyedCounts } from '@gv/concurrency';
import { createLogger } from '@gv/telemetry';
import { eventually, KafkaProbe, localKafkaSecurity, testEnvironment, uniqueId } from '@gv/testing';
import { ConsumerRunner, createKafka, decodeJson, ensureTopics, FairIntakeOptions, KafkaPublisher, LaneRoom } from '../src';
import { haltingHandler } from './halting-handler';

const Greeting = z.object({ name: z.string().min(1) });
/** Fair intake: the header naming a message's lane, and the burst and the other lane's size. */
const LANE = 'x-lane';
const FLOOD = 100;
const OTHERS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ConsumerRunner with keyConcurrency on the real broker', () => {
  const env = testEnvironment();
  const logger = createLogger('test', 'silent');
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let runner: ConsumerRunner | null = null;
  let probe: KafkaProbe;
  let topic: string;
  let group: string;

  beforeEach(async () => {
    kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'runner-key-test', logger, security: localKafkaSecurity() });
    topic = uniqueId('test.runner-keys');
    group = uniqueId('runner-keys-group');
    await ensureTopics(kafka, [
      { name: topic, partitions: 1 },
      { name: deadLetterTopic(group), partitions: 1 },
    ]);
    publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    probe = new KafkaProbe(env.kafkaBrokers);
    await probe.listen([deadLetterTopic(group)]);
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

  /** Members of the group once it is stable; null while it rebalances. */
  async function groupMembers(): Promise<number | null> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [described] = (await admin.describeGroups([group])).groups;
      return described!.state === 'Stable' ? described!.members.length : null;
    } finally {
      await admin.disconnect();
    }
  }

  it('keeps order per key while different keys of one partition run concurrently', async () => {
    const seen = new Map<string, number[]>();
    let running = 0;
    let maxRunning = 0;
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 16 },
      handler: async (message) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(5 + Math.round(Math.random() * 30));
        const { n } = decodeJson(message.value) as { n: number };
        seen.set(message.key!, [...(seen.get(message.key!) ?? []), n]);
        running -= 1;
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    const messages = [];
    for (let n = 0; n < 8; n += 1) {
      for (const key of ['a', 'b', 'c', 'd']) messages.push({ key, value: JSON.stringify({ n }) });
    }
    await probe.produce(topic, messages);
    await eventually(() => [...seen.values()].reduce((t, v) => t + v.length, 0) === 32, 30000, 'all handled');
    for (const key of ['a', 'b', 'c', 'd']) expect(seen.get(key)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(maxRunning).toBeGreaterThan(1);
    await eventually(async () => (await committedOffset()) === '32', 10000, 'offset 32 committed');
  });

  it('lets other keys pass a slow key, committing only the contiguous completed offsets', async () => {
    let release!: () => void;
    const slowDone = new Promise<void>((r) => (release = r));
    const handled: string[] = [];
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      handler: async (message) => {
        if (message.key === 'slow') await slowDone;
        handled.push(`${message.key}:${message.offset}`);
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [
      { key: 'fast-0', value: '{}' },
      { key: 'slow', value: '{}' },
      { key: 'fast-1', value: '{}' },
      { key: 'fast-2', value: '{}' },
      { key: 'slow', value: '{}' },
      { key: 'fast-1', value: '{}' },
    ]);
    await eventually(() => handled.length === 4, 30000, 'the fast keys handled while the slow one hangs');
    expect(handled.sort()).toEqual(['fast-0:0', 'fast-1:2', 'fast-1:5', 'fast-2:3']);
    await eventually(async () => (await committedOffset()) === '1', 10000, 'offset 1 committed (below the slow message)');
    await sleep(400);
    expect(await committedOffset()).toBe('1');
    release();
    await eventually(() => handled.length === 6, 30000, 'slow key handled in order');
    expect(handled.slice(4)).toEqual(['slow:1', 'slow:4']);
    await eventually(async () => (await committedOffset()) === '6', 10000, 'offset 6 committed');
  });

  it('dead-letters malformed messages and keeps going', async () => {
    const handled: string[] = [];
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      handler: async (message) => {
        const value = parseContract('greeting@1', Greeting, decodeJson(message.value));
        handled.push(value.name);
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [
      { key: 'k1', value: '{"name": "first"}' },
      { key: 'k2', value: '{not json' },
      { key: 'k1', value: '{"name": ""}' },
      { key: 'k1', value: '{"name": "last"}' },
    ]);
    await eventually(() => handled.length === 2, 30000, 'both valid messages handled');
    expect(handled).toEqual(['first', 'last']);
    const dead = await probe.waitFor(deadLetterTopic(group), () => true, 2);
    expect(dead.map((m) => m.rawValue?.toString()).sort()).toEqual(['{"name": ""}', '{not json']);
    await eventually(async () => (await committedOffset()) === '4', 10000, 'offset 4 committed');
  });

  it('retries an infrastructure failure by rewinding the partition, keeping per-key order', async () => {
    let failures = 0;
    const handled: string[] = [];
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      backoff: { initialMs: 50, maxMs: 200 },
      handler: async (message) => {
        const { name } = decodeJson(message.value) as { name: string };
        if (name === 'a2' && failures < 2) {
          failures += 1;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        handled.push(name);
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [
      { key: 'a', value: '{"name": "a1"}' },
      { key: 'a', value: '{"name": "a2"}' },
      { key: 'b', value: '{"name": "b1"}' },
      { key: 'a', value: '{"name": "a3"}' },
    ]);
    await eventually(() => handled.includes('a3'), 30000, 'a3 handled after the outage');
    const aOrder = handled.filter((n) => n.startsWith('a'));
    // At-least-once: a1 may be handled again after the rewind, but a3 never before a2.
    expect(aOrder.indexOf('a2')).toBeLessThan(aOrder.indexOf('a3'));
    expect(aOrder.filter((n) => n === 'a2')).toHaveLength(1);
    expect(handled).toContain('b1');
    expect(probe.received(deadLetterTopic(group))).toHaveLength(0);
    await eventually(async () => (await committedOffset()) === '4', 10000, 'offset 4 committed');
  });

  it('resumes a partition halted across a rebalance, wherever the rebalance moved it (chaos, full size, seed 7)', async () => {
    // `slow` is still in flight when `down` fails: the partition halts, to be rewound once `slow`
    // ends. A second member then joins the group and leaves again: two rebalances, after which
    // this member owns the partition again, whether or not it was given to the second member in
    // between (the round-robin assignor ignores what a member subscribes to). Each rebalance
    // forgets the halted work, so the rewind never runs, and kafkajs keeps the pause across
    // rebalances: before the fix, `after` was never handled.
    const otherTopic = uniqueId('test.runner-keys-other');
    await ensureTopics(kafka, [{ name: otherTopic, partitions: 1 }]);
    const halting = haltingHandler();
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      backoff: { initialMs: 50, maxMs: 200 },
      handler: halting.handler,
    });
    try {
      await runner.start();
      await runner.waitUntilJoined();
      await probe.produce(topic, [{ key: 's', value: '{"name": "slow"}' }, { key: 'd', value: '{"name": "down"}' }]);
      await eventually(() => halting.downFailed, 30000, 'down failed: the partition is halted while slow is in flight');

      const second = new ConsumerRunner({
        kafka, publisher, logger, groupId: group, topics: [otherTopic], handler: async () => undefined, lagMonitor: false,
      });
      try {
        await second.start();
        await second.waitUntilJoined();
        await eventually(async () => (await groupMembers()) === 2, 30000, 'both members in the group');
      } finally {
        await second.stop();
      }
      await eventually(async () => (await groupMembers()) === 1, 30000, 'the first member alone again');
      halting.release();
      await probe.produce(topic, [{ key: 'x', value: '{"name": "after"}' }]);
      await eventually(() => halting.handled.includes('after'), 30000, 'a message after the rebalances handled');
      expect(halting.handled).toEqual(expect.arrayContaining(['slow', 'down', 'after']));
      await eventually(async () => (await committedOffset()) === '3', 10000, 'offset 3 committed');
    } finally {
      halting.release();
    }
  });

  it('lets the group rebalance while every in-flight slot is taken (a new member joins without waiting for a slot)', async () => {
    // maxInFlight 1: `held` takes the only slot until the gate opens, and the batch waits for a
    // slot to hand over `next`. A second member then joins (for another topic, so it handles
    // nothing of this one). A join completes only when every member has rejoined; before the fix
    // the first member kept waiting for its slot and ignored the rebalance, so after the 60 s
    // rebalance timeout the group went on without it. Then the second member leaves, the first
    // owns the partition again, and both messages are handled once the gate opens.
    const otherTopic = uniqueId('test.runner-keys-other');
    await ensureTopics(kafka, [{ name: otherTopic, partitions: 1 }]);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => { openGate = resolve; });
    const handled: string[] = [];
    let heldStarted = false;
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 1 },
      handler: async (message) => {
        const { name } = decodeJson(message.value) as { name: string };
        if (name === 'held') {
          heldStarted = true;
          await gate;
        }
        handled.push(name);
      },
    });
    const second = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [otherTopic], lagMonitor: false, handler: async () => undefined,
    });
    try {
      await runner.start();
      await runner.waitUntilJoined();
      await probe.produce(topic, [{ key: 'h', value: '{"name": "held"}' }, { key: 'n', value: '{"name": "next"}' }]);
      await eventually(() => heldStarted, 30000, 'held in flight, next waiting for the slot');
      await sleep(500);

      try {
        await second.start();
        await second.waitUntilJoined(30000);
        // Both members: the first rejoined instead of being left out by the rebalance timeout.
        await eventually(async () => (await groupMembers()) === 2, 10000, 'both members in the stable group');
        expect(handled).toEqual([]);
      } finally {
        await second.stop();
      }
      await eventually(async () => (await groupMembers()) === 1, 30000, 'the first member alone again');
      openGate();
      await eventually(() => handled.includes('held') && handled.includes('next'), 30000, 'both messages handled after the gate opens');
    } finally {
      openGate();
    }
  });

  it('holds a not-yet-due message back without blocking other keys of the partition', async () => {
    const handledAt = new Map<string, number>();
    const dueAt = Date.now() + 1500;
    runner = new ConsumerRunner({
      kafka, publisher, logger, groupId: group, topics: [topic],
      keyConcurrency: { maxInFlight: 8 },
      notBefore: (m) => Number(m.headers[HEADERS.retryNotBefore] ?? 0) || null,
      handler: async (message) => {
        handledAt.set(message.key!, Date.now());
      },
    });
    await runner.start();
    await runner.waitUntilJoined();
    await probe.produce(topic, [
      { key: 'later', value: '{}', headers: { [HEADERS.retryNotBefore]: String(dueAt) } },
      { key: 'now', value: '{}' },
    ]);
    await eventually(() => handledAt.size === 2, 30000, 'both handled');
    expect(handledAt.get('later')!).toBeGreaterThanOrEqual(dueAt);
    expect(handledAt.get('now')!).toBeLessThan(dueAt);
  });

  /**
   * Fair intake (docs/kafka.md#fair-intake): one lane publishes a burst, another lane's messages
   * come right behind it in the same partition, and the window is small (8), so without fair
   * intake the other lane waits until the burst has gone through the window.
   */
  describe('fair intake', () => {
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
    /**
     * A lane room like the dispatcher's account slots: CAPACITY places per lane, taken by the
     * handler when it starts (telling the runner in the same step) and given back when it ends.
     */
    function laneRoom(capacity: number) {
      const taken = new Map<string, number>();
      const claims = new KeyedCounts();
      const listeners: Array<(lane: string) => void> = [];
      const most = new Map<string, number>();
      const signal = (lane: string) => listeners.forEach((listener) => listener(lane));
      const room: LaneRoom = {
        free: (lane) => capacity - (taken.get(lane) ?? 0) - claims.get(lane),
        claim: (lane) => {
          const release = claims.add(lane);
          return () => {
            release();
            signal(lane);
          };
        },
        onFreed: (listener) => void listeners.push(listener),
      };
      return {
        room,
        most,
        take(lane: string) {
          const now = (taken.get(lane) ?? 0) + 1;
          taken.set(lane, now);
          most.set(lane, Math.max(most.get(lane) ?? 0, now));
        },
        giveBack(lane: string) {
          taken.set(lane, taken.get(lane)! - 1);
          signal(lane);
        },
      };
    }

    it('with a lane room, lets a flooding lane\'s messages through only as its room frees, while the other lane starts at once; each once', async () => {
      const CAPACITY = 2;
      const room = laneRoom(CAPACITY);
      const handled = new Map<string, number>();
      const starts: Array<{ lane: string; key: string; at: number }> = [];
      const outcomes: string[] = [];
      runner = new ConsumerRunner({
        kafka, publisher, logger, groupId: group, topics: [topic],
        keyConcurrency: { maxInFlight: 8 },
        // A pace far above what the room lets through: the room is what holds the flood back.
        fairIntake: { perSecond: 1000, burst: 4, tickMs: 1, maxQueued: 1000, maxQueuedBytes: 1024 * 1024, room: room.room, laneOf: (m) => m.headers[LANE] ?? null },
        onOutcome: (outcome, message) => void outcomes.push(`${outcome}:${message.headers[LANE]}`),
        handler: async (message, controls) => {
          const lane = message.headers[LANE]!;
          // The claim ends and the place is taken in one step.
          controls.roomTaken();
          room.take(lane);
          starts.push({ lane, key: message.key!, at: Date.now() });
          try {
            await sleep(lane === 'flood' ? 40 : 2);
            handled.set(message.key!, (handled.get(message.key!) ?? 0) + 1);
          } finally {
            room.giveBack(lane);
          }
        },
      });
      await runner.start();
      await runner.waitUntilJoined();
      const FLOODED = 40;
      await probe.produce(topic, [
        ...Array.from({ length: FLOODED }, (_, i) => ({ key: `flood-${i}`, value: '{}', headers: { [LANE]: 'flood' } })),
        ...Array.from({ length: OTHERS }, (_, i) => ({ key: `other-${i}`, value: '{}', headers: { [LANE]: 'other' } })),
      ]);
      await eventually(() => handled.size === FLOODED + OTHERS, 60000, 'every message handled');
      await eventually(async () => (await committedOffset()) === String(FLOODED + OTHERS), 10000, 'every offset committed');
      expect([...handled.values()].every((n) => n === 1)).toBe(true);
      // Never more of a lane at the handler than its room, although the window (8) and the pace allow more.
      expect(room.most.get('flood')).toBe(CAPACITY);
      expect(room.most.get('other')).toBeLessThanOrEqual(CAPACITY);
      // The other lane behind the flood did not wait for it: 40 × 40 ms ÷ 2 is about 800 ms of flood.
      const floodStarts = starts.filter((s) => s.lane === 'flood').map((s) => s.at);
      const lastOther = Math.max(...starts.filter((s) => s.lane === 'other').map((s) => s.at));
      expect(Math.max(...floodStarts) - lastOther).toBeGreaterThan(300);
      // The flood's messages beyond its room waited for it, in the intake's queue, and are counted.
      expect(outcomes.filter((o) => o === 'waited_for_room:flood').length).toBeGreaterThanOrEqual(FLOODED - 4 - CAPACITY);
      // The other lane's 5 have the same room of 2: at most 3 of them waited, for their own lane's places only.
      expect(outcomes.filter((o) => o === 'waited_for_room:other').length).toBeLessThanOrEqual(OTHERS - CAPACITY);
    });

    it('with a lane room, a halted partition\'s messages waiting for room are dropped and read again: each handled, all committed', async () => {
      const room = laneRoom(1);
      const handled = new Map<string, number>();
      let failed = false;
      runner = new ConsumerRunner({
        kafka, publisher, logger, groupId: group, topics: [topic],
        keyConcurrency: { maxInFlight: 8 },
        backoff: { initialMs: 50, maxMs: 200 },
        fairIntake: { perSecond: 1000, burst: 2, tickMs: 1, maxQueued: 100, maxQueuedBytes: 1024 * 1024, room: room.room, laneOf: (m) => m.headers[LANE] ?? null },
        handler: async (message, controls) => {
          const lane = message.headers[LANE]!;
          // The claim ends and the place is taken in one step.
          controls.roomTaken();
          room.take(lane);
          try {
            if (message.key === 'f3' && !failed) {
              // Fails while the rest of the lane waits for its room.
              await sleep(300);
              failed = true;
              throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
            }
            await sleep(20);
            handled.set(message.key!, (handled.get(message.key!) ?? 0) + 1);
          } finally {
            room.giveBack(lane);
          }
        },
      });
      await runner.start();
      await runner.waitUntilJoined();
      await probe.produce(topic, Array.from({ length: 12 }, (_, i) => ({ key: `f${i}`, value: '{}', headers: { [LANE]: 'flood' } })));
      await eventually(() => handled.size === 12, 30000, 'every message handled');
      await eventually(async () => (await committedOffset()) === '12', 10000, 'every offset committed');
      expect(failed).toBe(true);
      expect(room.most.get('flood')).toBe(1);
    });
  });
});
