import 'reflect-metadata';
import { onShutdownSignal } from '@gv/service-runtime';
import { telemetry } from '@gv/telemetry';
import { loadMappingServiceConfig } from './mapping-service.config';
import { MappingService } from './mapping-service';

async function main(): Promise<void> {
  const service = new MappingService(loadMappingServiceConfig());
  onShutdownSignal(service.logger, async () => {
    await service.stop();
    await telemetry()?.shutdown();
  });
  await service.start();
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'mapping-service', message: 'start failed', err: { message: (error as Error).message } }));
  process.exit(1);
});
