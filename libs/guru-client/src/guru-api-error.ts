import type { GuruRateLimit } from './rate-limit';

/**
 * What went wrong talking to Guru, for the caller to decide:
 * - auth:         401 (unknown or revoked user token) or 403 (token without access);
 * - not_found:    404 (unknown transaction, or one of another account);
 * - validation:   422; `fieldErrors` names the query parameters Guru refused;
 * - rate_limited: 429 still answered after the bounded waits;
 * - transient:    5xx, timeout, connection reset, still failing after the bounded retries;
 * - permanent:    any other answer, or a body that is not what Guru documents.
 */
export const GURU_ERROR_KINDS = ['auth', 'not_found', 'validation', 'rate_limited', 'transient', 'permanent'] as const;
export type GuruErrorKind = (typeof GURU_ERROR_KINDS)[number];

export interface GuruErrorDetails {
  kind: GuruErrorKind;
  /** HTTP status of the last attempt, or null when no answer arrived (timeout, reset). */
  httpStatus: number | null;
  /** Guru's `message`, when it sent one (the user token removed if it were ever echoed). */
  guruMessage: string | null;
  /** Guru's 422 `errors`: parameter → messages. */
  fieldErrors: Record<string, string[]>;
  method: string;
  /** e.g. "/transactions/{id}": never ids, query values or tokens. */
  pathTemplate: string;
  /** HTTP attempts made, retries included. */
  attempts: number;
  /** Low-level cause when no answer arrived: "TIMEOUT", "ECONNRESET", … */
  causeCode?: string;
  retryAfterMs?: number;
  rateLimit?: GuruRateLimit;
}

export class GuruApiError extends Error implements GuruErrorDetails {
  readonly kind: GuruErrorKind;
  readonly httpStatus: number | null;
  readonly guruMessage: string | null;
  readonly fieldErrors: Record<string, string[]>;
  readonly method: string;
  readonly pathTemplate: string;
  readonly attempts: number;
  readonly causeCode?: string;
  readonly retryAfterMs?: number;
  readonly rateLimit?: GuruRateLimit;

  constructor(details: GuruErrorDetails) {
    super(describe(details));
    this.name = 'GuruApiError';
    this.kind = details.kind;
    this.httpStatus = details.httpStatus;
    this.guruMessage = details.guruMessage;
    this.fieldErrors = details.fieldErrors;
    this.method = details.method;
    this.pathTemplate = details.pathTemplate;
    this.attempts = details.attempts;
    this.causeCode = details.causeCode;
    this.retryAfterMs = details.retryAfterMs;
    this.rateLimit = details.rateLimit;
  }
}

function describe(d: GuruErrorDetails): string {
  const status = d.httpStatus === null ? d.causeCode ?? 'no answer' : `HTTP ${d.httpStatus}`;
  const message = d.guruMessage ? `: ${d.guruMessage}` : '';
  const fields = Object.keys(d.fieldErrors);
  const fieldText = fields.length > 0 ? ` [${fields.map((f) => `${f}: ${d.fieldErrors[f].join(' ')}`).join('; ')}]` : '';
  const attempts = d.attempts > 1 ? ` after ${d.attempts} attempts` : '';
  return `Guru ${d.method} ${d.pathTemplate} failed, ${d.kind} (${status})${attempts}${message}${fieldText}`;
}

export function isGuruApiError(error: unknown): error is GuruApiError {
  return error instanceof GuruApiError;
}
