import { setTimeout as sleep } from 'node:timers/promises';
import { toBrasiliaDate } from '@gv/brazil';
import type { Dispatcher } from 'undici';
import { backoffDelayMs, normaliseRetryOptions, RetryOptions } from './backoff';
import { GuruApiError, GuruErrorKind } from './guru-api-error';
import { answerError, exchange, ExchangeResult } from './http-exchange';
import { brasiliaDayStart, GuruFilterError } from './period';
import { parseRateLimit, parseRetryAfter, waitBeforeNextMs, type GuruRateLimit } from './rate-limit';
import { GuruTransactionBody, GuruTransactionPage, GuruShapeError, MAX_CURSOR_LENGTH, readTransaction, readTransactionPage } from './transaction-page';
import { buildTransactionQuery, encodeQuery, GURU_DEFAULT_PAGE_SIZE, GuruTransactionFilter } from './transaction-filter';

export interface GuruApiClientOptions {
  /** API base including /api/v2: https://digitalmanager.guru/api/v2, or the simulator's `url`. */
  baseUrl: string;
  /** The seller's User Token (Meu Perfil → Tokens API), not the webhook's account token. Never logged. */
  userToken: string;
  /** Deadline of one HTTP attempt, connect to last byte (default 30 s). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** An undici pool to share; undici's global one by default. */
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Called after every HTTP attempt (metrics, traces). Never sees the token. */
  onRequest?: (info: GuruRequestInfo) => void;
  /** Clock for "today" in checkToken and for rate limit resets (tests). */
  now?: () => Date;
  /** Random source of the backoff jitter (tests). */
  random?: () => number;
}

/** One HTTP attempt, as `onRequest` sees it. */
export interface GuruRequestInfo {
  method: 'GET';
  pathTemplate: string;
  /** HTTP status, or 'error' when no answer arrived. */
  status: number | 'error';
  /** 1 for the first attempt of a call, 2 for its first retry, … */
  attempt: number;
  durationMs: number;
  causeCode?: string;
  rateLimit?: GuruRateLimit;
  /** What the client does next. */
  next: 'done' | 'retry' | 'wait_rate_limit' | 'fail';
  /** The wait before the next attempt, when there is one. */
  waitMs?: number;
}

export type GuruTokenCheck = { valid: true } | { valid: false; httpStatus: number; reason: string };

export const DEFAULT_GURU_USER_AGENT = 'guru-vhsys/0.1 (guru-client)';
const MAX_TRANSACTION_ID_LENGTH = 191;

type Answer = Extract<ExchangeResult, { kind: 'answer' }>;

/**
 * Guru's REST API v2 for one seller (user token): the transaction listing with its filters and
 * cursor pagination, one transaction, and a token check. It stays within Guru's rate limit (waits
 * when `X-RateLimit-Remaining` reaches 0 and for `Retry-After` on a 429), retries 5xx, timeouts and
 * resets with bounded backoff (GETs only, so retrying is safe), and shares one request between
 * identical concurrent calls, which Guru would refuse with a 429. Transactions come back in the
 * webhook form (webhook-form.ts).
 */
export class GuruApiClient {
  private readonly origin: string;
  private readonly basePath: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  /** Identical requests in flight share one exchange (Guru answers 429 to the second). */
  private readonly inFlight = new Map<string, Promise<Answer>>();
  private rateLimit: GuruRateLimit | undefined;

  constructor(private readonly options: GuruApiClientOptions) {
    if (typeof options.userToken !== 'string' || options.userToken.trim() === '') throw new Error('GuruApiClient needs the user token (userToken)');
    if (options.userToken.length > 512 || /[\s]/.test(options.userToken)) throw new Error('GuruApiClient: userToken is not a token (whitespace or over 512 characters)');
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.retry = normaliseRetryOptions(options.retry);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.timeoutMs > 0)) throw new Error('GuruApiClient: timeoutMs must be positive');
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  /** The X-RateLimit-* values of the latest answer. */
  get lastRateLimit(): GuruRateLimit | undefined {
    return this.rateLimit;
  }

  /**
   * One page of `GET /transactions`. The filter is checked before sending (GuruFilterError names
   * the field); `cursor` is the `nextCursor` of the previous page (none for the first page).
   */
  async listTransactions(filter: GuruTransactionFilter, cursor?: string | null): Promise<GuruTransactionPage> {
    const query = buildTransactionQuery(filter);
    if (cursor !== undefined && cursor !== null) {
      if (typeof cursor !== 'string' || cursor === '' || cursor.length > MAX_CURSOR_LENGTH) throw new GuruFilterError('cursor', `expected a cursor of 1 to ${MAX_CURSOR_LENGTH} characters`);
      query.push(['cursor', cursor]);
    }
    const pathTemplate = '/transactions';
    const answer = await this.get(pathTemplate, `/transactions${encodeQuery(query)}`);
    return this.read(pathTemplate, answer, (body) => readTransactionPage(body, filter.pageSize ?? GURU_DEFAULT_PAGE_SIZE));
  }

  /**
   * Every page of the filter, in order, following `next_cursor` until the last page. Stops with a
   * permanent error if Guru hands back a cursor it already gave (which would loop forever).
   */
  async *pages(filter: GuruTransactionFilter): AsyncGenerator<GuruTransactionPage> {
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (;;) {
      const page: GuruTransactionPage = await this.listTransactions(filter, cursor);
      yield page;
      if (!page.hasMorePages || page.nextCursor === null) return;
      if (seen.has(page.nextCursor)) {
        throw new GuruApiError({ kind: 'permanent', httpStatus: 200, guruMessage: 'next_cursor repeats an earlier cursor', fieldErrors: {}, method: 'GET', pathTemplate: '/transactions', attempts: 1 });
      }
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  /** Every transaction of the filter, page after page (see pages). */
  async *transactions(filter: GuruTransactionFilter): AsyncGenerator<GuruTransactionBody> {
    for await (const page of this.pages(filter)) yield* page.transactions;
  }

  /** `GET /transactions/{id}`, in the webhook form. Unknown (or another account's) id: GuruApiError not_found. */
  async getTransaction(id: string): Promise<GuruTransactionBody> {
    if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_TRANSACTION_ID_LENGTH) {
      throw new GuruFilterError('id', `expected a transaction id of 1 to ${MAX_TRANSACTION_ID_LENGTH} characters`);
    }
    const pathTemplate = '/transactions/{id}';
    const answer = await this.get(pathTemplate, `/transactions/${encodeURIComponent(id)}`);
    return this.read(pathTemplate, answer, (body) => readTransaction(body, 'body'));
  }

  /**
   * Whether Guru accepts the user token: one listing of today's orders, one row. A refusal (401,
   * 403) is `{valid: false}`; anything else that fails (Guru down, rate limited) is thrown, since
   * it says nothing about the token.
   */
  async checkToken(): Promise<GuruTokenCheck> {
    const today = brasiliaDayStart(toBrasiliaDate(this.now()));
    const tomorrow = brasiliaDayStart(toBrasiliaDate(new Date(Date.parse(today) + 86_400_000)));
    try {
      await this.listTransactions({ period: { field: 'ordered_at', from: today, to: tomorrow }, pageSize: 1 });
      return { valid: true };
    } catch (error) {
      if (error instanceof GuruApiError && error.kind === 'auth' && error.httpStatus !== null) {
        return { valid: false, httpStatus: error.httpStatus, reason: error.guruMessage ?? `HTTP ${error.httpStatus}` };
      }
      throw error;
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private read<T>(pathTemplate: string, answer: Answer, map: (body: unknown) => T): T {
    try {
      return map(JSON.parse(answer.bodyText));
    } catch (error) {
      const reason = error instanceof GuruShapeError ? error.message : `unexpected Guru answer: not JSON (${error instanceof Error ? error.message : String(error)})`;
      throw new GuruApiError({ kind: 'permanent', httpStatus: answer.status, guruMessage: reason, fieldErrors: {}, method: 'GET', pathTemplate, attempts: 1 });
    }
  }

  /** A GET that succeeded (2xx), shared with any identical call already in flight. */
  private get(pathTemplate: string, relativePath: string): Promise<Answer> {
    const path = `${this.basePath}${relativePath}`;
    const running = this.inFlight.get(path);
    if (running) return running;
    const call = this.getWithRetries(pathTemplate, path).finally(() => this.inFlight.delete(path));
    this.inFlight.set(path, call);
    return call;
  }

  private async getWithRetries(pathTemplate: string, path: string): Promise<Answer> {
    let failures = 0;
    let rateLimitRetries = 0;
    for (let attempt = 1; ; attempt += 1) {
      const budgetWait = waitBeforeNextMs(this.rateLimit, this.now().getTime(), this.retry.maxRateLimitWaitMs);
      if (budgetWait > 0) {
        await sleep(budgetWait);
        // The budget has (or should have) refilled; the next answer says how much.
        this.rateLimit = undefined;
      }
      const started = performance.now();
      const result = await exchange({
        origin: this.origin,
        path,
        token: this.options.userToken,
        userAgent: this.options.userAgent ?? DEFAULT_GURU_USER_AGENT,
        timeoutMs: this.timeoutMs,
        dispatcher: this.options.dispatcher,
      });
      const nowMs = this.now().getTime();
      const durationMs = performance.now() - started;
      const notify = (next: GuruRequestInfo['next'], waitMs?: number, rateLimit?: GuruRateLimit): void =>
        this.notify({
          method: 'GET', pathTemplate, attempt, durationMs, next, waitMs, rateLimit,
          status: result.kind === 'answer' ? result.status : 'error',
          causeCode: result.kind === 'no_answer' ? result.causeCode : undefined,
        });

      if (result.kind === 'no_answer') {
        failures += 1;
        if (failures >= this.retry.maxAttempts) {
          notify('fail');
          throw new GuruApiError({ kind: 'transient', httpStatus: result.status, guruMessage: null, fieldErrors: {}, method: 'GET', pathTemplate, attempts: attempt, causeCode: result.causeCode });
        }
        const waitMs = backoffDelayMs(failures, this.retry, this.random);
        notify('retry', waitMs);
        await sleep(waitMs);
        continue;
      }

      const rateLimit = parseRateLimit(result.headers, nowMs);
      if (rateLimit) this.rateLimit = rateLimit;
      if (result.status >= 200 && result.status < 300) {
        notify('done', undefined, rateLimit);
        return result;
      }
      const retryAfterHeader = result.headers['retry-after'];
      const retryAfterMs = parseRetryAfter(Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader, nowMs);
      const fail = (kind?: GuruErrorKind): GuruApiError => {
        notify('fail', undefined, rateLimit);
        const details = answerError(result, this.options.userToken, nowMs);
        return new GuruApiError({ ...details, kind: kind ?? details.kind, method: 'GET', pathTemplate, attempts: attempt });
      };

      if (result.status === 429) {
        rateLimitRetries += 1;
        const waitMs = retryAfterMs ?? backoffDelayMs(rateLimitRetries, this.retry, this.random);
        if (rateLimitRetries > this.retry.maxRateLimitRetries || waitMs > this.retry.maxRateLimitWaitMs) throw fail('rate_limited');
        notify('wait_rate_limit', waitMs, rateLimit);
        await sleep(waitMs);
        continue;
      }
      if (result.status >= 500) {
        failures += 1;
        if (failures >= this.retry.maxAttempts) throw fail('transient');
        const waitMs = backoffDelayMs(failures, this.retry, this.random, Math.min(retryAfterMs ?? 0, this.retry.maxDelayMs));
        notify('retry', waitMs, rateLimit);
        await sleep(waitMs);
        continue;
      }
      throw fail();
    }
  }

  private notify(info: GuruRequestInfo): void {
    if (!this.options.onRequest) return;
    try {
      this.options.onRequest(info);
    } catch {
      // An observer must never break a request.
    }
  }
}
