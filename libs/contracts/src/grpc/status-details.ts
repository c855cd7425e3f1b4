/**
 * gRPC error details: `google.rpc.Status` with a `google.rpc.BadRequest` (field violations) in
 * the standard `grpc-status-details-bin` trailer (grpcurl and most gRPC tooling print it), plus
 * plain trailers for callers without protobuf tooling:
 *   x-error-code     the machine code, the same as the HTTP API's `error` (e.g. version_conflict)
 *   x-error-details  JSON [{ path, message }], the same as the HTTP API's `details`
 *   x-current-version  on version conflicts
 * The two messages are encoded by protobufjs from libs/contracts/proto/google/rpc/*.proto.
 *
 * protobufjs is required lazily (like grpc-js in config-service-proto.ts): importing this module
 * has no side effects.
 */
import path from 'path';
import type * as grpc from '@grpc/grpc-js';
import type { Type } from 'protobufjs';

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

const GOOGLE_RPC_PROTO_DIR = path.resolve(__dirname, '../../proto/google/rpc');

interface StatusMessage {
  code: number;
  message: string;
  details: { type_url: string; value: Uint8Array }[];
}

interface BadRequestMessage {
  field_violations: { field: string; description: string }[];
}

let googleRpc: { Status: Type; BadRequest: Type } | null = null;

function googleRpcTypes(): { Status: Type; BadRequest: Type } {
  if (!googleRpc) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const protobuf = require('protobufjs') as typeof import('protobufjs');
    // google/protobuf/any.proto, imported by status.proto, is bundled with protobufjs (with its
    // proto field names, hence keepCase for ours too).
    const files = [path.join(GOOGLE_RPC_PROTO_DIR, 'status.proto'), path.join(GOOGLE_RPC_PROTO_DIR, 'error_details.proto')];
    const root = new protobuf.Root().loadSync(files, { keepCase: true });
    googleRpc = { Status: root.lookupType('google.rpc.Status'), BadRequest: root.lookupType('google.rpc.BadRequest') };
  }
  return googleRpc;
}

/** Encodes google.rpc.Status{code, message, details:[Any(BadRequest)]} (no details without violations). */
export function encodeStatusDetails(code: number, message: string, violations: FieldViolation[]): Buffer {
  const { Status, BadRequest } = googleRpcTypes();
  const details =
    violations.length === 0
      ? []
      : [{ type_url: BAD_REQUEST_TYPE_URL, value: BadRequest.encode(BadRequest.create({ field_violations: violations.map((v) => ({ field: v.path, description: v.message })) })).finish() }];
  return Buffer.from(Status.encode(Status.create({ code, message, details })).finish());
}

/** Decodes the field violations of a google.rpc.Status (only BadRequest details are read). */
export function decodeStatusDetails(buffer: Buffer): { code: number; message: string; violations: FieldViolation[] } {
  const { Status, BadRequest } = googleRpcTypes();
  const status = Status.toObject(Status.decode(buffer), { defaults: true }) as StatusMessage;
  const violations: FieldViolation[] = [];
  for (const any of status.details) {
    if (any.type_url !== BAD_REQUEST_TYPE_URL) continue;
    const badRequest = BadRequest.toObject(BadRequest.decode(any.value), { defaults: true }) as BadRequestMessage;
    violations.push(...badRequest.field_violations.map((v) => ({ path: v.field, message: v.description })));
  }
  return { code: status.code, message: status.message, violations };
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
