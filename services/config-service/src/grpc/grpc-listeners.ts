import { createServer } from 'net';
import type { INestApplication } from '@nestjs/common';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import { CONFIG_ADMIN_SERVICE, CONFIG_CREDENTIALS_SERVICE, CONFIG_SERVICE_LOADER_OPTIONS, CONFIG_SERVICE_PACKAGE, CONFIG_SERVICE_PROTO_PATH } from '@gv/contracts';
import type { ConfigServiceConfig } from '../config-service.config';
import { tolerateMalformedRequests } from './malformed-requests';

export interface GrpcListener {
  port: number;
  /** Fully qualified names of the services served on this port. */
  services: string[];
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
 * Both services on CONFIG_SERVICE_GRPC_PORT, or, with CONFIG_SERVICE_INTERNAL_GRPC_PORT set, the
 * admin service there and VhsysCredentials alone on the internal port.
 */
export async function grpcListeners(config: ConfigServiceConfig): Promise<GrpcListener[]> {
  const port = (configured: number) => (configured === 0 ? freePortOf(config.GRPC_HOST) : Promise.resolve(configured));
  if (config.CONFIG_SERVICE_INTERNAL_GRPC_PORT === undefined) {
    return [{ port: await port(config.CONFIG_SERVICE_GRPC_PORT), services: [CONFIG_ADMIN_SERVICE, CONFIG_CREDENTIALS_SERVICE] }];
  }
  return [
    { port: await port(config.CONFIG_SERVICE_GRPC_PORT), services: [CONFIG_ADMIN_SERVICE] },
    { port: await port(config.CONFIG_SERVICE_INTERNAL_GRPC_PORT), services: [CONFIG_CREDENTIALS_SERVICE] },
  ];
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
        gracefulShutdown: true,
        onLoadPackageDefinition: (definition: Record<string, unknown>) => {
          for (const service of [CONFIG_ADMIN_SERVICE, CONFIG_CREDENTIALS_SERVICE]) if (!listener.services.includes(service)) delete definition[service];
          tolerateMalformedRequests(definition);
        },
      },
    };
    app.connectMicroservice(options, { inheritAppConfig: true });
  }
}
