import type * as grpc from '@grpc/grpc-js';
// Not re-exported from @gv/contracts's index yet (it would need a '@gv/contracts/grpc' alias or an index export).
import { ConfigCredentialsClient, GrpcClientTls, grpcErrorInfo } from '@gv/contracts';
import { VhsysCredentialPair } from '../vhsys/vhsys-port';
import { CredentialsMissingError, CredentialsSource, CredentialsUnavailableError, FetchedCredentials } from './credentials-provider';

// grpc status codes (numbers, so this module does not load grpc-js before telemetry).
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

/**
 * config-service's internal `VhsysCredentials.GetCredentials`, authenticated with this service's
 * token (`CONFIG_SERVICE_INTERNAL_TOKEN`, one of config-service's INTERNAL_API_TOKENS) and, with
 * GRPC_TLS on, its client certificate over mutual TLS. The pair
 * stays in memory; errors never carry it.
 */
export class GrpcCredentialsSource implements CredentialsSource {
  private readonly client: ConfigCredentialsClient;

  constructor(options: { address: string; token: string; timeoutMs: number; tls?: GrpcClientTls }) {
    this.client = new ConfigCredentialsClient(options);
  }

  async fetch(accountId: string): Promise<FetchedCredentials> {
    try {
      const reply = await this.client.getCredentials(accountId);
      if (!reply.accessToken || !reply.secretAccessToken) throw new CredentialsMissingError(accountId, 'no_tokens');
      return {
        pair: new VhsysCredentialPair(reply.accessToken, reply.secretAccessToken, reply.credentialsVersion),
        active: reply.active,
      };
    } catch (error) {
      if (error instanceof CredentialsMissingError) throw error;
      const serviceError = error as grpc.ServiceError;
      if (typeof serviceError?.code === 'number') {
        if (serviceError.code === NOT_FOUND) throw new CredentialsMissingError(accountId, 'no_integration');
        if (serviceError.code === FAILED_PRECONDITION) throw new CredentialsMissingError(accountId, 'no_tokens');
        const info = grpcErrorInfo(serviceError);
        throw new CredentialsUnavailableError(`config-service GetCredentials failed: code ${info.code} ${info.error ?? ''} ${info.message}`.trim());
      }
      throw new CredentialsUnavailableError(`config-service GetCredentials failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  close(): void {
    this.client.close();
  }
}
