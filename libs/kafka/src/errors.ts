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
    const e = current as { code?: unknown; name?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && INFRASTRUCTURE_CODES.has(e.code)) return true;
    if (typeof e.name === 'string' && /^KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound)/.test(e.name)) return true;
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
