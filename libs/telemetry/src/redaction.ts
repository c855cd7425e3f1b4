/**
 * Secret redaction shared by logs and traces (defence in depth: code must not log or trace secrets
 * in the first place). Keys are matched by name at any depth; free text (messages, stacks, span
 * attribute values) is scrubbed of `Bearer …`, `access-token: …`, `secret_access_token=…` and the
 * like.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export const REDACTED = '[redacted]';

/** Normalised key names (lowercase, letters and digits only) that always hold a secret. */
const SECRET_NAMES = new Set([
  'accesstoken', 'secretaccesstoken', 'authorization', 'proxyauthorization', 'password', 'passwd', 'token', 'tokens',
  'apitoken', 'apikey', 'xapikey', 'secret', 'clientsecret', 'encryptionkey', 'encryptionkeys', 'privatekey', 'cookie',
  'setcookie', 'credentials',
]);
/** Normalised suffixes that make a key secret (adminToken, CONFIG_SERVICE_INTERNAL_TOKEN, ADMIN_API_TOKENS, …). */
const SECRET_SUFFIXES = ['token', 'tokens', 'secret', 'password', 'apikey', 'encryptionkey', 'encryptionkeys', 'privatekey'];

/**
 * Whether a log field or span attribute named `key` holds a secret. For dotted attribute names
 * (`http.request.header.access-token`) the last segment decides.
 */
export function isSecretKey(key: string): boolean {
  const last = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : key;
  const normalised = last.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (normalised === '') return false;
  return SECRET_NAMES.has(normalised) || SECRET_SUFFIXES.some((suffix) => normalised.endsWith(suffix));
}

const KEY_WORDS = '(?:secret[-_ ]?access[-_ ]?token|access[-_ ]?token|api[-_ ]?token|api[-_ ]?key|authorization|password|passwd|client[-_ ]?secret|token)';
const TEXT_PATTERNS: [RegExp, string][] = [
  // Authorization schemes: "Bearer abc…", "Basic abc…".
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi, `$1$2${REDACTED}`],
  // key: value / key=value / "key":"value", as in headers, query strings and embedded JSON.
  [new RegExp(`(${KEY_WORDS}["']?\\s*[:=]\\s*["']?)(?!\\[redacted\\])([^\\s"'&,;}\\]]+)`, 'gi'), `$1${REDACTED}`],
];

/** Free text with recognisable secrets replaced by [redacted]. */
export function scrubSecretsInText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 12;

/**
 * A copy of `value` with every secret-named key replaced by [redacted] at any depth, strings
 * scrubbed, and errors turned into plain `{ type, message, stack, …own fields }` (own fields
 * redacted too). Objects without anything to redact are returned as they are (no copy).
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, 0, new WeakSet()) as T;
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubSecretsInText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, depth, seen);
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      value.forEach((item, index) => {
        const next = redact(item, depth + 1, seen);
        if (next !== item) {
          copy ??= [...value];
          copy[index] = next;
        }
      });
      return copy ?? value;
    }
    if (value instanceof Map || value instanceof Set) return value;
    let copy: Record<string, unknown> | null = null;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const next = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redact(item, depth + 1, seen);
      if (next !== item) {
        copy ??= { ...(value as Record<string, unknown>) };
        copy[key] = next;
      }
    }
    return copy ?? value;
  } finally {
    seen.delete(value);
  }
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: scrubSecretsInText(error.message ?? '') };
  if (error.stack) out.stack = scrubSecretsInText(error.stack);
  for (const key of Object.keys(error)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    const item = (error as unknown as Record<string, unknown>)[key];
    out[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redact(item, depth + 1, seen);
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && !('cause' in out)) out.cause = redact(cause, depth + 1, seen);
  return out;
}

/** URL-valued span attributes whose query string may carry a token. */
const URL_ATTRIBUTES = new Set(['url.full', 'url.query', 'http.url', 'http.target', 'url.path']);

/**
 * Remembers strings in which `scrubSecretsInText` found nothing to change, so a value that repeats
 * on span after span (SQL texts in `db.statement`, topic names, URL templates, ids of the sale
 * being worked on) runs the regexes once instead of on every span. The result is exactly
 * `scrubSecretsInText(text)` (a pure function), cached or not.
 * - Only clean strings are stored: a string with anything to redact is never stored, so it is
 *   scrubbed again every time and no secret the patterns recognise is ever kept by the cache.
 * - Bounded: two generations (when the current one reaches `maxEntries` strings or `maxChars`
 *   characters it becomes the previous one and the older one is dropped; a hit in the previous
 *   generation is copied back into the current), so it holds at most 2 × maxEntries strings and
 *   2 × maxChars characters. Strings longer than `maxLength` (or `maxChars`) are never stored.
 */
export class CleanTextCache {
  private current = new Set<string>();
  private currentChars = 0;
  private previous = new Set<string>();
  /** Longest string stored: maxLength, and never more than one generation's maxChars. */
  private readonly longest: number;

  constructor(
    readonly maxEntries = 1024,
    readonly maxChars = 256 * 1024,
    readonly maxLength = 4096,
  ) {
    this.longest = maxEntries > 0 ? Math.min(maxLength, maxChars) : -1;
  }

  /** Same as `scrubSecretsInText(text)`. */
  scrub(text: string): string {
    if (text.length > this.longest) return scrubSecretsInText(text);
    if (this.current.has(text)) return text;
    if (this.previous.has(text)) {
      this.remember(text);
      return text;
    }
    const scrubbed = scrubSecretsInText(text);
    if (scrubbed === text) this.remember(text);
    return scrubbed;
  }

  /** Whether `text` is currently remembered as clean (tests). */
  has(text: string): boolean {
    return this.current.has(text) || this.previous.has(text);
  }

  /** Strings held, both generations (tests). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** Characters held, both generations (tests). */
  get chars(): number {
    let total = this.currentChars;
    for (const text of this.previous) total += text.length;
    return total;
  }

  private remember(text: string): void {
    if (this.current.size >= this.maxEntries || this.currentChars + text.length > this.maxChars) {
      this.previous = this.current;
      this.current = new Set();
      this.currentChars = 0;
    }
    this.current.add(text);
    this.currentChars += text.length;
  }
}

/** `isSecretKey` memoised per key name (attribute names are few); cleared when it reaches `maxEntries`. */
class SecretKeyMemo {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly maxEntries = 1024) {}

  isSecret(key: string): boolean {
    let secret = this.known.get(key);
    if (secret === undefined) {
      secret = isSecretKey(key);
      if (this.known.size >= this.maxEntries) this.known.clear();
      this.known.set(key, secret);
    }
    return secret;
  }
}

function redactAttributes(attributes: Record<string, unknown>, keys: SecretKeyMemo, texts: CleanTextCache): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (keys.isSecret(key)) {
      delete attributes[key];
      continue;
    }
    if (typeof value === 'string') {
      // URLs bypass the cache: a query parameter only scrubUrlQuery recognises (`?privateKey=…`)
      // would otherwise be remembered as "clean" text (URLs rarely repeat anyway: ids in paths).
      const next = URL_ATTRIBUTES.has(key) ? scrubUrlQuery(scrubSecretsInText(value)) : texts.scrub(value);
      if (next !== value) attributes[key] = next;
    } else if (Array.isArray(value)) {
      const next = value.map((v) => (typeof v === 'string' ? texts.scrub(v) : v));
      if (next.some((v, i) => v !== value[i])) attributes[key] = next;
    }
  }
}

export interface RedactingSpanProcessorOptions {
  /** Clean attribute values remembered per generation (default 1024; 0 turns the cache off). */
  cacheEntries?: number;
  /** Characters remembered per generation (default 256 Ki). */
  cacheChars?: number;
  /** Longest value remembered (default 4096 characters). */
  cacheMaxLength?: number;
}

/** `?access_token=abc&x=1` → `?access_token=[redacted]&x=1` for every secret-named parameter. */
export function scrubUrlQuery(text: string): string {
  return text.replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      /* keep the raw name */
    }
    return isSecretKey(decoded) ? `${sep}${name}=${encodeURIComponent(REDACTED)}` : whole;
  });
}

/**
 * A span processor that, when a span ends and before any exporter sees it, drops every attribute
 * whose key names a secret (on the span and its events) and scrubs secrets from string values and
 * URL query strings. Register it FIRST: processors run in order, exporters after it.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  private readonly keys = new SecretKeyMemo();
  /** Exposed for tests. */
  readonly texts: CleanTextCache;

  constructor(options: RedactingSpanProcessorOptions = {}) {
    this.texts = new CleanTextCache(options.cacheEntries, options.cacheChars, options.cacheMaxLength);
  }

  onStart(_span: Span, _parentContext: Context): void {
    /* attributes are checked once the span is complete */
  }

  onEnd(span: ReadableSpan): void {
    redactAttributes(span.attributes as Record<string, unknown>, this.keys, this.texts);
    for (const event of span.events) {
      if (event.attributes) redactAttributes(event.attributes as Record<string, unknown>, this.keys, this.texts);
    }
    for (const link of span.links) {
      if (link.attributes) redactAttributes(link.attributes as Record<string, unknown>, this.keys, this.texts);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
