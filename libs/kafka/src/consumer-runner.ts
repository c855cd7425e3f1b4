import { writeSync } from 'node:fs';
import { SpanKind } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, EachMessagePayload, Kafka } from 'kafkajs';
import { Semaphore } from '@gv/concurrency';
import { deadLetterTopic, HEADERS } from '@gv/contracts';
import { errorFields, inSpan, Logger, withTraceCarrier } from '@gv/telemetry';
import { KafkaPublisher } from './publisher';
import { headersToStrings } from './serialization';
import { deadLetterReason, isInfrastructureError, isRebalancing, PermanentMessageError } from './errors';
import { recordConsumerOutcome, recordCrashedConsumerDeadLetter, recordCrashSuspects } from './consumer-metrics';
import { CRASHED_CONSUMER_REASON, CrashGuard, crashVerdict, InflightMessage, SharedExclusiveLock } from './crash-guard';
import { ConsumerLagMonitor } from './consumer-lag';
import { HaltWatchdog, PartitionHalt } from './halt-watchdog';
import { FairIntake, FairIntakeOptions, TransitRelease } from './fair-intake';

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface HandlerControls {
  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void>;
  /**
   * Fair intake with a lane room (FairIntakeOptions.room): the handler tells that the message now
   * counts in its lane's room itself (the dispatcher: admitted to its account's slots), so the
   * intake stops counting it as on its way there. Call it in the same synchronous step in which
   * the room counts it; without the call the intake counts the message until the handler returns
   * (never too many let through, possibly too few). Does nothing otherwise; more calls do nothing.
   */
  roomTaken(): void;
}

const NO_ROOM = () => undefined;

export type MessageHandler = (message: InboundMessage, controls: HandlerControls) => Promise<void>;

export type MessageOutcome = 'processed' | 'dead_lettered' | 'retrying' | 'delayed' | 'paced' | 'waited_for_room';

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  publisher: KafkaPublisher;
  logger: Logger;
  groupId: string;
  topics: string[];
  handler: MessageHandler;
  fromBeginning?: boolean;
  /** Partitions worked on at once; order is kept within each partition. */
  partitionsConsumedConcurrently?: number;
  /** Attempts for an unexpected (non-infrastructure) error before the message is dead-lettered. */
  maxAttempts?: number;
  /** Backoff bounds for in-place retries (infrastructure errors retry until the dependency is back). */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * Delayed delivery (retry topics): epoch ms before which the message must not be handled.
   * The partition is paused until then instead of sleeping in the consumer loop.
   */
  notBefore?: (message: InboundMessage) => number | null;
  /** Observer for metrics. */
  onOutcome?: (outcome: MessageOutcome, message: InboundMessage) => void;
  sessionTimeoutMs?: number;
  /** Dead-letter topic; defaults to `deadletter.<groupId>.v1`. */
  deadLetterTopic?: string;
  /**
   * Consumer lag monitor (`kafka_consumer_lag{group,topic,partition}`), started with the consumer.
   * On by default, refreshed every 5 s; `false` turns it off.
   */
  lagMonitor?: false | { intervalMs?: number };
  /**
   * `group` label of this consumer's metrics (default groupId). Consumers with a throwaway group
   * per instance pass a stable name so dashboards do not get a new series on every restart.
   */
  metricsGroup?: string;
  /**
   * Opt-in: process the messages of one partition concurrently across different keys, strictly in
   * order per key, at most `maxInFlight` messages in flight over all partitions (default off: one
   * message at a time per partition). See docs/kafka.md#key-concurrency.
   */
  keyConcurrency?: { maxInFlight: number };
  /**
   * Key-concurrency mode, opt-in: fair intake across lanes (fair-intake.ts, docs/kafka.md#fair-intake).
   * A lane that floods the topic (the dispatcher: one account, from its header) starts `burst`
   * messages at once and the rest at `perSecond`, waiting outside the in-flight window (within the
   * queue budget) so the other lanes' messages are fetched and started meanwhile. Messages whose
   * lane is null are never paced.
   */
  fairIntake?: FairIntakeOptions & { laneOf(message: InboundMessage): string | null };
  /**
   * Key-concurrency mode: a partition halted for longer than this (default 2 min) is logged as an
   * error, once per halt, with its in-flight count: its in-flight work has not ended, so it takes
   * no new messages. Its age is also the gauge `kafka_consumer_partition_halted_seconds`.
   */
  haltReportAfterMs?: number;
  /** Offsets are committed at most this often, coalesced per partition (default 100 ms). */
  commitIntervalMs?: number;
  /**
   * Fetch sizing: the broker answers a fetch once it has `minBytes` (default 1) or after
   * `maxWaitMs` (default 250). With key concurrency the fetch loop never waits for handlers, so
   * with minBytes 1 a steady stream costs about one fetch request per message; a few KB and a
   * short wait make each fetch carry several, for at most that wait in latency.
   */
  fetch?: { minBytes?: number; maxWaitMs?: number };
  /**
   * Crash-loop breaker (crash-guard.ts, docs/kafka.md#crash-loop-breaker): in-flight markers in a
   * store shared by the group's instances; a message in flight in two processes that died is
   * dead-lettered with reason `crashed_consumer`. Off when absent.
   */
  crashGuard?: CrashGuard;
  /**
   * Test-only fault injection: a message whose value contains this text aborts the process
   * (`process.abort()`, no JS catch) once its in-flight marker is stored. Services refuse to set it
   * when NODE_ENV=production.
   */
  abortOnValueContaining?: string;
}

type Attempt = { done: true } | { done: false; retryInMs: number };

/**
 * A message's turn under fair intake: when it may start (null: at once), whether it waits in the
 * intake's queue (not the window), and (with the lane's room) its claim on a place of it.
 */
interface IntakeTurn {
  lane: string | null;
  dueAt: number | null;
  queued: boolean;
  claim: TransitRelease | null;
}

/** Per-partition bookkeeping of the key-concurrency mode. */
interface PartitionState {
  topic: string;
  partition: number;
  /** Bumped by a halt/seek or a rebalance: tasks of an older epoch neither run nor commit. */
  epoch: number;
  /** Offsets handed to workers, ascending, not yet committed-through. */
  dispatched: bigint[];
  doneSet: Set<bigint>;
  inFlight: number;
  /**
   * Set when an attempt failed: no new messages are taken until the partition was rewound and
   * resumed. `since` (epoch ms) and `reported` serve the watchdog.
   */
  halt: (PartitionHalt & { retryInMs: number }) | null;
  /** Wake-ups of its messages' timed waits (fair intake, notBefore), cut short by a halt or a rebalance. */
  sleepers: Set<() => void>;
}

/**
 * A kafkajs consumer that never lets one message block a partition and never loses one:
 * - the offset is committed only after the handler's work is durable (autoCommit off);
 * - a permanent failure (bad payload, contract violation, repeated unexpected error) goes to
 *   `deadletter.<group>.v1` with the reason, field and origin in headers, then is committed;
 * - an infrastructure failure (database or broker down) pauses that partition and re-reads the
 *   same offset after a backoff, without rethrowing into kafkajs (which would restart the consumer
 *   and re-read the message forever).
 */
export class ConsumerRunner {
  private readonly consumer: Consumer;
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private joined = false;
  private stopped = false;
  private readonly dlqTopic: string;
  private readonly metricsGroup: string;
  private readonly lag: ConsumerLagMonitor | null;
  /** Committable offset (next to read) per `topic:partition`, flushed every commitIntervalMs. */
  private readonly pendingCommits = new Map<string, { topic: string; partition: number; offset: bigint }>();
  private readonly committed = new Map<string, bigint>();
  private commitTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly partitions = new Map<string, PartitionState>();
  private readonly keyTails = new Map<string, Promise<void>>();
  /** Key-concurrency mode: the `maxInFlight` bound over all partitions. */
  private readonly inFlightSlots: Semaphore;
  private readonly sleepers = new Set<() => void>();
  /** Crash-loop breaker: suspects run exclusive, every other message shared. */
  private readonly aloneLock = new SharedExclusiveLock();
  /** Per `topic:partition`: the takeover done (or running) since the last assignment. */
  private readonly takeovers = new Map<string, Promise<boolean>>();
  /** Per `topic:partition`: offset → crashes, for messages that crashed at least once. */
  private readonly suspects = new Map<string, Map<string, number>>();
  /** Key-concurrency mode: reports partitions halted for too long (log and gauge). */
  private readonly haltWatchdog: HaltWatchdog | null;
  /** Key-concurrency mode with fairIntake: each lane's schedule and the queue budget. */
  private readonly intake: FairIntake | null;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.dlqTopic = options.deadLetterTopic ?? deadLetterTopic(options.groupId);
    this.inFlightSlots = new Semaphore(options.keyConcurrency?.maxInFlight ?? 1);
    this.intake = options.keyConcurrency && options.fairIntake ? new FairIntake(options.fairIntake) : null;
    this.metricsGroup = options.metricsGroup ?? options.groupId;
    this.haltWatchdog = options.keyConcurrency
      ? new HaltWatchdog({
          groupId: options.groupId, metricsGroup: this.metricsGroup, logger: options.logger,
          reportAfterMs: options.haltReportAfterMs, partitions: () => this.partitions,
        })
      : null;
    this.lag = options.lagMonitor === false
      ? null
      : new ConsumerLagMonitor({
          kafka: options.kafka,
          groupId: options.groupId,
          topics: options.topics,
          logger: options.logger,
          intervalMs: options.lagMonitor?.intervalMs,
          metricsGroup: this.metricsGroup,
        });
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.fetch?.maxWaitMs ?? 250,
      minBytes: options.fetch?.minBytes ?? 1,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      this.joined = true;
      // A new assignment: each partition's markers are looked at again on its first message.
      this.takeovers.clear();
      this.onAssignment(event.payload.memberAssignment);
    });
    this.consumer.on(this.consumer.events.REBALANCING, () => {
      this.flushCommits().catch(() => undefined);
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.joined = false;
      options.logger.error({ groupId: options.groupId, err: { message: event.payload.error?.message } }, 'kafka consumer crashed');
    });
  }

  get isJoined(): boolean {
    return this.joined && !this.stopped;
  }

  get rawConsumer(): Consumer {
    return this.consumer;
  }

  /** The lag monitor, or null when disabled. */
  get lagMonitor(): ConsumerLagMonitor | null {
    return this.lag;
  }

  /**
   * Subscribes to `topic`. A topic created a moment ago can still be unknown to the broker's
   * metadata on a loaded machine ("This server does not host this topic-partition"): asked again
   * for up to about 10 s before the start fails (a topic that really does not exist fails then).
   */
  private async subscribe(topic: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
        return;
      } catch (error) {
        if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    for (const topic of this.options.topics) await this.subscribe(topic);
    if (this.options.keyConcurrency) {
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
        eachBatch: (payload) => this.handleBatch(payload),
      });
    } else {
      await this.consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
        eachMessage: (payload) => this.handle(payload),
      });
    }
    this.lag?.start();
    this.haltWatchdog?.start();
  }

  /** Resolves once the consumer has joined its group (partitions assigned). */
  async waitUntilJoined(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.joined) {
      if (Date.now() > deadline) throw new Error(`consumer group ${this.options.groupId} did not join within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.sleepers]) wake();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.lag?.stop();
    await this.haltWatchdog?.stop();
    if (this.options.keyConcurrency) await this.drainInFlight(10000);
    await this.flushCommits().catch(() => undefined);
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    await this.consumer.disconnect();
  }

  private toInbound(topic: string, partition: number, message: EachMessagePayload['message']): InboundMessage {
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key ? message.key.toString('utf8') : null,
      value: message.value,
      headers: headersToStrings(message.headers),
      timestamp: message.timestamp,
    };
  }

  private async handle({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const inbound = this.toInbound(topic, partition, message);
    const dueAt = this.options.notBefore?.(inbound) ?? null;
    if (dueAt !== null && dueAt > Date.now()) {
      this.pauseAndRewind(inbound, dueAt - Date.now());
      this.outcome('delayed', inbound);
      return;
    }
    if (!(await this.ensureTakenOver(topic, partition, message.offset))) {
      this.pauseAndRewind(inbound, 1000);
      return;
    }
    const result = await this.guardedAttempt(inbound, { heartbeat, roomTaken: NO_ROOM });
    if (result.done) this.markCommittable(topic, partition, BigInt(message.offset) + 1n);
    else this.pauseAndRewind(inbound, result.retryInMs);
  }

  /**
   * Runs the handler once: `done` when the message is finished (processed or dead-lettered, so its
   * offset may be committed), otherwise the delay before it must be tried again.
   */
  private async attempt(inbound: InboundMessage, controls: HandlerControls): Promise<Attempt> {
    const { topic, partition, offset } = inbound;
    const attemptKey = `${topic}:${partition}:${offset}`;
    try {
      await this.options.handler(inbound, controls);
      this.attempts.delete(attemptKey);
      this.outcome('processed', inbound);
      return { done: true };
    } catch (error) {
      const attempt = (this.attempts.get(attemptKey) ?? 0) + 1;
      this.attempts.set(attemptKey, attempt);
      const permanent = !isInfrastructureError(error) && (
        error instanceof PermanentMessageError ||
        deadLetterReason(error).field !== null ||
        attempt >= (this.options.maxAttempts ?? 3)
      );
      if (permanent) {
        try {
          await this.deadLetter(inbound, deadLetterReason(error));
          this.attempts.delete(attemptKey);
          return { done: true };
        } catch (publishError) {
          // Broker unavailable: keep the message (not committed) and try again later.
          this.options.logger.error({ topic, partition, offset, ...errorFields(publishError) }, 'dead-letter publish failed');
        }
      }
      const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 200, maxMs: 15000 };
      const delay = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 16));
      this.options.logger.warn(
        { topic, partition, offset, attempt, retryInMs: delay, ...errorFields(error) },
        'message failed; retrying in place',
      );
      this.outcome('retrying', inbound);
      return { done: false, retryInMs: delay };
    }
  }

  // ---- key-concurrency mode ------------------------------------------------------------------

  private partitionState(topic: string, partition: number): PartitionState {
    const id = `${topic}:${partition}`;
    let state = this.partitions.get(id);
    if (!state) {
      state = { topic, partition, epoch: 0, dispatched: [], doneSet: new Set(), inFlight: 0, halt: null, sleepers: new Set() };
      this.partitions.set(id, state);
    }
    return state;
  }

  /**
   * Hands every message of the batch to its key's queue and returns without waiting for them (the
   * next fetch is not held by the slowest message). Blocks only while `maxInFlight` messages are in
   * flight. Only dispatched messages are resolved, so a break leaves the rest to be fetched again.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const state = this.partitionState(batch.topic, batch.partition);
    const safeHeartbeat = () => heartbeat().catch(() => undefined);
    const first = batch.messages[0];
    if (first && !(await this.ensureTakenOver(batch.topic, batch.partition, first.offset))) {
      // Nothing resolved: the batch is fetched again after the pause.
      await this.sleep(1000);
      return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.stopped || state.halt) return;
      const inbound = this.toInbound(batch.topic, batch.partition, message);
      // A message of a lane behind its schedule (fair intake) waits for its turn holding room in
      // the intake's queue, not a window slot; while the queue is full, this fetch waits for room.
      const lane = this.intake ? this.options.fairIntake!.laneOf(inbound) : null;
      // Also queued: a message of a lane with no room (its handler would turn it away).
      const queued = lane !== null && (this.intake!.isBehind(lane, Date.now()) || this.intake!.mustWaitForRoom(lane));
      // The raw heartbeat: a rebalance announced while every slot is taken must reach kafkajs.
      const releaseSlot = await this.waitHeartbeating(
        queued ? this.intake!.hold((inbound.key?.length ?? 0) + (inbound.value?.length ?? 0)) : this.inFlightSlots.acquire(),
        heartbeat,
      );
      if (!releaseSlot) return;
      if (!isRunning() || isStale() || this.stopped || state.halt) {
        releaseSlot();
        return;
      }
      const now = Date.now();
      const dueAt = lane === null ? now : this.intake!.schedule(lane, now);
      // Straight to the window and due: it takes one of its lane's places now, so the next ones see it.
      const due = (this.options.notBefore?.(inbound) ?? 0) <= now;
      const claim = lane !== null && !queued && due && this.options.fairIntake!.room ? this.intake!.claim(lane) : null;
      this.dispatch(state, inbound, safeHeartbeat, releaseSlot, { lane, dueAt: dueAt > now ? dueAt : null, queued, claim });
      resolveOffset(message.offset);
    }
    await safeHeartbeat();
  }

  /**
   * Hands the message to its key's queue. `releaseSlot` gives back what it holds: a window slot, or
   * (`turn.queued`) room in the intake's queue, exchanged for a window slot when its turn comes.
   */
  private dispatch(state: PartitionState, inbound: InboundMessage, heartbeat: () => Promise<void>, releaseSlot: () => void, turn: IntakeTurn): void {
    const epoch = state.epoch;
    const offset = BigInt(inbound.offset);
    state.dispatched.push(offset);
    state.inFlight += 1;
    const queueKey = `${inbound.topic}:${inbound.key ?? `\u0000${inbound.partition}:${inbound.offset}`}`;
    const previous = this.keyTails.get(queueKey) ?? Promise.resolve();
    let release = releaseSlot;
    // Its claim on a place of its lane's room, ended when the handler takes the place
    // (`roomTaken`), or given back when it ends without (dropped, or a handler that does not
    // tell); either way the room signals its waiters.
    const giveBackClaim = () => {
      turn.claim?.();
      turn.claim = null;
    };
    const roomTaken = giveBackClaim;
    // Dropped before its turn (rewound or moved: read again later): its lane's schedule starts
    // afresh rather than behind the turns of messages that never ran.
    const dropped = () => {
      if (turn.dueAt !== null && turn.lane !== null) this.intake?.forget(turn.lane);
      giveBackClaim();
    };
    const task = previous.then(async () => {
      if (state.epoch !== epoch || state.halt || this.stopped) return dropped(); // rewound: it will be fetched again
      if (turn.dueAt !== null) {
        // Its lane floods: wait for its turn (inside the key's queue, so the key's order holds).
        if (turn.dueAt > Date.now()) this.outcome('paced', inbound);
        while (turn.dueAt > Date.now()) {
          await this.sleep(turn.dueAt - Date.now(), state);
          if (state.epoch !== epoch || state.halt || this.stopped) return dropped();
        }
      }
      const room = turn.lane !== null ? this.options.fairIntake?.room : undefined;
      if (turn.queued && room) {
        // Its turn came. A wake-up not due yet waits for that first, still in the intake's queue
        // (a claim on its lane's room would keep the lane's due messages waiting meanwhile); then
        // for its lane's room, in arrival order.
        if (!(await this.waitUntilDue(state, epoch, inbound))) return giveBackClaim();
        if (!(await this.waitForLaneRoom(state, epoch, inbound, turn))) return giveBackClaim();
      }
      if (turn.queued) {
        // Its turn came: its room in the intake's queue for a window slot.
        const windowSlot = await this.inFlightSlots.acquire();
        release();
        release = windowSlot;
        if (state.epoch !== epoch || state.halt || this.stopped) return giveBackClaim();
      }
      // notBefore: wait inside the key's queue (holds only this key and one slot, not the partition).
      if (!(await this.waitUntilDue(state, epoch, inbound))) return giveBackClaim();
      // Not claimed at fetch because it was not due then: it goes to the handler now.
      if (room && !turn.claim) turn.claim = this.intake!.claim(turn.lane!);
      // eachBatch gets no per-message span from the kafkajs instrumentation: continue the
      // message's own trace (its traceparent header) here, as eachMessage's instrumentation does.
      const result = await withTraceCarrier(inbound.headers, () => inSpan(`${inbound.topic} process`, {
        'messaging.system': 'kafka',
        'messaging.operation': 'process',
        'messaging.destination.name': inbound.topic,
        'messaging.kafka.destination.partition': inbound.partition,
        'messaging.kafka.message.offset': inbound.offset,
      }, () => this.guardedAttempt(inbound, { heartbeat, roomTaken }), SpanKind.CONSUMER));
      if (state.epoch !== epoch) return;
      if (result.done) this.completeOffset(state, offset);
      else this.halt(state, result.retryInMs);
    }).catch((error) => {
      this.options.logger.error({ topic: inbound.topic, partition: inbound.partition, offset: inbound.offset, ...errorFields(error) }, 'key worker failed');
      if (state.epoch === epoch) this.halt(state, 1000);
    }).finally(() => {
      if (this.keyTails.get(queueKey) === task) this.keyTails.delete(queueKey);
      giveBackClaim();
      release();
      if (state.epoch === epoch) {
        state.inFlight -= 1;
        if (state.halt && state.inFlight === 0) this.rewind(state);
      }
    });
    this.keyTails.set(queueKey, task);
  }

  /**
   * Waits for the message's `notBefore` time (counted `delayed` once); false when its partition
   * was rewound or moved, or the consumer stopped, meanwhile.
   */
  private async waitUntilDue(state: PartitionState, epoch: number, inbound: InboundMessage): Promise<boolean> {
    const dueAt = this.options.notBefore?.(inbound) ?? null;
    if (dueAt === null || dueAt <= Date.now()) return true;
    this.outcome('delayed', inbound);
    // A loop: a timer may fire a millisecond before Date.now() reaches dueAt.
    while (dueAt > Date.now()) {
      await this.sleep(dueAt - Date.now(), state);
      if (state.epoch !== epoch || state.halt || this.stopped) return false;
    }
    return true;
  }

  /**
   * Waits until the message's lane has room (FairIntakeOptions.room) and sets its claim on a place
   * of it; false when its partition was rewound or moved, or the consumer stopped, meanwhile (a
   * halt, a rebalance and stop() cut the wait short, as they do a sleep).
   */
  private async waitForLaneRoom(state: PartitionState, epoch: number, inbound: InboundMessage, turn: IntakeTurn): Promise<boolean> {
    const intake = this.intake!;
    const lane = turn.lane!;
    let counted = false;
    while (intake.mustWaitForRoom(lane)) {
      if (!counted) {
        this.outcome('waited_for_room', inbound);
        counted = true;
      }
      const wait = intake.waitForRoom(lane);
      const cancel = () => wait.cancel();
      this.sleepers.add(cancel);
      state.sleepers.add(cancel);
      const claim = await wait.granted;
      this.sleepers.delete(cancel);
      state.sleepers.delete(cancel);
      if (claim) {
        turn.claim = claim;
        return state.epoch === epoch && !state.halt && !this.stopped;
      }
      if (state.epoch !== epoch || state.halt || this.stopped) return false;
    }
    turn.claim = intake.claim(lane);
    return state.epoch === epoch && !state.halt && !this.stopped;
  }

  /** Stops taking messages from the partition at once; it is rewound when its in-flight work ends. */
  private halt(state: PartitionState, retryInMs: number): void {
    if (state.halt) return;
    state.halt = { retryInMs, since: Date.now(), reported: false };
    this.haltWatchdog?.halted(state.topic, state.partition);
    this.wakePartition(state);
    try {
      this.consumer.pause([{ topic: state.topic, partitions: [state.partition] }]);
    } catch {
      // Not running any more: nothing to pause.
    }
  }

  private completeOffset(state: PartitionState, offset: bigint): void {
    state.doneSet.add(offset);
    let last: bigint | null = null;
    while (state.dispatched.length > 0 && state.doneSet.has(state.dispatched[0]!)) {
      last = state.dispatched.shift()!;
      state.doneSet.delete(last);
    }
    if (last !== null) this.markCommittable(state.topic, state.partition, last + 1n);
  }

  /**
   * After a failure, once the partition's in-flight messages have finished: pause it, seek to the
   * lowest offset not completed, resume after the backoff. Completed messages above it are read
   * again (handlers are idempotent); nothing below it is skipped.
   */
  private rewind(state: PartitionState): void {
    const retryInMs = state.halt?.retryInMs ?? 1000;
    const lowest = state.dispatched[0];
    state.epoch += 1;
    state.dispatched = [];
    state.doneSet.clear();
    state.inFlight = 0;
    if (this.stopped || lowest === undefined) {
      state.halt = null;
      return;
    }
    const tp = [{ topic: state.topic, partitions: [state.partition] }];
    try {
      this.consumer.pause(tp);
      this.consumer.seek({ topic: state.topic, partition: state.partition, offset: lowest.toString() });
    } catch (error) {
      this.options.logger.warn({ topic: state.topic, partition: state.partition, ...errorFields(error) }, 'rewinding the partition failed');
    }
    const rewoundEpoch = state.epoch;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // A rebalance since then has already resumed the partition and may have halted it anew.
      if (state.epoch !== rewoundEpoch) return;
      state.halt = null;
      if (!this.stopped) this.consumer.resume(tp);
    }, Math.max(1, retryInMs));
    this.timers.add(timer);
  }

  /**
   * A rebalance: every partition forgets its work (a partition kept is read again from its
   * committed offset; one lost is redelivered to its new owner), and every partition of the new
   * assignment is resumed. A halted partition is rewound only when its in-flight work ends, which
   * the new epoch no longer counts, and kafkajs keeps a pause across rebalances, even for a
   * partition that moved away and came back: without the resume it would stay paused for as long
   * as this member owns it (the stall of the full chaos run, docs/reliability.md).
   */
  private onAssignment(assignment: Record<string, number[]>): void {
    if (this.options.keyConcurrency) this.resumeAssigned(assignment);
    for (const [id, state] of this.partitions) {
      state.epoch += 1;
      state.dispatched = [];
      state.doneSet.clear();
      state.inFlight = 0;
      state.halt = null;
      this.wakePartition(state);
      const owned = assignment[state.topic]?.includes(state.partition) ?? false;
      if (!owned) this.partitions.delete(id);
    }
    for (const id of [...this.pendingCommits.keys()]) {
      const [topic, partition] = splitId(id);
      if (!(assignment[topic]?.includes(partition) ?? false)) this.pendingCommits.delete(id);
    }
    this.committed.clear();
  }

  private resumeAssigned(assignment: Record<string, number[]>): void {
    if (this.stopped) return;
    const topicPartitions = Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions }));
    try {
      this.consumer.resume(topicPartitions);
    } catch (error) {
      this.options.logger.warn({ groupId: this.options.groupId, ...errorFields(error) }, 'resuming the assigned partitions failed');
    }
  }

  /**
   * Waits for `granted`: one of the `maxInFlight` slots, or room in the fair intake's queue (its
   * release function), heartbeating every second while none is free so the group does not evict
   * this member; null when the runner stopped meanwhile. A
   * heartbeat answered "rebalancing" is rethrown, so kafkajs rejoins at once (the batch's
   * undispatched messages are read again): waiting for a slot here would hold the whole group's
   * rebalance, and so every member's start, until a slot frees or the rebalance times out (60 s;
   * a restarted chaos instance was not ready within 60 s that way). Other heartbeat failures are
   * ignored, as before.
   */
  private async waitHeartbeating(granted: Promise<() => void>, heartbeat: () => Promise<void>): Promise<(() => void) | null> {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const release = await Promise.race([
        granted,
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), 1000);
        }),
      ]);
      clearTimeout(timer);
      if (release) return release;
      try {
        await heartbeat();
      } catch (error) {
        if (isRebalancing(error)) {
          void granted.then((late) => late());
          throw error;
        }
      }
      if (this.stopped) {
        // Given up: the slot goes straight back once it is granted.
        void granted.then((late) => late());
        return null;
      }
    }
  }

  private async drainInFlight(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlightSlots.inUse > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * A timer that `stop()` cuts short, and, given the partition it waits for, its halt or a
   * rebalance too (a paced message may sleep for many seconds: its partition's rewind must not).
   */
  private sleep(ms: number, partition?: PartitionState): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.sleepers.delete(wake);
        partition?.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(1, ms));
      this.timers.add(timer);
      this.sleepers.add(wake);
      partition?.sleepers.add(wake);
    });
  }

  /** Cuts short every wait of the partition's messages (they see their epoch or the halt, and end). */
  private wakePartition(state: PartitionState): void {
    for (const wake of [...state.sleepers]) wake();
  }

  // ---- commits (both modes) ------------------------------------------------------------------

  /** Records that everything below `offset` is done; committed within commitIntervalMs. */
  private markCommittable(topic: string, partition: number, offset: bigint): void {
    const id = `${topic}:${partition}`;
    const current = this.pendingCommits.get(id);
    if (current && current.offset >= offset) return;
    this.pendingCommits.set(id, { topic, partition, offset });
    if (!this.commitTimer) {
      this.commitTimer = setTimeout(() => {
        this.commitTimer = null;
        this.flushCommits().catch(() => undefined);
      }, this.options.commitIntervalMs ?? 100);
    }
  }

  /** Commits every partition's pending offset in one request (serialised with earlier flushes). */
  flushCommits(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = [...this.pendingCommits.entries()].filter(([id, c]) => (this.committed.get(id) ?? -1n) < c.offset);
      this.pendingCommits.clear();
      if (batch.length === 0) return;
      try {
        await this.consumer.commitOffsets(batch.map(([, c]) => ({ topic: c.topic, partition: c.partition, offset: c.offset.toString() })));
        for (const [id, c] of batch) this.committed.set(id, c.offset);
      } catch (error) {
        this.options.logger.warn({ groupId: this.options.groupId, ...errorFields(error) }, 'offset commit failed; retrying');
        for (const [id, c] of batch) {
          const newer = this.pendingCommits.get(id);
          if (!newer || newer.offset < c.offset) this.pendingCommits.set(id, c);
        }
        if (!this.stopped && !this.commitTimer) {
          this.commitTimer = setTimeout(() => {
            this.commitTimer = null;
            this.flushCommits().catch(() => undefined);
          }, 500);
        }
      }
    });
    return this.flushing;
  }

  private async deadLetter(
    message: InboundMessage,
    { reason, field }: { reason: string; field: string | null },
    log: { message: string; fields?: Record<string, unknown> } = { message: 'message dead-lettered' },
  ): Promise<void> {
    this.options.logger.error(
      { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key, reason, field, deadLetterTopic: this.dlqTopic, ...log.fields },
      log.message,
    );
    await this.options.publisher.publishRaw(this.dlqTopic, [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.dlqReason]: reason.slice(0, 2000),
          ...(field ? { [HEADERS.dlqField]: field } : {}),
          [HEADERS.dlqOriginalTopic]: message.topic,
          [HEADERS.dlqOriginalPartition]: String(message.partition),
          [HEADERS.dlqOriginalOffset]: message.offset,
          [HEADERS.dlqConsumerGroup]: this.options.groupId,
          [HEADERS.dlqFailedAt]: new Date().toISOString(),
        },
      },
    ]);
    this.outcome('dead_lettered', message);
  }

  // ---- crash-loop breaker (both modes; crash-guard.ts) ---------------------------------------

  /**
   * Runs the partition's takeover once per assignment, before its first message: false when the
   * store could not be reached (the message is tried again later, never handled unguarded).
   */
  private async ensureTakenOver(topic: string, partition: number, firstOffset: string): Promise<boolean> {
    const guard = this.options.crashGuard;
    if (!guard) return true;
    const id = `${topic}:${partition}`;
    let pending = this.takeovers.get(id);
    if (!pending) {
      pending = this.takeOver(guard, topic, partition, firstOffset);
      this.takeovers.set(id, pending);
    }
    const ok = await pending;
    if (!ok && this.takeovers.get(id) === pending) this.takeovers.delete(id);
    return ok;
  }

  private async takeOver(guard: CrashGuard, topic: string, partition: number, firstOffset: string): Promise<boolean> {
    const { groupId, logger } = this.options;
    try {
      const { crashes, counted } = await guard.takeOver(groupId, topic, partition, firstOffset);
      this.suspects.set(`${topic}:${partition}`, crashes);
      recordCrashSuspects(this.metricsGroup, topic, counted.length);
      if (counted.length > 0) {
        logger.warn(
          { groupId, topic, partition, suspects: counted.map((offset) => ({ offset, crashes: crashes.get(offset) })) },
          'messages were in flight when a consumer process died; each is handled alone, and dead-lettered after a third crash',
        );
      }
      return true;
    } catch (error) {
      logger.warn({ groupId, topic, partition, ...errorFields(error) }, 'crash guard unavailable; retrying the partition takeover');
      return false;
    }
  }

  /**
   * `attempt` behind the breaker: the in-flight marker is stored first; a message that crashed
   * once or twice runs alone in the process (exclusive lock), one that crashed three times is
   * dead-lettered.
   */
  private async guardedAttempt(inbound: InboundMessage, controls: HandlerControls): Promise<Attempt> {
    const guard = this.options.crashGuard;
    if (!guard) {
      await this.injectFault(inbound);
      return this.attempt(inbound, controls);
    }
    const { groupId, logger } = this.options;
    const { topic, partition, offset } = inbound;
    const known = this.suspects.get(`${topic}:${partition}`);
    const tracked: InflightMessage = { topic, partition, offset, crashes: known?.get(offset) ?? 0 };
    const verdict = crashVerdict(tracked.crashes);
    if (verdict === 'dead_letter') return this.deadLetterCrashed(guard, inbound, tracked);
    const alone = verdict === 'alone';
    const release = await this.aloneLock.acquire(alone);
    try {
      try {
        await guard.started(groupId, tracked);
      } catch (error) {
        logger.warn({ groupId, topic, partition, offset, ...errorFields(error) }, 'crash guard unavailable; retrying the message');
        return { done: false, retryInMs: 1000 };
      }
      if (alone) logger.warn({ groupId, topic, partition, offset, crashes: tracked.crashes }, 'handling alone a message that was in flight when a consumer process died');
      await this.injectFault(inbound);
      const result = await this.attempt(inbound, controls);
      if (!alone) {
        guard.finished(groupId, tracked, false).catch(() => undefined);
        return result;
      }
      try {
        // Before anything else runs: a later crash must not be counted against this message.
        await guard.finished(groupId, tracked, true);
      } catch (error) {
        logger.warn({ groupId, topic, partition, offset, ...errorFields(error) }, 'crash guard unavailable; the message is handled again');
        return { done: false, retryInMs: 1000 };
      }
      if (result.done) known?.delete(offset);
      return result;
    } finally {
      release();
    }
  }

  private async deadLetterCrashed(guard: CrashGuard, inbound: InboundMessage, tracked: InflightMessage): Promise<Attempt> {
    const { groupId, logger } = this.options;
    try {
      await this.deadLetter(inbound, { reason: CRASHED_CONSUMER_REASON, field: null }, {
        message: 'message dead-lettered: its consumer process died while handling it, three times',
        fields: { crashes: tracked.crashes },
      });
      recordCrashedConsumerDeadLetter(this.metricsGroup, inbound.topic);
      await guard.finished(groupId, tracked, true);
      this.suspects.get(`${inbound.topic}:${inbound.partition}`)?.delete(inbound.offset);
      return { done: true };
    } catch (error) {
      logger.error({ groupId, topic: inbound.topic, partition: inbound.partition, offset: inbound.offset, ...errorFields(error) }, 'dead-lettering a crashing message failed; retrying');
      return { done: false, retryInMs: 1000 };
    }
  }

  /** The test-only fault switch (abortOnValueContaining): a native abort no JS catch sees. */
  private async injectFault(inbound: InboundMessage): Promise<void> {
    const marker = this.options.abortOnValueContaining;
    if (!marker || !inbound.value?.includes(marker)) return;
    const { logger } = this.options;
    // Give the log lines written so far a chance to leave the process (a test reads them).
    await new Promise<void>((resolve) => {
      setTimeout(resolve, 500).unref();
      try {
        logger.flush(() => resolve());
      } catch {
        resolve();
      }
    });
    // Written synchronously: the process dies on the next line.
    writeSync(2, `${JSON.stringify({
      level: 'fatal', time: new Date().toISOString(), topic: inbound.topic, partition: inbound.partition, offset: inbound.offset,
      message: 'fault injection: aborting the process on this message',
    })}\n`);
    process.abort();
  }

  /** Counts the outcome (kafka_messages_total, kafka_dead_lettered_total), then tells the observer. */
  private outcome(outcome: MessageOutcome, message: InboundMessage): void {
    try {
      recordConsumerOutcome(this.metricsGroup, message.topic, outcome);
      this.options.onOutcome?.(outcome, message);
    } catch (error) {
      // An observer must never break consumption.
      this.options.logger.warn({ ...errorFields(error) }, 'consumer outcome observer failed');
    }
  }

  /** Stops fetching this partition, re-reads `message` after `delayMs`. */
  private pauseAndRewind(message: InboundMessage, delayMs: number): void {
    const tp = [{ topic: message.topic, partitions: [message.partition] }];
    this.consumer.pause(tp);
    this.consumer.seek({ topic: message.topic, partition: message.partition, offset: message.offset });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) this.consumer.resume(tp);
    }, Math.max(1, delayMs));
    this.timers.add(timer);
  }
}

function splitId(id: string): [string, number] {
  const at = id.lastIndexOf(':');
  return [id.slice(0, at), Number(id.slice(at + 1))];
}
