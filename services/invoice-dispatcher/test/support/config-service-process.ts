import { randomBytes } from 'crypto';
import { freePort, ownKafkaSecurityEnv, ServiceProcess, testEnvironment } from '@gv/testing';
import type { DispatcherTestBed } from './test-bed';

/**
 * config-service as a process beside a dispatcher test bed (its Vhsys is the bed's simulator), with
 * a fresh encryption key and the given admin and internal tokens. `env` adds to (or replaces) its
 * settings, e.g. TLS files or a topic prefix.
 */
export async function startConfigServiceProcess(bed: DispatcherTestBed, options: {
  schema: string;
  adminToken: string;
  internalToken: string;
  grpcPort: number;
  env?: Record<string, string>;
}): Promise<ServiceProcess> {
  const env = testEnvironment();
  const httpPort = await freePort();
  const configService = new ServiceProcess({
    entry: 'services/config-service/src/main.ts',
    name: 'config-service',
    readyUrl: `http://127.0.0.1:${httpPort}/health/ready`,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      ...ownKafkaSecurityEnv(),
      DB_SCHEMA: options.schema,
      CONFIG_SERVICE_HTTP_PORT: String(httpPort),
      CONFIG_SERVICE_GRPC_PORT: String(options.grpcPort),
      VHSYS_BASE_URL: bed.simulator.url,
      VHSYS_TIMEOUT_MS: '5000',
      CONFIG_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      CONFIG_ENCRYPTION_ACTIVE_KEY: 'k1',
      ADMIN_API_TOKENS: `admin-backend:${options.adminToken}:*`,
      INTERNAL_API_TOKENS: `invoice-dispatcher:${options.internalToken}`,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  await configService.start(90_000);
  return configService;
}
