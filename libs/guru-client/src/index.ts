export { GuruApiClient, DEFAULT_GURU_USER_AGENT } from './guru-api-client';
export type { GuruApiClientOptions, GuruRequestInfo, GuruTokenCheck } from './guru-api-client';
export { GuruApiError, isGuruApiError, GURU_ERROR_KINDS } from './guru-api-error';
export type { GuruErrorDetails, GuruErrorKind } from './guru-api-error';
export {
  GURU_MAX_PERIOD_DAYS, GuruFilterError, splitPeriod, parsePeriod, parseZonedInstant, formatZonedInstant, periodToGuruDays, brasiliaDayStart,
} from './period';
export type { GuruPeriod, ZonedInstant } from './period';
export { buildTransactionQuery, encodeQuery, GURU_DATE_FIELDS, GURU_MAX_PAGE_SIZE, GURU_DEFAULT_PAGE_SIZE } from './transaction-filter';
export type { GuruTransactionFilter, GuruDateField, GuruQuery } from './transaction-filter';
export { readTransactionPage, readTransaction, GuruShapeError, MAX_CURSOR_LENGTH } from './transaction-page';
export type { GuruTransactionPage, GuruTransactionBody } from './transaction-page';
export { toWebhookForm, unixToIsoSeconds } from './webhook-form';
export { parseRateLimit, parseRateLimitReset, parseRetryAfter, waitBeforeNextMs } from './rate-limit';
export type { GuruRateLimit } from './rate-limit';
export { backoffDelayMs, normaliseRetryOptions, DEFAULT_RETRY } from './backoff';
export type { RetryOptions } from './backoff';
