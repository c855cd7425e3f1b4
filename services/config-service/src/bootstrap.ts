import 'reflect-metadata';
import { onShutdownSignal } from '@gv/service-runtime';
import { telemetry } from '@gv/telemetry';
import { loadConfigServiceConfig } from './config-service.config';
import { startConfigService } from './start-config-service';

async function main(): Promise<void> {
  const service = await startConfigService(loadConfigServiceConfig());
  // app.close() runs the lifecycle hooks; the spans are flushed after it.
  onShutdownSignal(service.logger, async () => {
    await service.stop();
    await telemetry()?.shutdown();
  });
}

main().catch((error) => {
  // The message only: configuration errors name variables, never their values.
  console.error(JSON.stringify({ level: 'fatal', service: 'config-service', message: 'start failed', err: { message: (error as Error).message } }));
  process.exit(1);
});
