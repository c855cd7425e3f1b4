import type { IHeaders } from 'kafkajs';
import { PermanentMessageError } from './errors';

/** Kafka headers as plain strings (kafkajs hands them over as Buffers or arrays of them). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/**
 * Bounds a JSON message value must respect before it is parsed: checked on the raw bytes, so a
 * hostile value costs at most one pass over its bytes (no allocation proportional to it).
 */
export interface JsonLimits {
  /** Largest value in bytes. */
  maxBytes: number;
  /** Deepest nesting of objects and arrays (a top-level object is depth 1). */
  maxDepth: number;
}

/**
 * Default bounds for every consumer: 1 MiB is Kafka's default `max.message.bytes`, so no value a
 * default broker accepts is refused; 64 levels is far deeper than any contract of this product
 * (the deepest, a Guru sale, has 5) and far below what a recursive walker (zod, JSON.stringify)
 * can overflow the stack with.
 */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 1024 * 1024, maxDepth: 64 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of `{`/`[` in JSON text, stopping as soon as it exceeds `limit` (returns
 * limit + 1 then). One loop over the bytes, no recursion and no allocation: bytes inside strings
 * are skipped (escapes included); UTF-8 multi-byte sequences never contain ASCII bytes, so
 * scanning bytes is exact. Malformed JSON is left to JSON.parse.
 */
export function jsonNestingDepth(bytes: Uint8Array, limit = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth -= 1;
  }
  return deepest;
}

/**
 * Parses a JSON message value within `limits`, refusing before JSON.parse (PermanentMessageError on
 * field `(value)`, so the consumer dead-letters it): a value larger than `maxBytes`, nested deeper
 * than `maxDepth`, or starting with 0x00 (schema-registry framing). Invalid JSON throws SyntaxError
 * (dead-lettered as well). JSON.parse defines a `__proto__` key as a plain own property (it never
 * changes a prototype), and the contracts' zod schemas do not copy it.
 */
export function decodeJson(value: Buffer | null, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  if (value === null) return null;
  if (value.length > limits.maxBytes) {
    throw new PermanentMessageError(`value is ${value.length} bytes, above the bound of ${limits.maxBytes} bytes`, '(value)');
  }
  if (value.length > 0 && value[0] === 0) throw new SyntaxError('value starts with 0x00 (schema-registry framing), not JSON');
  if (jsonNestingDepth(value, limits.maxDepth) > limits.maxDepth) {
    throw new PermanentMessageError(`value nests objects/arrays deeper than the bound of ${limits.maxDepth} levels`, '(value)');
  }
  return JSON.parse(value.toString('utf8'));
}
