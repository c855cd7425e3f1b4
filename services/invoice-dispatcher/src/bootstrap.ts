import 'reflect-metadata';
import { onShutdownSignal } from '@gv/service-runtime';
import { telemetry } from '@gv/telemetry';
import { loadDispatcherConfig } from './config';
import { InvoiceDispatcher } from './invoice-dispatcher';

async function main(): Promise<void> {
  const dispatcher = new InvoiceDispatcher(loadDispatcherConfig());
  onShutdownSignal(dispatcher.logger, async () => {
    await dispatcher.stop();
    await telemetry()?.shutdown();
  });
  await dispatcher.start();
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'invoice-dispatcher', message: 'start failed', err: { message: (error as Error).message } }));
  process.exit(1);
});
