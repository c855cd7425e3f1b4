import { randomUUID } from 'node:crypto';
import { CompressionTypes, Consumer, Kafka, Producer } from 'kafkajs';
import { GURU_TRANSACTION_EVENT, HEADERS } from '@gv/contracts';
import { percentile } from '../vhsys/stats';
import { encodeEvent, PreparedSale } from './sales';
import { localKafka } from '@gv/testing';

export interface ResultRecord {
  /** Results received for the sale (more than one is a duplicate). */
  count: number;
  /** Date.now() when the first result reached the harness. */
  receivedAtMs: number;
  /** The result's own occurredAt (written by the service that decided it), epoch ms. */
  occurredAtMs: number;
  stage: string;
  outcome: string;
  reason: string | null;
  /** The result's first and last step times (`steps[].at`), epoch ms; null without steps. */
  firstStepAtMs: number | null;
  lastStepAtMs: number | null;
}

/**
 * Reads the stack's `vhsys.dispatch-results.v1` from its end (a throwaway group that joins before
 * anything is produced) and keeps the first result of every sale whose account starts with
 * `accountPrefix`.
 */
export class ResultCollector {
  private readonly consumer: Consumer;
  private readonly groupId = `bench-results-${randomUUID()}`;
  readonly results = new Map<string, ResultRecord>();
  duplicates = 0;
  private readonly trackers: Array<{ keys: Set<string>; count: number }> = [];

  constructor(private readonly kafka: Kafka, private readonly topic: string, private readonly accountPrefix: string) {
    this.consumer = kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 20, minBytes: 1 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    let joined = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const message of batch.messages) {
          const key = message.key?.toString('utf8');
          if (!key || !key.startsWith(this.accountPrefix) || !message.value) continue;
          const existing = this.results.get(key);
          if (existing) {
            existing.count += 1;
            this.duplicates += 1;
            continue;
          }
          const value = JSON.parse(message.value.toString('utf8')) as { stage: string; outcome: string; reason: string | null; occurredAt: string; steps?: { at: string }[] };
          const stepTimes = (value.steps ?? []).map((s) => Date.parse(s.at)).filter(Number.isFinite);
          this.results.set(key, {
            count: 1, receivedAtMs: now, occurredAtMs: Date.parse(value.occurredAt), stage: value.stage, outcome: value.outcome, reason: value.reason,
            firstStepAtMs: stepTimes.length > 0 ? Math.min(...stepTimes) : null,
            lastStepAtMs: stepTimes.length > 0 ? Math.max(...stepTimes) : null,
          });
          for (const t of this.trackers) if (t.keys.has(key)) t.count += 1;
        }
      },
    });
    const deadline = Date.now() + 60_000;
    while (!joined) {
      if (Date.now() > deadline) throw new Error('result collector did not join its group');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Joined is not yet fetching from "latest": give the first fetch a moment before producing.
    await new Promise((r) => setTimeout(r, 500));
  }

  /** A live count of the keys (of `keys`) answered so far. */
  track(keys: Iterable<string>): { readonly count: number } {
    const t = { keys: new Set(keys), count: 0 };
    for (const k of t.keys) if (this.results.has(k)) t.count += 1;
    this.trackers.push(t);
    return t;
  }

  /** Waits until every key has a result (or the timeout); returns the keys still missing. */
  async waitFor(keys: string[], timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let missing = keys.filter((k) => !this.results.has(k));
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      missing = missing.filter((k) => !this.results.has(k));
    }
    return missing;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([this.groupId]).catch(() => undefined).finally(() => admin.disconnect());
  }
}

/** Produces prepared sales to the stack's `guru.transactions.v1`, stamping `receivedAt` (the latency origin) at send time. */
export class SaleProducer {
  private readonly producer: Producer;
  /** Epoch ms each sale was stamped with. */
  readonly producedAt = new Map<string, number>();

  constructor(kafka: Kafka, private readonly topic: string) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    await this.producer.connect();
  }

  async send(sales: PreparedSale[]): Promise<void> {
    if (sales.length === 0) return;
    const now = Date.now();
    const stamp = new Date(now).toISOString();
    for (const s of sales) this.producedAt.set(s.key, now);
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: sales.map((s) => ({ key: s.key, value: encodeEvent(s, stamp), headers: { [HEADERS.contract]: GURU_TRANSACTION_EVENT } })),
    });
  }

  /** Bulk: everything as fast as the broker takes it (batches of 500). */
  async sendAll(sales: PreparedSale[], batch = 500): Promise<void> {
    for (let i = 0; i < sales.length; i += batch) await this.send(sales.slice(i, i + batch));
  }

  /**
   * Open loop at a fixed rate: every 10 ms the sales due by then are sent, whatever the system
   * does (so a slow pipeline shows as latency, not as a lower offered rate).
   */
  async sendAtRate(sales: PreparedSale[], ratePerSecond: number, seconds: number): Promise<PreparedSale[]> {
    const total = Math.min(sales.length, Math.round(ratePerSecond * seconds));
    const started = performance.now();
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ratePerSecond) + 1);
      if (due > sent) {
        const p = this.send(sales.slice(sent, due)).finally(() => inFlight.delete(p));
        inFlight.add(p);
        sent = due;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(inFlight);
    return sales.slice(0, total);
  }

  /**
   * Closed loop: keeps `inFlight` sales produced but not yet answered, for `seconds`; returns
   * the sales produced.
   */
  async sendClosedLoop(sales: PreparedSale[], inFlight: number, seconds: number, answered: () => number): Promise<PreparedSale[]> {
    const deadline = performance.now() + seconds * 1000;
    let sent = 0;
    while (performance.now() < deadline && sent < sales.length) {
      const room = inFlight - (sent - answered());
      if (room >= Math.min(100, inFlight)) {
        const n = Math.min(room, 500, sales.length - sent);
        await this.send(sales.slice(sent, sent + n));
        sent += n;
      } else {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return sales.slice(0, sent);
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The same from the result's own occurredAt (excludes the results relay and the harness's consumer). */
  occurredP50: number;
  occurredP99: number;
}

export function latencyOf(keys: string[], producer: SaleProducer, collector: ResultCollector): LatencySummary {
  const received: number[] = [];
  const occurred: number[] = [];
  for (const key of keys) {
    const r = collector.results.get(key);
    const p = producer.producedAt.get(key);
    if (!r || p === undefined) continue;
    received.push(r.receivedAtMs - p);
    occurred.push(r.occurredAtMs - p);
  }
  return {
    count: received.length,
    p50: percentile(received, 50),
    p95: percentile(received, 95),
    p99: percentile(received, 99),
    max: percentile(received, 100),
    occurredP50: percentile(occurred, 50),
    occurredP99: percentile(occurred, 99),
  };
}

export function benchKafka(brokers: string[]): Kafka {
  return localKafka('bench', brokers);
}
