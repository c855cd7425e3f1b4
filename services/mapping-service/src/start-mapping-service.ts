import type { INestApplication } from '@nestjs/common';
import { startService } from '@gv/service-runtime';
import { createLogger, Logger } from '@gv/telemetry';
import { MappingServiceConfig } from './mapping-service.config';
import { MappingServiceModule } from './mapping-service.module';
import { SALES_CONSUMER } from './sales/sales.module';

export interface RunningMappingService {
  app: INestApplication;
  logger: Logger;
  /** The HTTP port actually bound (differs from the setting when it is 0). */
  httpPort: number;
  /** Runs Nest's shutdown: the consumer leaves its group, then the scheduler, outbox, view, Kafka and database stop. */
  stop(): Promise<void>;
}

/** Starts mapping-service (main.ts, and the tests that run it in-process). */
export async function startMappingService(config: MappingServiceConfig, logger = createLogger('mapping-service', config.LOG_LEVEL)): Promise<RunningMappingService> {
  const { app, httpPort } = await startService({
    module: MappingServiceModule.forRoot(config, logger),
    logger,
    consumers: [SALES_CONSUMER],
    http: { port: config.MAPPING_SERVICE_HTTP_PORT, host: config.HTTP_HOST },
  });
  logger.info({ port: httpPort }, 'mapping-service started');
  return { app, logger, httpPort, stop: () => app.close() };
}
