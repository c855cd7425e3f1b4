import type { Logger } from '@gv/telemetry';

/**
 * Stops the service cleanly on SIGTERM/SIGINT (consumers leave their group, the outbox relay
 * finishes its batch, spans are flushed), with a hard deadline so a stuck dependency cannot keep
 * the process alive forever.
 */
export function onShutdownSignal(logger: Logger, close: () => Promise<void>, deadlineMs = 20000): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    close()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: { message: (error as Error).message } }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
