import type * as grpc from '@grpc/grpc-js';
import { bearerMetadata, loadConfigServiceProto, VhsysCredentialsMessage } from './config-service-proto';
import type { VhsysCredentialsClient } from './generated/guru/vhsys/config/v1/VhsysCredentials';

export interface ConfigCredentialsClientOptions {
  /** host:port of config-service's gRPC server, e.g. 127.0.0.1:50051. */
  address: string;
  /** This caller's token from config-service's INTERNAL_API_TOKENS. */
  token: string;
  /** Per-call deadline (default 5 s). */
  timeoutMs?: number;
  /**
   * Mutual TLS (config-service with GRPC_TLS=on): the CA that signed the server's certificate, and
   * this caller's client certificate and key, all PEM. Absent: plaintext (development only).
   */
  tls?: GrpcClientTls;
}

export interface GrpcClientTls {
  /** PEM CA certificate(s) the server's certificate must chain to. */
  ca: Buffer;
  /** PEM client certificate and private key, presented to a port that requires one. */
  cert?: Buffer;
  key?: Buffer;
}

/** Channel credentials for `tls` (TLS, with a client certificate when given), or plaintext. */
export function grpcChannelCredentials(tls: GrpcClientTls | undefined): grpc.ChannelCredentials {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpcJs = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  if (!tls) return grpcJs.credentials.createInsecure();
  return grpcJs.credentials.createSsl(tls.ca, tls.key ?? null, tls.cert ?? null);
}

/**
 * Promise client of `VhsysCredentials.GetCredentials`, for invoice-dispatcher. Errors are grpc-js
 * ServiceErrors (code NOT_FOUND: no integration; FAILED_PRECONDITION: no tokens stored;
 * PERMISSION_DENIED / UNAUTHENTICATED: bad caller token); `grpcErrorInfo` reads their details.
 * The returned tokens are secrets: keep them in memory only, never log or publish them.
 */
export class ConfigCredentialsClient {
  private readonly client: VhsysCredentialsClient;

  constructor(private readonly options: ConfigCredentialsClientOptions) {
    const proto = loadConfigServiceProto();
    this.client = new proto.VhsysCredentials(options.address, grpcChannelCredentials(options.tls));
  }

  getCredentials(accountId: string): Promise<VhsysCredentialsMessage> {
    return new Promise((resolve, reject) => {
      this.client.GetCredentials(
        { accountId },
        bearerMetadata(this.options.token),
        { deadline: Date.now() + (this.options.timeoutMs ?? 5000) },
        (error, response) => (error ? reject(error) : resolve(response!)),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
