import 'reflect-metadata';
import { onShutdownSignal } from '@gv/service-runtime';
import { telemetry } from '@gv/telemetry';
import { loadConfigServiceConfig } from './config-service.config';
import { runReencryptCommand } from './reencrypt/reencrypt-command';
import { startConfigService } from './start-config-service';

async function main(): Promise<void> {
  const service = await startConfigService(loadConfigServiceConfig());
  // app.close() runs the lifecycle hooks; the spans are flushed after it.
  onShutdownSignal(service.logger, async () => {
    await service.stop();
    await telemetry()?.shutdown();
  });
}

/** `main.js reencrypt …` runs the re-encryption command instead of the service. */
async function command(): Promise<void> {
  const code = await runReencryptCommand(process.argv.slice(3));
  await telemetry()?.shutdown();
  process.exit(code);
}

(process.argv[2] === 'reencrypt' ? command() : main()).catch((error) => {
  // The message only: configuration errors name variables, never their values.
  console.error(JSON.stringify({ level: 'fatal', service: 'config-service', message: process.argv[2] === 'reencrypt' ? 'reencrypt failed' : 'start failed', err: { message: (error as Error).message } }));
  process.exit(1);
});
