import { createServer } from 'net';
import type * as grpc from '@grpc/grpc-js';
import type { INestApplication } from '@nestjs/common';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import { CONFIG_ADMIN_SERVICE, CONFIG_CREDENTIALS_SERVICE, CONFIG_SALES_AUDIT_SERVICE, CONFIG_SALES_HISTORY_SERVICE, CONFIG_SALES_IMPORT_SERVICE, CONFIG_SERVICE_LOADER_OPTIONS, CONFIG_SERVICE_PACKAGE, CONFIG_SERVICE_PROTO_PATH } from '@gv/contracts';
import type { ConfigServiceConfig } from '../config-service.config';
import { tolerateMalformedRequests } from './malformed-requests';

export interface GrpcListener {
  port: number;
  /** Fully qualified names of the services served on this port. */
  services: string[];
  /** `plaintext` (development), `tls` (admin port) or `mtls` (internal port: client certificate required). */
  security: 'plaintext' | 'tls' | 'mtls';
}

/** A free port of `host` (grpc-js reports the port it bound to nobody, so port 0 is resolved first). */
async function freePortOf(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Every service on CONFIG_SERVICE_GRPC_PORT (plaintext development only), or, with
 * CONFIG_SERVICE_INTERNAL_GRPC_PORT set (always when GRPC_TLS is on), the admin services (settings
 * and sales history) there and
 * VhsysCredentials alone on the internal port.
 */
export async function grpcListeners(config: ConfigServiceConfig): Promise<GrpcListener[]> {
  const port = (configured: number) => (configured === 0 ? freePortOf(config.GRPC_HOST) : Promise.resolve(configured));
  // The configuration guarantees the internal port is set whenever TLS is on.
  if (config.CONFIG_SERVICE_INTERNAL_GRPC_PORT === undefined) {
    return [{ port: await port(config.CONFIG_SERVICE_GRPC_PORT), services: [CONFIG_ADMIN_SERVICE, CONFIG_SALES_HISTORY_SERVICE, CONFIG_SALES_AUDIT_SERVICE, CONFIG_SALES_IMPORT_SERVICE, CONFIG_CREDENTIALS_SERVICE], security: 'plaintext' }];
  }
  return [
    { port: await port(config.CONFIG_SERVICE_GRPC_PORT), services: [CONFIG_ADMIN_SERVICE, CONFIG_SALES_HISTORY_SERVICE, CONFIG_SALES_AUDIT_SERVICE, CONFIG_SALES_IMPORT_SERVICE], security: config.grpcTls ? 'tls' : 'plaintext' },
    { port: await port(config.CONFIG_SERVICE_INTERNAL_GRPC_PORT), services: [CONFIG_CREDENTIALS_SERVICE], security: config.grpcTls ? 'mtls' : 'plaintext' },
  ];
}

/**
 * The listener's server credentials: TLS with the server certificate; on the internal port also
 * a client certificate signed by GRPC_TLS_CLIENT_CA_FILE, checked during the handshake (a caller
 * without one, or with one from another CA, never reaches the token guard).
 */
function serverCredentials(config: ConfigServiceConfig, listener: GrpcListener): grpc.ServerCredentials {
  // Required here, not at the top: grpc-js must load after telemetry patched it (main.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpcJs = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  if (listener.security === 'plaintext' || !config.grpcTls) return grpcJs.ServerCredentials.createInsecure();
  const { cert, key, clientCa } = config.grpcTls;
  const pair = [{ cert_chain: cert, private_key: key }];
  return listener.security === 'mtls' ? grpcJs.ServerCredentials.createSsl(clientCa, pair, true) : grpcJs.ServerCredentials.createSsl(null, pair, false);
}

/**
 * One Nest gRPC server per listener, over config_service.proto; each keeps only its listener's
 * services of the package definition (the others answer UNIMPLEMENTED on that port). Filters and
 * guards are the HTTP app's (inheritAppConfig).
 */
export function connectGrpcListeners(app: INestApplication, config: ConfigServiceConfig, listeners: GrpcListener[]): void {
  for (const listener of listeners) {
    const options: GrpcOptions = {
      transport: Transport.GRPC,
      options: {
        package: CONFIG_SERVICE_PACKAGE,
        protoPath: CONFIG_SERVICE_PROTO_PATH,
        loader: CONFIG_SERVICE_LOADER_OPTIONS,
        url: `${config.GRPC_HOST}:${listener.port}`,
        credentials: serverCredentials(config, listener),
        gracefulShutdown: true,
        onLoadPackageDefinition: (definition: Record<string, unknown>) => {
          for (const service of [CONFIG_ADMIN_SERVICE, CONFIG_SALES_HISTORY_SERVICE, CONFIG_SALES_AUDIT_SERVICE, CONFIG_SALES_IMPORT_SERVICE, CONFIG_CREDENTIALS_SERVICE]) if (!listener.services.includes(service)) delete definition[service];
          tolerateMalformedRequests(definition);
        },
      },
    };
    app.connectMicroservice(options, { inheritAppConfig: true });
  }
}
