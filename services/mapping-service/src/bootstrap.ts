import 'reflect-metadata';
import { onShutdownSignal } from '@gv/service-runtime';
import { telemetry } from '@gv/telemetry';
import { loadMappingServiceConfig } from './mapping-service.config';
import { startMappingService } from './start-mapping-service';

startMappingService(loadMappingServiceConfig())
  .then((service) => onShutdownSignal(service.logger, async () => {
    await service.stop();
    await telemetry()?.shutdown();
  }))
  .catch((error) => {
    console.error(JSON.stringify({ level: 'fatal', service: 'mapping-service', message: 'start failed', err: { message: (error as Error).message } }));
    process.exit(1);
  });
