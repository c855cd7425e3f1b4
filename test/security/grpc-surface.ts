/**
 * The gRPC surface under test: every service and method of libs/contracts' proto, loaded with
 * @grpc/proto-loader (a method added to the proto is covered without editing the suite), and a
 * client that sends raw request bytes (so malformed, oversized and nested messages can be sent)
 * with a deadline, recording every answer.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { CONFIG_SERVICE_LOADER_OPTIONS, CONFIG_SERVICE_PROTO_PATH } from '@gv/contracts';
import type { GrpcRoute } from './security-stack';

export interface GrpcMethod {
  /** Fully qualified service name, e.g. guru.vhsys.config.v1.VhsysCredentials. */
  service: string;
  name: string;
  /** `/<service>/<method>` */
  path: string;
  /** Request fields as the loader names them (lowerCamelCase: `accountId`). */
  requestFields: string[];
  /** Encodes a request object (lowerCamelCase keys, as the loader options say). */
  encode(request: Record<string, unknown>): Buffer;
}

/** Every method of every service in the proto. */
export function grpcMethodsOfProto(protoPath = CONFIG_SERVICE_PROTO_PATH): GrpcMethod[] {
  const definition = protoLoader.loadSync(protoPath, CONFIG_SERVICE_LOADER_OPTIONS);
  const methods: GrpcMethod[] = [];
  for (const [service, entry] of Object.entries(definition)) {
    // Services are objects of method definitions; messages and enums have a `format` field.
    if ('format' in entry) continue;
    for (const [name, method] of Object.entries(entry as protoLoader.ServiceDefinition)) {
      const fields = ((method.requestType.type as { field?: { name: string }[] }).field ?? []).map((f) => f.name);
      methods.push({ service, name, path: method.path, requestFields: fields, encode: (request) => method.requestSerialize(request) });
    }
  }
  return methods;
}

export interface GrpcAnswer {
  code: grpc.status;
  details: string;
  /** Trailing metadata as plain strings (x-error-code, …). */
  trailers: Record<string, string>;
  /** Length of a successful response (the bytes are not decoded). */
  responseBytes: number;
}

/** Raw unary calls, each to the address `addressOf(path)` names (one channel per address), recorded. */
export class RecordingGrpc {
  readonly answers: (GrpcAnswer & { path: string })[] = [];
  private readonly clients = new Map<string, grpc.Client>();

  constructor(private readonly routeOf: (path: string) => GrpcRoute, private readonly timeoutMs = 15000) {}

  private clientFor(path: string): grpc.Client {
    const { address, credentials } = this.routeOf(path);
    let client = this.clients.get(address);
    if (!client) {
      client = new grpc.Client(address, credentials, { 'grpc.max_send_message_length': -1 });
      this.clients.set(address, client);
    }
    return client;
  }

  call(path: string, request: Buffer, token: string | null): Promise<GrpcAnswer> {
    const metadata = new grpc.Metadata();
    if (token) metadata.set('authorization', `Bearer ${token}`);
    return new Promise((resolve) => {
      let trailers: Record<string, string> = {};
      const call = this.clientFor(path).makeUnaryRequest<Buffer, Buffer>(
        path,
        (b) => b,
        (b) => b,
        request,
        metadata,
        { deadline: Date.now() + this.timeoutMs },
        (error, response) => {
          const answer: GrpcAnswer = error
            ? { code: error.code, details: error.details, trailers: plain(error.metadata ?? trailersOf(trailers)), responseBytes: 0 }
            : { code: grpc.status.OK, details: '', trailers, responseBytes: response?.length ?? 0 };
          this.answers.push({ path, ...answer });
          resolve(answer);
        },
      );
      call.on('status', (status: grpc.StatusObject) => {
        trailers = plain(status.metadata);
      });
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
  }
}

function plain(metadata: grpc.Metadata): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata.getMap()).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('base64') : String(v)]));
}

function trailersOf(values: Record<string, string>): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(values)) metadata.set(k, v);
  return metadata;
}

/**
 * Bytes that are no protobuf message: an unknown field (15) with wire type 7, which does not exist
 * (decoders switch on the field number, so the field must be one no request has).
 */
export function malformedMessage(): Buffer {
  return Buffer.from([(15 << 3) | 7, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]);
}

/** A message larger than a gRPC server's default 4 MiB receive limit: field 1 holding `bytes` bytes. */
export function oversizedMessage(bytes = 5 * 1024 * 1024): Buffer {
  const body = Buffer.alloc(bytes, 0x61);
  return Buffer.concat([Buffer.from([0x0a]), varint(bytes), body]);
}

/**
 * `depth` nested protobuf groups in an unknown field (start-group tags, then as many end-group
 * tags): a small message whose decoding recurses `depth` levels.
 */
export function deeplyNestedMessage(depth = 100000): Buffer {
  const field = 15;
  return Buffer.concat([Buffer.alloc(depth, (field << 3) | 3), Buffer.alloc(depth, (field << 3) | 4)]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}
