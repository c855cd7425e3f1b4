import { ContractViolation } from '@gv/contracts';

/**
 * A message that can never be processed as it is (bad payload, unknown contract). The consumer
 * runner sends it to the group's dead-letter topic with `reason` and `field`, commits, and moves on.
 */
export class PermanentMessageError extends Error {
  constructor(
    readonly reason: string,
    readonly field: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(field ? `${field}: ${reason}` : reason, options);
    this.name = 'PermanentMessageError';
  }
}

/**
 * One of our own dependencies (a database, the broker, another of our services) cannot be reached
 * right now. It says nothing about the message: the consumer runner retries the message in place
 * until the dependency is back, never dead-letters it. Services subclass it for their own
 * dependencies (e.g. the dispatcher's CredentialsUnavailableError for config-service).
 */
export class InfrastructureUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfrastructureUnavailableError';
  }
}

const INFRASTRUCTURE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  // PostgreSQL: connection exceptions, shutdown, too many connections, serialization/deadlock.
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '40001', '40P01',
]);

/**
 * Errors of our own infrastructure (database, broker) say nothing about the message: it is
 * retried in place until the dependency is back, never dead-lettered.
 */
export function isInfrastructureError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (current instanceof InfrastructureUnavailableError) return true;
    const e = current as { code?: unknown; name?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && INFRASTRUCTURE_CODES.has(e.code)) return true;
    if (typeof e.name === 'string' && /^KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound)/.test(e.name)) return true;
    // TypeORM releases a query runner whose connection died (a terminated backend, a failover);
    // the transaction's next statement then fails with these (found by the chaos suite).
    if (typeof e.name === 'string' && /^QueryRunner(Provider)?AlreadyReleasedError$/.test(e.name)) return true;
    if (current instanceof Error && /Connection terminated|connection is closed|timeout exceeded when trying to connect/i.test(current.message)) return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/** The reason and field a dead-letter record carries for `error`. */
export function deadLetterReason(error: unknown): { reason: string; field: string | null } {
  if (error instanceof PermanentMessageError) return { reason: error.reason, field: error.field };
  if (error instanceof ContractViolation) return { reason: error.message, field: error.field };
  if (error instanceof SyntaxError) return { reason: `value is not valid JSON: ${error.message}`, field: '(value)' };
  if (error instanceof Error) return { reason: `${error.name}: ${error.message}`, field: null };
  return { reason: String(error), field: null };
}

/**
 * Broker answers that say this message can never be written as it is, so sending it again is
 * pointless: too large for the topic's `max.message.bytes` (MESSAGE_TOO_LARGE), a batch larger
 * than a segment (RECORD_LIST_TOO_LARGE), refused by the broker's record validation, e.g. a null
 * key on a compacted topic (INVALID_RECORD), a topic that does not exist (UNKNOWN_TOPIC_OR_PARTITION,
 * after kafkajs's own retries) or cannot exist (INVALID_TOPIC_EXCEPTION), or refused by policy or
 * authorisation for that topic. Everything else (connection loss, timeouts, leader changes,
 * sequence errors of the idempotent producer) may pass: those are retried.
 */
export const PERMANENT_PUBLISH_ERROR_TYPES: ReadonlySet<string> = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'POLICY_VIOLATION',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
]);

/** Of those, the ones about the topic itself: every message to that topic fails the same way. */
const TOPIC_WIDE_PUBLISH_ERROR_TYPES: ReadonlySet<string> = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'INVALID_TOPIC_EXCEPTION', 'TOPIC_AUTHORIZATION_FAILED']);

export interface PermanentPublishFailure {
  /** `<broker error type>: <message>`, e.g. `MESSAGE_TOO_LARGE: The request included a message larger…`. */
  reason: string;
  /** The topic refuses every message (missing, invalid name, not authorised), not just this one. */
  wholeTopic: boolean;
}

/**
 * Why the broker will never accept the message a publish failed with, or null when the failure
 * may pass (retry). Looks through kafkajs's wrappers (KafkaJSNumberOfRetriesExceeded keeps the
 * last error as `cause`).
 */
export function permanentPublishFailure(error: unknown): PermanentPublishFailure | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { type?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.type === 'string' && PERMANENT_PUBLISH_ERROR_TYPES.has(e.type)) {
      return { reason: `${e.type}: ${typeof e.message === 'string' ? e.message : ''}`.trim(), wholeTopic: TOPIC_WIDE_PUBLISH_ERROR_TYPES.has(e.type) };
    }
    current = e.cause;
  }
  return null;
}

/** kafkajs's own test: the group is rebalancing, and the member must rejoin (kafkajs does it when such an error reaches it). */
export function isRebalancing(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION';
}
