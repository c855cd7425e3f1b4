/**
 * What the dispatcher needs to decide: retry, wait, pause the account, fix data, or resolve an
 * unknown outcome before retrying a write.
 *
 * - not_found:    403 "Nenhum … encontrado!" (Vhsys's answer for both a missing id and an empty list)
 * - validation:   403 whose `data` is an array of messages; `fields` names the fields
 * - auth:         unknown/revoked token pair (403 "token inválido…" or 401)
 * - rate_limited: 429; `retryAfterMs` from Retry-After when sent
 * - transient:    5xx, HTTP 200 carrying `code: 404`, timeouts, connection resets
 * - permanent:    anything else that a retry would not fix
 */
export const VHSYS_ERROR_KINDS = ['not_found', 'validation', 'auth', 'rate_limited', 'transient', 'permanent'] as const;
export type VhsysErrorKind = (typeof VHSYS_ERROR_KINDS)[number];

export interface VhsysRateLimit {
  limit: number;
  remaining: number;
}

export interface VhsysErrorDetails {
  kind: VhsysErrorKind;
  /** HTTP status, or null when no response arrived (timeout, reset, refused). */
  httpStatus: number | null;
  /** `code` from the body (a number or a numeric string on the wire), when there was one. */
  vhsysCode: number | null;
  /** Vhsys's own messages (Portuguese), secrets removed. */
  vhsysMessages: string[];
  /** Field names found in validation messages, e.g. ["valor_parcela"]. */
  fields: string[];
  retryAfterMs?: number;
  rateLimit?: VhsysRateLimit;
  method: string;
  /** e.g. "/pedidos/{id_ped}/parcelas": never ids, query strings or tokens. */
  pathTemplate: string;
  /** True when a write may have been applied although the call failed (timeout, reset, lost answer). */
  outcomeUnknown: boolean;
  /** Low-level cause when no response arrived, e.g. "ECONNRESET", "TIMEOUT". */
  causeCode?: string;
}

export class VhsysError extends Error implements VhsysErrorDetails {
  readonly kind: VhsysErrorKind;
  readonly httpStatus: number | null;
  readonly vhsysCode: number | null;
  readonly vhsysMessages: string[];
  readonly fields: string[];
  readonly retryAfterMs?: number;
  readonly rateLimit?: VhsysRateLimit;
  readonly method: string;
  readonly pathTemplate: string;
  readonly outcomeUnknown: boolean;
  readonly causeCode?: string;

  constructor(details: VhsysErrorDetails) {
    super(describe(details));
    this.name = 'VhsysError';
    this.kind = details.kind;
    this.httpStatus = details.httpStatus;
    this.vhsysCode = details.vhsysCode;
    this.vhsysMessages = details.vhsysMessages;
    this.fields = details.fields;
    this.retryAfterMs = details.retryAfterMs;
    this.rateLimit = details.rateLimit;
    this.method = details.method;
    this.pathTemplate = details.pathTemplate;
    this.outcomeUnknown = details.outcomeUnknown;
    this.causeCode = details.causeCode;
  }

  /** Worth trying again later (after resolving `outcomeUnknown` for writes). */
  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate_limited';
  }
}

function describe(d: VhsysErrorDetails): string {
  const status = d.httpStatus === null ? d.causeCode ?? 'no response' : `HTTP ${d.httpStatus}${d.vhsysCode !== null ? `, code ${d.vhsysCode}` : ''}`;
  const messages = d.vhsysMessages.length > 0 ? `: ${d.vhsysMessages.join('; ')}` : '';
  const unknown = d.outcomeUnknown ? ' (outcome unknown: the write may have been applied)' : '';
  return `Vhsys ${d.method} ${d.pathTemplate} failed, ${d.kind} (${status})${messages}${unknown}`;
}

export function isVhsysError(error: unknown): error is VhsysError {
  return error instanceof VhsysError;
}
