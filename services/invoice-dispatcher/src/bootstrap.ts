import 'reflect-metadata';
import { onShutdownSignal } from '@gv/service-runtime';
import { telemetry } from '@gv/telemetry';
import { loadDispatcherConfig } from './config';
import { startInvoiceDispatcher } from './start-invoice-dispatcher';

async function main(): Promise<void> {
  const dispatcher = await startInvoiceDispatcher(loadDispatcherConfig());
  // Not app.enableShutdownHooks(): the signal handler also flushes telemetry and bounds the shutdown.
  onShutdownSignal(dispatcher.logger, async () => {
    await dispatcher.stop();
    await telemetry()?.shutdown();
  });
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'invoice-dispatcher', message: 'start failed', err: { message: (error as Error).message } }));
  process.exit(1);
});
