import 'reflect-metadata';
import { onShutdownSignal } from '@gv/service-runtime';
import { telemetry } from '@gv/telemetry';
import { loadConfigServiceConfig } from './config-service.config';
import { ConfigService } from './config-service';

async function main(): Promise<void> {
  const service = new ConfigService(loadConfigServiceConfig());
  onShutdownSignal(service.logger, async () => {
    await service.stop();
    await telemetry()?.shutdown();
  });
  await service.start();
}

main().catch((error) => {
  // The message only: configuration errors name variables, never their values.
  console.error(JSON.stringify({ level: 'fatal', service: 'config-service', message: 'start failed', err: { message: (error as Error).message } }));
  process.exit(1);
});
