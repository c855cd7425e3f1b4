import type { IHeaders } from 'kafkajs';

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

/** Parses a JSON message value; a leading 0x00 (schema-registry framing) is refused explicitly. */
export function decodeJson(value: Buffer | null): unknown {
  if (value === null) return null;
  if (value.length > 0 && value[0] === 0) throw new SyntaxError('value starts with 0x00 (schema-registry framing), not JSON');
  return JSON.parse(value.toString('utf8'));
}
