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
  /** Channel credentials (default insecure, for the private network). */
  channelCredentials?: grpc.ChannelCredentials;
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
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grpcJs = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
    const proto = loadConfigServiceProto();
    this.client = new proto.VhsysCredentials(options.address, options.channelCredentials ?? grpcJs.credentials.createInsecure());
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
