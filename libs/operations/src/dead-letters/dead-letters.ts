/**
 * Dead-lettered messages as the ops command sees them, and the pure rules of a replay: which
 * messages a selector picks, where each goes back to, and with which headers.
 */
import { HEADERS } from '@gv/contracts';

export interface RawKafkaMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface DeadLetter {
  /** Where the dead letter is: `deadletter.<group>.v1`, partition, offset, broker timestamp (ms). */
  dlqTopic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  reason: string | null;
  field: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  failedAt: string | null;
  /** From x-account-id, else the key's `<accountId>:` prefix, else the whole key (config topic keys). */
  accountId: string | null;
  /** From x-guru-transaction-id, else the key's part after the first `:`. */
  saleId: string | null;
  /** x-replayed-from: this message was itself a replay (of that dead letter) and failed again. */
  replayOf: string | null;
}

/** Header names the dead-letter machinery adds (all start with x-dlq-). */
export const DLQ_HEADER_PREFIX = 'x-dlq-';
/** Retry bookkeeping (x-retry-attempt, x-retry-not-before, x-retry-generation, x-retry-reason). */
export const RETRY_HEADER_PREFIX = 'x-retry-';
/** Added to every replayed message: `<dlq topic>:<offset>` (dead-letter topics have one partition). */
export const REPLAYED_FROM_HEADER = 'x-replayed-from';

const DLQ_TOPIC = /^deadletter\.(.+)\.v\d+$/;

export function isDeadLetterTopic(topic: string): boolean {
  return DLQ_TOPIC.test(topic);
}

/** `deadletter.invoice-dispatcher.v1` → `invoice-dispatcher`. */
export function groupOfDeadLetterTopic(topic: string): string | null {
  return DLQ_TOPIC.exec(topic)?.[1] ?? null;
}

export function toDeadLetter(message: RawKafkaMessage): DeadLetter {
  const h = message.headers;
  const key = message.key === null ? null : Buffer.isBuffer(message.key) ? message.key.toString('utf8') : message.key;
  const colon = key?.indexOf(':') ?? -1;
  const partition = h[HEADERS.dlqOriginalPartition];
  return {
    dlqTopic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key,
    value: message.value,
    headers: h,
    reason: h[HEADERS.dlqReason] ?? null,
    field: h[HEADERS.dlqField] ?? null,
    originalTopic: h[HEADERS.dlqOriginalTopic] ?? null,
    originalPartition: partition === undefined || partition === '' ? null : Number(partition),
    originalOffset: h[HEADERS.dlqOriginalOffset] ?? null,
    consumerGroup: h[HEADERS.dlqConsumerGroup] ?? null,
    failedAt: h[HEADERS.dlqFailedAt] ?? null,
    accountId: h[HEADERS.accountId] ?? (key === null ? null : colon >= 0 ? key.slice(0, colon) : key),
    saleId: h[HEADERS.saleId] ?? (key !== null && colon >= 0 ? key.slice(colon + 1) : null),
    replayOf: h[REPLAYED_FROM_HEADER] ?? null,
  };
}

export type ReplaySelector = { kind: 'offset'; offsets: string[] } | { kind: 'account'; accountId: string } | { kind: 'all' };

/** The dead letters a replay selector picks, in offset order. */
export function selectDeadLetters(letters: DeadLetter[], selector: ReplaySelector): DeadLetter[] {
  const sorted = [...letters].sort((a, b) => a.partition - b.partition || compareOffsets(a.offset, b.offset));
  switch (selector.kind) {
    case 'all':
      return sorted;
    case 'account':
      return sorted.filter((d) => d.accountId === selector.accountId);
    case 'offset': {
      const wanted = new Set(selector.offsets);
      return sorted.filter((d) => wanted.has(d.offset));
    }
  }
}

export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Where a dead letter is replayed to: `override` when given; a retry topic's message goes back to
 * its main topic (`x.retry.v1` → `x.v1`), because a retry wake-up replayed as it was would be
 * dropped as stale (its retry generation is old), while the main topic re-reads the sale's desired
 * state and resumes a failed sale; anything else goes back to the topic it was read from.
 */
export function replayTarget(letter: DeadLetter, override?: string | null): string {
  if (override) return override;
  if (!letter.originalTopic) throw new Error(`${letter.dlqTopic}:${letter.offset} has no ${HEADERS.dlqOriginalTopic} header; pass --to <topic>`);
  const retry = /^(.*)\.retry\.(v\d+)$/.exec(letter.originalTopic);
  return retry ? `${retry[1]}.${retry[2]}` : letter.originalTopic;
}

/** `<dlq topic>:<offset>`; `<dlq topic>/<partition>:<offset>` in the unusual multi-partition case. */
export function replayedFromValue(letter: DeadLetter): string {
  return letter.partition === 0 ? `${letter.dlqTopic}:${letter.offset}` : `${letter.dlqTopic}/${letter.partition}:${letter.offset}`;
}

/**
 * The replayed message's headers: the original ones (contract, sale ids, traceparent, so the
 * replay continues the sale's trace) minus every x-dlq-* header, minus retry bookkeeping when the
 * message leaves a retry topic, plus x-replayed-from.
 */
export function replayHeaders(letter: DeadLetter, target: string): Record<string, string> {
  const leavingRetry = letter.originalTopic !== null && letter.originalTopic !== target && /\.retry\.v\d+$/.test(letter.originalTopic);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.headers)) {
    const lower = name.toLowerCase();
    if (lower.startsWith(DLQ_HEADER_PREFIX)) continue;
    if (leavingRetry && lower.startsWith(RETRY_HEADER_PREFIX)) continue;
    if (lower === REPLAYED_FROM_HEADER) continue;
    out[name] = value;
  }
  out[REPLAYED_FROM_HEADER] = replayedFromValue(letter);
  return out;
}
