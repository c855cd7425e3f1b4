import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'net';
import { prefixedTopics } from '@gv/contracts';
import { KafkaConsumerServer } from '@gv/kafka';
import { startService } from '@gv/service-runtime';
import { createLogger, Logger } from '@gv/telemetry';
import type { DispatcherConfig } from './config';
import { AUDIT_CONSUMER, dispatcherGroups, RETRY_CONSUMER, SALE_ORDERS_CONSUMER } from './consumers/consumers.module';
import { InvoiceDispatcherModule } from './invoice-dispatcher.module';
import { LedgerStore } from './ledger/ledger-store';
import type { InvoiceDispatcherOverrides } from './runtime/overrides';

export type { InvoiceDispatcherOverrides } from './runtime/overrides';
export { dispatcherGroups } from './consumers/consumers.module';

/** A started invoice-dispatcher: what main.ts and the tests hold. */
export interface RunningInvoiceDispatcher {
  readonly app: INestApplication;
  readonly logger: Logger;
  /** The ledger (tests inspect it). */
  readonly ledger: LedgerStore;
  /** The bound HTTP port (health, metrics), or null once closed. */
  readonly httpPort: number | null;
  /** Resolves once the three consumers have joined their groups. */
  waitUntilJoined(timeoutMs?: number): Promise<void>;
  /** Consumers first, then the waker, the relay, credentials, Vhsys, the publisher and the database (lifecycle hooks). */
  stop(): Promise<void>;
}

/** Creates the Nest application, starts the three consumer groups and listens on DISPATCHER_HTTP_PORT. */
export async function startInvoiceDispatcher(config: DispatcherConfig, overrides: InvoiceDispatcherOverrides = {}): Promise<RunningInvoiceDispatcher> {
  const logger = overrides.logger ?? createLogger('invoice-dispatcher', config.LOG_LEVEL);
  const { app } = await startService({
    module: InvoiceDispatcherModule.forRoot(config, { ...overrides, logger }),
    logger,
    consumers: [SALE_ORDERS_CONSUMER, RETRY_CONSUMER, AUDIT_CONSUMER],
    http: { port: config.DISPATCHER_HTTP_PORT, host: config.HTTP_HOST },
  });
  const consumers = [SALE_ORDERS_CONSUMER, RETRY_CONSUMER, AUDIT_CONSUMER].map((token) => app.get<KafkaConsumerServer>(token));
  const running: RunningInvoiceDispatcher = {
    app,
    logger,
    ledger: app.get(LedgerStore),
    get httpPort() {
      const address = app.getHttpServer().address() as AddressInfo | null;
      return address ? address.port : null;
    },
    waitUntilJoined: async (timeoutMs = 30000) => {
      await Promise.all(consumers.map((server) => server.waitUntilJoined(timeoutMs)));
    },
    stop: () => app.close(),
  };
  logger.info({ port: running.httpPort, groups: dispatcherGroups(config.KAFKA_GROUP_PREFIX), topics: prefixedTopics(config.KAFKA_TOPIC_PREFIX) }, 'invoice-dispatcher started');
  return running;
}
