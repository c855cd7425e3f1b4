import type { INestApplication } from '@nestjs/common';
import { CONFIG_ADMIN_SERVICE, CONFIG_CREDENTIALS_SERVICE } from '@gv/contracts';
import { startService } from '@gv/service-runtime';
import { createLogger, Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from './config-service.config';
import { ConfigServiceModule } from './config-service.module';
import type { ConfigServiceOverrides } from './core/overrides';
import { DEFAULT_CONSOLE_DIR, loadConsoleFiles } from './http/console-static';
import { configureHttp } from './http/configure-http';
import { connectGrpcListeners, GrpcListener, grpcListeners } from './grpc/grpc-listeners';
import { OutboxLeader } from './outbox/outbox-publisher';
import { SALES_HISTORY_CONSUMER } from './sales-history/sales-history.module';
import { AUDITS_CONSUMER } from './audits/audits.module';
import { KafkaConsumerServer } from '@gv/kafka';

/** A started config-service: its addresses, whether it publishes the outbox, and stop(). */
export class RunningConfigService {
  constructor(
    readonly app: INestApplication,
    readonly logger: Logger,
    private readonly config: ConfigServiceConfig,
    readonly httpPort: number,
    private readonly listeners: GrpcListener[],
  ) {}

  get httpUrl(): string {
    return `http://${this.config.HTTP_HOST}:${this.httpPort}`;
  }

  /** Port of the admin gRPC service (CONFIG_SERVICE_GRPC_PORT, resolved when 0). */
  get grpcPort(): number {
    return this.portOf(CONFIG_ADMIN_SERVICE);
  }

  /** Port of VhsysCredentials: grpcPort unless CONFIG_SERVICE_INTERNAL_GRPC_PORT is set. */
  get internalGrpcPort(): number {
    return this.portOf(CONFIG_CREDENTIALS_SERVICE);
  }

  get grpcAddress(): string {
    return `${this.config.GRPC_HOST}:${this.grpcPort}`;
  }

  get internalGrpcAddress(): string {
    return `${this.config.GRPC_HOST}:${this.internalGrpcPort}`;
  }

  /** True while this instance is the one publishing the outbox. */
  get publishesOutbox(): boolean {
    return this.app.get(OutboxLeader).isLeader;
  }

  /** Resolves once the sales history's and the audits' consumers have joined their groups. */
  async waitUntilJoined(timeoutMs = 30000): Promise<void> {
    await Promise.all([SALES_HISTORY_CONSUMER, AUDITS_CONSUMER].map((token) => this.app.get<KafkaConsumerServer>(token).waitUntilJoined(timeoutMs)));
  }

  async stop(): Promise<void> {
    await this.app.close();
    this.logger.info('config-service stopped');
  }

  private portOf(service: string): number {
    return this.listeners.find((l) => l.services.includes(service))!.port;
  }
}

/** Creates, starts and returns config-service (HTTP, gRPC, outbox publisher, the sales history's consumer). */
export async function startConfigService(config: ConfigServiceConfig, overrides: ConfigServiceOverrides = {}): Promise<RunningConfigService> {
  const logger = overrides.logger ?? createLogger('config-service', config.LOG_LEVEL);
  if (config.devDefaultsInUse.length > 0) {
    logger.warn({ variables: config.devDefaultsInUse }, 'using the public DEVELOPMENT-ONLY defaults for these variables; never in production');
  }
  if (!config.grpcTls) {
    logger.warn('gRPC is plaintext (GRPC_TLS is off): for development only; production requires GRPC_TLS=on');
  }
  const consoleFiles = consoleFilesOf(config, logger);
  const listeners = await grpcListeners(config);
  const { app, httpPort } = await startService({
    module: ConfigServiceModule.forRoot(config, { ...overrides, logger }),
    logger,
    nestOptions: { bodyParser: false },
    consumers: [SALES_HISTORY_CONSUMER, AUDITS_CONSUMER],
    http: { port: config.CONFIG_SERVICE_HTTP_PORT, host: config.HTTP_HOST },
    configure: (nestApp) => {
      configureHttp(nestApp, config.OPS_HTTP_TOKEN ?? null, consoleFiles);
      connectGrpcListeners(nestApp, config, listeners);
    },
  });
  logger.info({ httpPort, grpc: listeners, schema: config.DB_SCHEMA }, 'config-service started');
  return new RunningConfigService(app, logger, config, httpPort, listeners);
}

/**
 * The console's files: CONSOLE_DIR must hold them when set (a start with a broken path fails);
 * without it the default folder is used when present, and the service runs without a console
 * (logged) when it is not.
 */
function consoleFilesOf(config: ConfigServiceConfig, logger: Logger) {
  if (config.CONSOLE_DIR) return loadConsoleFiles(config.CONSOLE_DIR);
  try {
    return loadConsoleFiles(DEFAULT_CONSOLE_DIR);
  } catch (error) {
    logger.warn({ error: (error as Error).message }, 'the web console is not served (no console files next to the service)');
    return null;
  }
}
