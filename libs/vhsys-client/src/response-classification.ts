import type { VhsysErrorDetails, VhsysErrorKind, VhsysRateLimit } from './vhsys-error';

/**
 * Pure classification of one HTTP exchange with Vhsys. Vhsys reuses HTTP 403 for "not found", for
 * validation and (reportedly) for bad tokens, and HTTP 200 for some failures, so both the status
 * line and the body's `code`/`status`/`data` are read.
 */

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  bodyText: string;
}

export interface RequestIdentity {
  method: string;
  pathTemplate: string;
}

/** A successful `{code, status, data}` body (and `paging` on lists). */
export interface VhsysEnvelope {
  code: number | null;
  status: string | null;
  data: unknown;
  paging: unknown;
  body: Record<string, unknown>;
}

export type Classification =
  | { ok: true; envelope: VhsysEnvelope; rateLimit?: VhsysRateLimit }
  | { ok: false; error: VhsysErrorDetails };

const NOT_FOUND_TEXT = /encontrad[oa]s?\b/i;
const NOT_FOUND_NEGATION = /\b(nenhum|nenhuma|n[ãa]o)\b/i;
const AUTH_TEXT = /token|autentica|autoriza[çc][ãa]o|n[ãa]o autorizado|permiss[ãa]o|credencia|acesso negado|unauthori[sz]ed|forbidden/i;
const SUCCESS_STATUS = /^(success|sucesso)$/i;

export function isWriteMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

function header(headers: RawResponse['headers'], name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `x-ratelimit-limit` / `x-ratelimit-remaining`, seen on every real response. */
export function parseRateLimit(headers: RawResponse['headers']): VhsysRateLimit | undefined {
  const limit = Number(header(headers, 'x-ratelimit-limit'));
  const remaining = Number(header(headers, 'x-ratelimit-remaining'));
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || header(headers, 'x-ratelimit-limit') === undefined) return undefined;
  return { limit, remaining };
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Field names from messages like "O formato do campo (valor_parcela) não é válido". */
export function extractFieldNames(messages: string[]): string[] {
  const fields = new Set<string>();
  for (const message of messages) {
    let found = false;
    for (const match of message.matchAll(/\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
      fields.add(match[1]);
      found = true;
    }
    if (!found) {
      const bare = /\bcampo\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(message);
      if (bare) fields.add(bare[1]);
    }
  }
  return [...fields];
}

function toMessages(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(toMessages);
  if (value && typeof value === 'object') return Object.values(value).flatMap(toMessages);
  if (typeof value === 'number') return [String(value)];
  return [];
}

function parseBody(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function numericCode(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const code = Number(value);
  return Number.isFinite(code) ? code : null;
}

/** 403 bodies (and 200 bodies whose `code` says 403): validation, auth, not found, or refused. */
function classify403(data: unknown): VhsysErrorKind {
  if (Array.isArray(data)) return 'validation';
  const text = toMessages(data).join(' ');
  if (NOT_FOUND_TEXT.test(text) && NOT_FOUND_NEGATION.test(text)) return 'not_found';
  if (AUTH_TEXT.test(text)) return 'auth';
  return 'permanent';
}

export function classifyResponse(raw: RawResponse, request: RequestIdentity, nowMs: number = Date.now()): Classification {
  const rateLimit = parseRateLimit(raw.headers);
  const body = parseBody(raw.bodyText);
  const code = numericCode(body?.code);
  const status = typeof body?.status === 'string' ? body.status : null;
  const messages = body ? [body.data, body.mensagem, body.erros, body.message].flatMap(toMessages) : [];
  const write = isWriteMethod(request.method);
  const fail = (kind: VhsysErrorKind, extra: Partial<VhsysErrorDetails> = {}): Classification => ({
    ok: false,
    error: {
      kind,
      httpStatus: raw.statusCode,
      vhsysCode: code,
      vhsysMessages: body ? messages : [],
      fields: [],
      rateLimit,
      method: request.method,
      pathTemplate: request.pathTemplate,
      outcomeUnknown: false,
      ...extra,
    },
  });

  const httpStatus = raw.statusCode;
  if (httpStatus === 429 || code === 429) {
    return fail('rate_limited', { retryAfterMs: parseRetryAfter(header(raw.headers, 'retry-after'), nowMs) });
  }
  // A gateway error can hide a write that the origin applied.
  if (httpStatus >= 500) return fail('transient', { outcomeUnknown: write });
  if (httpStatus === 401) return fail('auth');

  if (body === null) {
    // Rigel saw HTML error pages for bad query combinations: deterministic for reads. For a write we
    // cannot tell whether it was applied.
    if (httpStatus >= 200 && httpStatus < 300 && write) return fail('transient', { outcomeUnknown: true, vhsysMessages: ['non-JSON response'] });
    return fail('permanent', { vhsysMessages: ['non-JSON response'] });
  }

  if (httpStatus === 403 || code === 403) {
    const kind = classify403(body.data ?? body.mensagem);
    return fail(kind, kind === 'validation' ? { fields: extractFieldNames(messages) } : {});
  }
  if (httpStatus === 400 || httpStatus === 422) {
    const list = body.erros ?? body.data;
    return fail(Array.isArray(list) ? 'validation' : 'permanent', { fields: extractFieldNames(messages) });
  }
  if (httpStatus >= 400) return fail('permanent');

  // HTTP 2xx/3xx: the body decides.
  if (code === 404) return fail('transient', { outcomeUnknown: write });
  if (code !== null && code >= 500) return fail('transient', { outcomeUnknown: write });
  if (code !== null && (code < 200 || code >= 300)) return fail('permanent');
  if (status !== null && !SUCCESS_STATUS.test(status)) return fail('permanent');
  return {
    ok: true,
    envelope: { code, status, data: body.data, paging: body.paging, body },
    rateLimit,
  };
}

/** Network failures: nothing came back, so only the error code is known. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function errorCodeOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

export function classifyTransportError(error: unknown, request: RequestIdentity, timedOut: boolean): VhsysErrorDetails {
  const causeCode = timedOut ? 'TIMEOUT' : errorCodeOf(error);
  const neverSent = !timedOut && NEVER_SENT.has(causeCode);
  return {
    kind: 'transient',
    httpStatus: null,
    vhsysCode: null,
    vhsysMessages: [],
    fields: [],
    method: request.method,
    pathTemplate: request.pathTemplate,
    outcomeUnknown: isWriteMethod(request.method) && !neverSent,
    causeCode,
  };
}
