import { request, type Dispatcher } from 'undici';
import type { GuruErrorDetails, GuruErrorKind } from './guru-api-error';
import { parseRateLimit, parseRetryAfter, type GuruRateLimit } from './rate-limit';

/**
 * One HTTP GET to Guru with a hard deadline (connect to last byte) and a bounded body; no retries
 * here. The user token goes in the Authorization header only and is removed from any text that
 * comes back, so no error can carry it.
 */

/** A Guru answer larger than this is refused (a 100-row page is about 1 MB). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_MESSAGE_LENGTH = 1000;

export interface ExchangeRequest {
  origin: string;
  /** Path with query string. */
  path: string;
  token: string;
  userAgent: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export type ExchangeResult =
  | { kind: 'answer'; status: number; headers: Record<string, string | string[] | undefined>; bodyText: string }
  | { kind: 'no_answer'; causeCode: string; status: number | null };

async function readBounded(body: AsyncIterable<Buffer>): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function causeOf(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'TIMEOUT';
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'UNKNOWN';
}

export async function exchange(req: ExchangeRequest): Promise<ExchangeResult> {
  const controller = new AbortController();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  let status: number | null = null;
  try {
    const response = await request(`${req.origin}${req.path}`, {
      method: 'GET',
      dispatcher: req.dispatcher,
      headers: { authorization: `Bearer ${req.token}`, accept: 'application/json', 'user-agent': req.userAgent },
      signal: controller.signal,
      // Our own deadline decides; these only back it up.
      headersTimeout: req.timeoutMs + 1_000,
      bodyTimeout: req.timeoutMs + 1_000,
    });
    status = response.statusCode;
    const bodyText = await readBounded(response.body);
    if (bodyText === null) return { kind: 'no_answer', causeCode: 'RESPONSE_TOO_LARGE', status };
    return { kind: 'answer', status, headers: response.headers, bodyText };
  } catch (error) {
    return { kind: 'no_answer', causeCode: causeOf(error, timedOut), status };
  } finally {
    clearTimeout(deadline);
  }
}

/** Removes every occurrence of the token from a text that came back. */
export function redact(text: string, token: string): string {
  return token.length >= 4 ? text.split(token).join('[redacted]') : text;
}

function bounded(text: string, token: string): string {
  const clean = redact(text, token);
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}…` : clean;
}

/** Guru's error body `{"message", "errors": {param: [..]}}`, read defensively. */
export function readErrorBody(bodyText: string, token: string): { message: string | null; fieldErrors: Record<string, string[]> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { message: null, fieldErrors: {} };
  }
  if (typeof parsed !== 'object' || parsed === null) return { message: null, fieldErrors: {} };
  const body = parsed as { message?: unknown; errors?: unknown };
  const message = typeof body.message === 'string' ? bounded(body.message, token) : null;
  const fieldErrors: Record<string, string[]> = {};
  if (typeof body.errors === 'object' && body.errors !== null && !Array.isArray(body.errors)) {
    for (const [field, messages] of Object.entries(body.errors).slice(0, 50)) {
      const list = Array.isArray(messages) ? messages : [messages];
      fieldErrors[bounded(field, token)] = list.slice(0, 10).map((m) => bounded(String(m), token));
    }
  }
  return { message, fieldErrors };
}

/** The error kind of a final (not retried) HTTP status. */
export function kindOfStatus(status: number): GuruErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 422) return 'validation';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  return 'permanent';
}

/** Everything the error of an answer needs, except the attempt count. */
export function answerError(
  answer: Extract<ExchangeResult, { kind: 'answer' }>,
  token: string,
  nowMs: number,
): Omit<GuruErrorDetails, 'method' | 'pathTemplate' | 'attempts'> {
  const { message, fieldErrors } = readErrorBody(answer.bodyText, token);
  const retryAfter = answer.headers['retry-after'];
  return {
    kind: kindOfStatus(answer.status),
    httpStatus: answer.status,
    guruMessage: message,
    fieldErrors,
    retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, nowMs),
    rateLimit: parseRateLimit(answer.headers, nowMs),
  };
}

export type { GuruRateLimit };
