/**
 * gRPC error details: `google.rpc.Status` with a `google.rpc.BadRequest` (field violations) in
 * the standard `grpc-status-details-bin` trailer (grpcurl and most gRPC tooling print it), plus
 * plain trailers for callers without protobuf tooling:
 *   x-error-code     the machine code, the same as the HTTP API's `error` (e.g. version_conflict)
 *   x-error-details  JSON [{ path, message }], the same as the HTTP API's `details`
 *   x-current-version  on version conflicts
 * The protobuf encoding of these three small messages is written out by hand so no protobuf
 * runtime is needed.
 */
import type * as grpc from '@grpc/grpc-js';

export const GRPC_ERROR_TRAILERS = {
  statusDetails: 'grpc-status-details-bin',
  code: 'x-error-code',
  details: 'x-error-details',
  currentVersion: 'x-current-version',
} as const;

export const BAD_REQUEST_TYPE_URL = 'type.googleapis.com/google.rpc.BadRequest';

export interface FieldViolation {
  path: string;
  message: string;
}

// ---- minimal protobuf wire encoding -----------------------------------------------------------

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

function stringField(field: number, value: string): Buffer {
  return lengthDelimited(field, Buffer.from(value, 'utf8'));
}

/** Encodes google.rpc.Status{code, message, details:[Any(BadRequest)]}. */
export function encodeStatusDetails(code: number, message: string, violations: FieldViolation[]): Buffer {
  const badRequest = Buffer.concat(
    violations.map((v) => lengthDelimited(1, Buffer.concat([stringField(1, v.path), stringField(2, v.message)]))),
  );
  const any = Buffer.concat([stringField(1, BAD_REQUEST_TYPE_URL), lengthDelimited(2, badRequest)]);
  return Buffer.concat([
    varint((1 << 3) | 0),
    varint(code),
    stringField(2, message),
    ...(violations.length > 0 ? [lengthDelimited(3, any)] : []),
  ]);
}

interface WireField { field: number; wireType: number; value: number | Buffer }

function readFields(buffer: Buffer): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (offset >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[offset++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (offset < buffer.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (wireType === 0) fields.push({ field, wireType, value: readVarint() });
    else if (wireType === 2) {
      const length = readVarint();
      fields.push({ field, wireType, value: buffer.subarray(offset, offset + length) });
      offset += length;
    } else if (wireType === 1) offset += 8;
    else if (wireType === 5) offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
  return fields;
}

/** Decodes the field violations of a google.rpc.Status (only BadRequest details are read). */
export function decodeStatusDetails(buffer: Buffer): { code: number; message: string; violations: FieldViolation[] } {
  let code = 0;
  let message = '';
  const violations: FieldViolation[] = [];
  for (const f of readFields(buffer)) {
    if (f.field === 1 && f.wireType === 0) code = f.value as number;
    else if (f.field === 2 && f.wireType === 2) message = (f.value as Buffer).toString('utf8');
    else if (f.field === 3 && f.wireType === 2) {
      const any = readFields(f.value as Buffer);
      const typeUrl = any.find((a) => a.field === 1)?.value as Buffer | undefined;
      const value = any.find((a) => a.field === 2)?.value as Buffer | undefined;
      if (!typeUrl || !value || typeUrl.toString('utf8') !== BAD_REQUEST_TYPE_URL) continue;
      for (const fv of readFields(value)) {
        if (fv.field !== 1 || fv.wireType !== 2) continue;
        const parts = readFields(fv.value as Buffer);
        violations.push({
          path: ((parts.find((p) => p.field === 1)?.value as Buffer | undefined) ?? Buffer.alloc(0)).toString('utf8'),
          message: ((parts.find((p) => p.field === 2)?.value as Buffer | undefined) ?? Buffer.alloc(0)).toString('utf8'),
        });
      }
    }
  }
  return { code, message, violations };
}

export interface GrpcErrorInfo {
  code: number;
  message: string;
  /** x-error-code, e.g. validation_failed, version_conflict, forbidden. */
  error: string | null;
  details: FieldViolation[];
  currentVersion: number | null;
}

/** What a client needs from a failed call: the status, the machine code and the field details. */
export function grpcErrorInfo(error: grpc.ServiceError): GrpcErrorInfo {
  const metadata = error.metadata;
  const first = (key: string): string | Buffer | undefined => metadata?.get(key)[0];
  let details: FieldViolation[] = [];
  const json = first(GRPC_ERROR_TRAILERS.details);
  if (typeof json === 'string') {
    try {
      details = JSON.parse(json) as FieldViolation[];
    } catch {
      details = [];
    }
  } else {
    const bin = first(GRPC_ERROR_TRAILERS.statusDetails);
    if (Buffer.isBuffer(bin)) details = decodeStatusDetails(bin).violations;
  }
  const version = first(GRPC_ERROR_TRAILERS.currentVersion);
  return {
    code: error.code,
    message: error.details,
    error: typeof first(GRPC_ERROR_TRAILERS.code) === 'string' ? (first(GRPC_ERROR_TRAILERS.code) as string) : null,
    details,
    currentVersion: typeof version === 'string' && /^\d+$/.test(version) ? Number(version) : null,
  };
}
